import type { Command } from './command';
import { issueTitle } from '../issue-name';

export const listCommand: Command = {
  name: 'list',
  minArgs: 0,
  maxArgs: 0,
  run(ctx) {
    const issues = ctx.service().listIssues({});
    if (issues.length === 0) ctx.io.out(ctx.t('listEmpty'));
    for (const i of issues) {
      ctx.io.out(
        ctx.t('listLine', {
          issue: issueTitle(ctx.t, i),
          status: ctx.t(`status.${i.status}`),
          sections: i.sectionCount,
          articles: i.articleCount,
        }),
      );
    }
  },
};
