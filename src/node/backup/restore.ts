// `restore <backup-folder>`: puts a backup in place as the library, never destroying the current one.
// The backup's files are copied into a hidden sibling of the library folder and each copy is checked
// against the manifest (size and SHA-256) before anything else happens. A library folder already there
// is then moved aside, whole, to a sibling named with the time ("<name>-before-restore-<time>"), and the
// checked copy takes its place; the daily backups (backups/) move back into the restored library.
// A library in use (the app or the server has it open) is refused: SQLite's locks say so.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LIBRARY_FILENAME, libraryFile } from '../library/open-library';
import { LATEST_VERSION } from '../library/migrations';
import { BACKED_UP_FOLDERS, BACKUPS_FOLDER, BackupError, checkFilesPresent, folderTimestamp, freeName, readManifest, sha256OfFile, type Manifest } from './manifest';

export interface RestoreOptions {
  /** The backup folder (with manifest.json). */
  backup: string;
  /** The library folder to restore into. */
  dataDir: string;
  now?: () => Date;
}

export interface RestoreResult {
  manifest: Manifest;
  dataDir: string;
  /** Where the library that was there went, or null when there was none. */
  movedAside: string | null;
  /** Whether backups/ came back from the moved-aside folder into the restored library. */
  backupsKept: boolean;
  files: number;
  bytes: number;
}

/**
 * Whether another connection (this process or another) has the database open. The app and the server keep
 * it open in WAL mode for as long as they run; an exclusive lock can then not be had. A file that is not a
 * database, or none at all, is not in use.
 */
export function libraryInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
  } finally {
    db?.close();
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Copies every file of the manifest into `staging`, checking each copy's size and hash. */
async function stageBackup(backup: string, manifest: Manifest, staging: string): Promise<number> {
  // Every file present with its size first, so a broken backup is refused before anything is copied.
  checkFilesPresent(backup, manifest);
  fs.mkdirSync(staging);
  for (const folder of BACKED_UP_FOLDERS) fs.mkdirSync(path.join(staging, folder));
  let total = 0;
  for (const f of manifest.files) {
    const target = path.join(staging, ...f.path.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await fs.promises.copyFile(path.join(backup, ...f.path.split('/')), target, fs.constants.COPYFILE_EXCL);
    // The copy is what will be the library: that is what must match.
    if (fs.statSync(target).size !== f.bytes || (await sha256OfFile(target)) !== f.sha256) {
      throw new BackupError('fileHashDiffers', `${f.path} differs from the file that was backed up (SHA-256 mismatch)`, { file: f.path });
    }
    total += f.bytes;
  }
  return total;
}

export async function restoreLibrary(opts: RestoreOptions): Promise<RestoreResult> {
  const backup = path.resolve(opts.backup);
  const dataDir = path.resolve(opts.dataDir);
  const manifest = readManifest(backup);
  if (manifest.schemaVersion > LATEST_VERSION) {
    throw new BackupError('newerBackup', `the backup is of library version ${manifest.schemaVersion}; this Qikan Studio knows up to ${LATEST_VERSION}`, {
      version: manifest.schemaVersion,
      latest: LATEST_VERSION,
    });
  }
  if (isInside(dataDir, backup)) throw new BackupError('restoreIntoBackup', `${dataDir} lies inside the backup ${backup}`, { folder: dataDir });
  if (fs.existsSync(dataDir) && !fs.statSync(dataDir).isDirectory()) throw new BackupError('targetNotFolder', `${dataDir} is not a folder`, { folder: dataDir });
  const inUse = () => {
    if (libraryInUse(libraryFile(dataDir))) throw new BackupError('libraryInUse', `the library in ${dataDir} is open in Qikan Studio or the server; close them first`, { folder: dataDir });
  };
  inUse();

  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(dataDir)}.restoring-${process.pid}-${randomBytes(4).toString('hex')}`);
  let movedAside: string | null = null;
  let bytes: number;
  try {
    bytes = await stageBackup(backup, manifest, staging);
    // The staged database alone is the library: no -wal or -shm of an earlier one may sit beside it.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(path.join(staging, LIBRARY_FILENAME + suffix), { force: true });

    if (fs.existsSync(dataDir)) {
      if (fs.readdirSync(dataDir).length === 0) {
        fs.rmdirSync(dataDir);
      } else {
        inUse(); // again: the app may have been started while the files were copied
        const stamp = folderTimestamp((opts.now ?? (() => new Date()))());
        movedAside = path.join(parent, freeName(parent, `${path.basename(dataDir)}-before-restore-${stamp}`));
        fs.renameSync(dataDir, movedAside);
      }
    }
    try {
      fs.renameSync(staging, dataDir);
    } catch (err) {
      if (movedAside) fs.renameSync(movedAside, dataDir);
      movedAside = null;
      throw err;
    }
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }

  let backupsKept = false;
  if (movedAside && fs.existsSync(path.join(movedAside, BACKUPS_FOLDER))) {
    try {
      fs.renameSync(path.join(movedAside, BACKUPS_FOLDER), path.join(dataDir, BACKUPS_FOLDER));
      backupsKept = true;
    } catch {
      // They stay with the moved-aside library, which the output names.
    }
  }
  return { manifest, dataDir, movedAside, backupsKept, files: manifest.files.length, bytes };
}
