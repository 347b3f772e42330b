import type { Command } from './command';
import { CliInputError } from '../context';
import { checkLibrary } from '../../backup/check';
import { withBackupErrors } from './backup';

/** check: the database's integrity and every photo file against its row; exits 1 when something is wrong. */
export const checkCommand: Command = {
  name: 'check',
  minArgs: 0,
  maxArgs: 0,
  async run(ctx) {
    ctx.io.out(ctx.t('check.heading', { folder: ctx.dataDir }));
    const r = await withBackupErrors(() => checkLibrary(ctx.dataDir));
    if (r.integrityProblems.length === 0) {
      ctx.io.out(ctx.t('check.integrityOk', { version: r.schemaVersion ?? '?' }));
    } else {
      ctx.io.out(ctx.t('check.integrityFailed'));
      for (const problem of r.integrityProblems.slice(0, 20)) ctx.io.out(ctx.t('check.integrityLine', { problem }));
    }
    ctx.io.out(ctx.t('check.photos', { rows: r.photoRows, hashed: r.hashChecked, placeholders: r.placeholders }));
    if (r.withoutHash) ctx.io.out(ctx.t('check.withoutHash', { count: r.withoutHash }));
    for (const p of r.missing) ctx.io.out(ctx.t('check.missing', { id: p.photoId, file: p.file }));
    for (const p of r.hashMismatch) ctx.io.out(ctx.t('check.hashMismatch', { id: p.photoId, file: p.file }));
    for (const p of r.sizeMismatch) ctx.io.out(ctx.t('check.sizeMismatch', { id: p.photoId, file: p.file, bytes: p.bytes, expected: p.expected }));
    for (const file of r.orphans) ctx.io.out(ctx.t('check.orphan', { file }));
    const problems = (r.integrityProblems.length ? 1 : 0) + r.missing.length + r.hashMismatch.length + r.sizeMismatch.length;
    if (!r.ok) throw new CliInputError('check.failed', { count: problems });
    ctx.io.out(r.orphans.length ? ctx.t('check.okWithOrphans', { count: r.orphans.length }) : ctx.t('check.ok'));
  },
};
