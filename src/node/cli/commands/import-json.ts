import fs from 'node:fs';
import { totalRemoved } from '../../../shared/unsafe-characters';
import path from 'node:path';
import type { Command } from './command';
import { CliInputError } from '../context';
import { issueTitle } from '../issue-name';
import { changeWithRecord } from '../record';
import { importIssueJsonText } from '../../import/issue-json';

export const importJsonCommand: Command = {
  name: 'import-json',
  flags: ['replace'],
  minArgs: 1,
  maxArgs: 1,
  run(ctx, args) {
    const file = path.resolve(args.positionals[0]!);
    let json: string;
    try {
      json = fs.readFileSync(file, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
      throw new CliInputError('cannotReadFile', { file, reason });
    }
    const service = ctx.service();
    const replace = args.flags.replace === true;
    const result = changeWithRecord(
      ctx.library().db,
      () => importIssueJsonText(ctx.library().db, json, { replace }),
      (r) => ({ action: 'cli:import-json', issueId: r.issueId, params: { file: path.basename(file), replace, sections: r.sections, articles: r.articles } }),
    );
    const outline = service.getIssueOutline({ issueId: result.issueId });
    ctx.io.out(ctx.t('imported', { issue: issueTitle(ctx.t, outline.issue), sections: result.sections, articles: result.articles }));
    const removed = result.removedCharacters;
    if (removed) ctx.io.out(ctx.t('manuscriptWarnings.unsafe_characters_removed', { ...removed, total: totalRemoved(removed) }));
  },
};
