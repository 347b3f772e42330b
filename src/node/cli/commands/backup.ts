import path from 'node:path';
import type { Command } from './command';
import { CliInputError } from '../context';
import { backupLibrary } from '../../backup/backup';
import { BackupError } from '../../backup/manifest';

/** Runs a backup-module step, turning its refusals into the worded messages of cli.json (backupErrors.<reason>). */
export async function withBackupErrors<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof BackupError) throw new CliInputError(`backupErrors.${err.reason}`, err.params);
    throw err;
  }
}

export function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/** backup <folder>: a consistent copy of the library (database, photos, fonts, manifest) into a new folder. */
export const backupCommand: Command = {
  name: 'backup',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, args) {
    const folder = path.resolve(args.positionals[0]!);
    ctx.io.out(ctx.t('backup.start', { library: ctx.dataDir, folder }));
    const r = await withBackupErrors(() => backupLibrary({ dataDir: ctx.dataDir, dest: folder }));
    ctx.io.out(
      ctx.t('backup.done', {
        folder: r.folder,
        databaseMegabytes: megabytes(r.databaseBytes),
        version: r.manifest.schemaVersion,
        photos: r.photos,
        fonts: r.fonts,
        files: r.manifest.files.length,
        megabytes: megabytes(r.totalBytes),
        seconds: (r.ms / 1000).toFixed(1),
      }),
    );
    if (r.missingPhotos.length) ctx.io.out(ctx.t('backup.missingPhotos', { count: r.missingPhotos.length }));
  },
};
