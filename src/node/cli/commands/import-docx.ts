// import-docx (and, through the same factory, import-text): bring a manuscript into a section as a new article, or with --article
// over an existing article's body. The same reader, checks and refusal texts as the app's import dialog.

import fs from 'node:fs';
import path from 'node:path';
import type { TFunction } from 'i18next';
import type { ManuscriptPreview } from '../../../shared/desk';
import { QikanError } from '../../../shared/errors';
import type { IssueOutline, SectionOutline } from '../../../shared/model';
import { commitManuscriptFile } from '../../import/manuscript/commit-manuscript';
import { CliInputError, CliUsageError, type CliContext } from '../context';
import { findIssue } from '../issue-name';
import { recordCli, refuseIfFrozen } from '../record';
import type { Command, ParsedArgs } from './command';

const EXTENSIONS = { docx: ['.docx'], text: ['.txt', '.md', '.markdown', '.text'] } as const;

/** The section by its number in the issue (1 = first) or by its name. */
export function findSection(outline: IssueOutline, value: string): SectionOutline {
  const byNumber = /^\d+$/u.test(value) ? outline.sections[Number(value) - 1] : undefined;
  const found = byNumber ?? outline.sections.find((s) => s.name === value.trim());
  if (!found) throw new CliInputError('sectionNotFound', { value, sections: outline.sections.map((s, i) => `${i + 1} ${s.name}`).join('，') });
  return found;
}

/** A refusal worded as the app words it: the file and the problem, in the reader's language. */
export function manuscriptRefusal(t: TFunction, err: QikanError): CliInputError | null {
  const reason = err.details.reason;
  if (err.code !== 'import_invalid' || reason === undefined) return null;
  const key = `errors:manuscript.reasons.${String(reason)}`;
  if (t(key) === key) return null;
  return new CliInputError('errors:manuscript.refused', { file: String(err.details.file ?? ''), reason: t(key) });
}

function report(ctx: CliContext, preview: ManuscriptPreview, photoIds: number[]): void {
  const { t, io } = ctx;
  const count = (type: string) => preview.blocks.filter((b) => b.type === type).length;
  io.out(t('manuscriptCounts', { blocks: preview.blocks.length, headings: count('heading'), notes: count('note'), images: photoIds.length, joins: preview.joins.length }));
  preview.joins.forEach((j, i) => io.out(t('manuscriptJoin', { index: i, before: j.before, after: j.after })));
  for (const w of preview.warnings) io.out(t(`manuscriptWarnings.${w.code}`, w.params));
  if (photoIds.length > 0) io.out(t('manuscriptPhotosWithoutCredit', { ids: photoIds.join(t('listSeparator')) }));
}

export function createManuscriptCommand(name: 'import-docx' | 'import-text', kind: keyof typeof EXTENSIONS): Command {
  return {
    name,
    options: ['article', 'reject-join'],
    minArgs: 3,
    maxArgs: 3,
    async run(ctx, args: ParsedArgs) {
      const [issueName, sectionName, fileArg] = args.positionals as [string, string, string];
      const file = path.resolve(fileArg);
      const extension = path.extname(file).toLowerCase();
      if (!(EXTENSIONS[kind] as readonly string[]).includes(extension)) {
        throw new CliUsageError('wrongManuscriptKind', { file: path.basename(file), extensions: EXTENSIONS[kind].join(' '), command: name });
      }
      const rejectedJoins = (args.options['reject-join'] ?? '')
        .split(',')
        .filter((s) => s.trim() !== '')
        .map((s) => {
          const n = Number(s);
          if (!Number.isInteger(n) || n < 0) throw new CliUsageError('badJoinList', { value: args.options['reject-join']! });
          return n;
        });
      const issue = findIssue(ctx.service().listIssues({}), issueName);
      const outline = ctx.service().getIssueOutline({ issueId: issue.id });
      const section = findSection(outline, sectionName);
      let target: { articleId: number; baseRevision: number } | undefined;
      const article = args.options.article;
      if (article !== undefined) {
        // The article's number in issue order (1 = the first article), or its key from the issue JSON (a04), as import-photo takes it.
        const articles = outline.sections.flatMap((s) => s.articles);
        const found = /^\d+$/u.test(article) ? articles[Number(article) - 1] : articles.find((a) => a.key === article);
        if (!found) throw new CliInputError('articleNotFound', { value: article, count: articles.length });
        if (found.sectionId !== section.id) throw new CliInputError('articleNotInSection', { value: article, section: section.name });
        // The revision read here: a save by someone else in between is refused, not overwritten.
        target = { articleId: found.id, baseRevision: found.revision };
      }
      refuseIfFrozen(ctx.library().db, issue.id);
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (err) {
        throw new CliInputError('cannotReadFile', { file, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
      }
      try {
        const { article: saved, read, photoIds } = await commitManuscriptFile(ctx.library(), {
          sectionId: section.id,
          fileName: path.basename(file),
          bytes,
          rejectedJoins,
          ...target,
        });
        recordCli(ctx.library().db, {
          action: `cli:${name}`,
          issueId: issue.id,
          articleId: saved.id,
          params: { section: section.name, file: path.basename(file), replaced: target !== undefined, photos: photoIds.length },
        });
        const title = saved.titleLines.join(' ');
        ctx.io.out(ctx.t(target === undefined ? 'manuscriptImported' : 'manuscriptReplaced', { title, section: section.name, file: path.basename(file) }));
        if (read.preview.encoding) ctx.io.out(ctx.t('manuscriptEncoding', { encoding: read.preview.encoding }));
        report(ctx, read.preview, photoIds);
      } catch (err) {
        if (err instanceof QikanError) throw manuscriptRefusal(ctx.t, err) ?? err;
        throw err;
      }
    },
  };
}

export const importDocxCommand = createManuscriptCommand('import-docx', 'docx');
