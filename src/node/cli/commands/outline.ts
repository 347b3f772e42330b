import type { Command } from './command';
import { findIssue, issueTitle } from '../issue-name';

export const outlineCommand: Command = {
  name: 'outline',
  minArgs: 1,
  maxArgs: 1,
  run(ctx, args) {
    const service = ctx.service();
    const issue = findIssue(service.listIssues({}), args.positionals[0]!);
    const outline = service.getIssueOutline({ issueId: issue.id });
    ctx.io.out(issueTitle(ctx.t, outline.issue));
    let totalChars = 0;
    let totalArticles = 0;
    outline.sections.forEach((section, s) => {
      const chars = section.articles.reduce((n, a) => n + a.charCount, 0);
      ctx.io.out(ctx.t('outlineSection', { index: s + 1, name: section.name, articles: section.articles.length, chars }));
      section.articles.forEach((a, i) =>
        ctx.io.out(ctx.t('outlineArticle', { index: i + 1, title: a.titleLines.join(' '), chars: a.charCount })),
      );
      totalChars += chars;
      totalArticles += section.articles.length;
    });
    ctx.io.out(ctx.t('outlineTotal', { sections: outline.sections.length, articles: totalArticles, chars: totalChars }));
  },
};
