import path from 'node:path';
import type { Command } from './command';
import { restoreLibrary } from '../../backup/restore';
import { BACKUPS_FOLDER } from '../../backup/manifest';
import { megabytes, withBackupErrors } from './backup';

/** The backup's time as the office reads clocks: 2026-01-07 15:30:12, local time. */
function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** restore <backup-folder>: checks the backup against its manifest, then makes it the library of --data,
 *  moving a library already there aside (never deleting it). */
export const restoreCommand: Command = {
  name: 'restore',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, args) {
    const backup = path.resolve(args.positionals[0]!);
    const r = await withBackupErrors(() => restoreLibrary({ backup, dataDir: ctx.dataDir }));
    ctx.io.out(
      ctx.t('restore.verified', {
        folder: backup,
        time: localTime(r.manifest.createdAt),
        version: r.manifest.schemaVersion,
        files: r.files,
        megabytes: megabytes(r.bytes),
      }),
    );
    if (r.movedAside) ctx.io.out(ctx.t('restore.movedAside', { folder: r.dataDir, aside: r.movedAside }));
    if (r.backupsKept) ctx.io.out(ctx.t('restore.backupsKept', { folder: path.join(r.dataDir, BACKUPS_FOLDER) }));
    ctx.io.out(ctx.t('restore.done', { folder: r.dataDir }));
  },
};
