// `backup <folder>` and the server's daily backup: a consistent copy of the library while the app or the
// server may be writing to it. The database goes through SQLite's online backup API (a snapshot of one
// moment, whatever other connections do meanwhile); photos and fonts are copied after it, so every file
// the copied rows name is there (photos are stored before their row is written, and never changed).
// Everything is written into a hidden sibling folder that gets the final name only once the manifest is
// in it: an interrupted backup never looks complete.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LIBRARY_FILENAME, libraryFile } from '../library/open-library';
import { BUSY_TIMEOUT_MS } from '../library/database';
import {
  BACKED_UP_FOLDERS,
  BackupError,
  isPartialFile,
  listFiles,
  MANIFEST_FILENAME,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  sha256OfFile,
  type Manifest,
  type ManifestFile,
} from './manifest';

/** Pages copied per step (4 MB at SQLite's default page size); the event loop runs between steps. */
const STEP_PAGES = 1024;
/** "All remaining pages in one step": once a writer has made the copy start over, it is finished in one go. */
const ALL_PAGES = 0x7fffffff;

export interface BackupOptions {
  /** The library folder. */
  dataDir: string;
  /** The backup folder to create (absent, or an empty folder). */
  dest: string;
  now?: () => Date;
  /** Pages per backup step (tests make it small to interleave with a writer). */
  stepPages?: number;
}

export interface BackupResult {
  folder: string;
  manifest: Manifest;
  databaseBytes: number;
  photos: number;
  fonts: number;
  totalBytes: number;
  /** Files named by photo rows of the copied database that the library itself lacks (run `check`). */
  missingPhotos: string[];
  /** How many times a writer made SQLite start the copy over. */
  restarts: number;
  ms: number;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function fsyncPath(p: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Folders cannot be synced on every system (Windows); the files themselves were.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Refuses a destination that exists and is not an empty folder, or that lies inside what is copied. */
function checkDestination(dataDir: string, dest: string): void {
  if (isInside(dataDir, dest)) throw new BackupError('destInsideLibrary', `${dest} holds the library itself`, { folder: dest });
  for (const folder of BACKED_UP_FOLDERS) {
    if (isInside(dest, path.join(dataDir, folder))) throw new BackupError('destInsideLibrary', `${dest} lies inside the library's ${folder}/`, { folder: dest });
  }
  if (!fs.existsSync(dest)) return;
  if (!fs.statSync(dest).isDirectory() || fs.readdirSync(dest).length > 0) {
    throw new BackupError('destNotEmpty', `${dest} already exists and is not an empty folder; give a new folder`, { folder: dest });
  }
}

/** Copies the database through the online backup API, restarting in one step if a writer keeps restarting it. */
async function copyDatabase(source: string, target: string, stepPages: number): Promise<number> {
  let db: Database.Database;
  try {
    db = new Database(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new BackupError('databaseUnreadable', `${source}: ${err instanceof Error ? err.message : String(err)}`, { file: source });
  }
  let restarts = 0;
  try {
    let lastRemaining = Infinity;
    let oneStep = false;
    await db.backup(target, {
      progress: ({ remainingPages }) => {
        // More pages left than after the step before: another connection wrote and SQLite started over.
        if (remainingPages > lastRemaining) {
          restarts++;
          oneStep = true;
        }
        lastRemaining = remainingPages;
        return oneStep ? ALL_PAGES : stepPages;
      },
    });
  } catch (err) {
    throw new BackupError('databaseUnreadable', `${source}: ${err instanceof Error ? err.message : String(err)}`, { file: source });
  } finally {
    db.close();
  }
  return restarts;
}

interface CopiedFacts {
  schemaVersion: number;
  libraryId: string | null;
  photoFiles: string[];
}

/** Checks the copy and makes it one self-contained file (rollback journal, so no -wal/-shm are needed to read it). */
function checkCopy(file: string): CopiedFacts {
  const db = new Database(file, { fileMustExist: true });
  try {
    const problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length) {
      throw new BackupError('copyDamaged', `the copied database fails integrity_check: ${problems.slice(0, 3).join('; ')}`, { problems: problems.slice(0, 3).join('; ') });
    }
    db.pragma('journal_mode = DELETE');
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const libraryId = tables.has('library_meta')
      ? ((db.prepare("SELECT value FROM library_meta WHERE key = 'library_id'").get() as { value: string } | undefined)?.value ?? null)
      : null;
    const photoFiles = tables.has('photo')
      ? (db.prepare('SELECT DISTINCT file FROM photo WHERE file IS NOT NULL ORDER BY file').all() as { file: string }[]).map((r) => r.file)
      : [];
    return { schemaVersion: db.pragma('user_version', { simple: true }) as number, libraryId, photoFiles };
  } finally {
    db.close();
  }
}

async function describeFile(folder: string, relative: string): Promise<ManifestFile> {
  const file = path.join(folder, ...relative.split('/'));
  fsyncPath(file);
  return { path: relative, bytes: fs.statSync(file).size, sha256: await sha256OfFile(file) };
}

export async function backupLibrary(opts: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const dataDir = path.resolve(opts.dataDir);
  const dest = path.resolve(opts.dest);
  const source = libraryFile(dataDir);
  if (!fs.existsSync(source)) throw new BackupError('noLibrary', `${dataDir} holds no library (${LIBRARY_FILENAME} is missing)`, { folder: dataDir });
  checkDestination(dataDir, dest);
  const parent = path.dirname(dest);
  fs.mkdirSync(parent, { recursive: true });
  const temporary = path.join(parent, `.${path.basename(dest)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(temporary);
  try {
    const createdAt = (opts.now ?? (() => new Date()))().toISOString();
    const restarts = await copyDatabase(source, path.join(temporary, LIBRARY_FILENAME), opts.stepPages ?? STEP_PAGES);
    const facts = checkCopy(path.join(temporary, LIBRARY_FILENAME));

    const copied: string[] = [];
    for (const folder of BACKED_UP_FOLDERS) {
      fs.mkdirSync(path.join(temporary, folder));
      for (const relative of listFiles(path.join(dataDir, folder))) {
        if (isPartialFile(path.posix.basename(relative))) continue;
        const target = path.join(temporary, folder, ...relative.split('/'));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        try {
          await fs.promises.copyFile(path.join(dataDir, folder, ...relative.split('/')), target, fs.constants.COPYFILE_EXCL);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // gone since the listing
          throw err;
        }
        copied.push(`${folder}/${relative}`);
      }
    }
    const present = new Set(copied);
    const missingPhotos = facts.photoFiles.filter((f) => !present.has(f));

    const files = [await describeFile(temporary, LIBRARY_FILENAME)];
    for (const relative of copied) files.push(await describeFile(temporary, relative));
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      libraryId: facts.libraryId,
      schemaVersion: facts.schemaVersion,
      createdAt,
      source: dataDir,
      database: LIBRARY_FILENAME,
      files,
    };
    const manifestFile = path.join(temporary, MANIFEST_FILENAME);
    fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
    fsyncPath(manifestFile);
    for (const folder of BACKED_UP_FOLDERS) fsyncPath(path.join(temporary, folder));
    fsyncPath(temporary);

    // An empty folder given as the destination gives way to the finished backup.
    if (fs.existsSync(dest)) fs.rmdirSync(dest);
    fs.renameSync(temporary, dest);
    fsyncPath(parent);
    return {
      folder: dest,
      manifest,
      databaseBytes: files[0]!.bytes,
      photos: copied.filter((f) => f.startsWith('photos/')).length,
      fonts: copied.filter((f) => f.startsWith('fonts/')).length,
      totalBytes: files.reduce((n, f) => n + f.bytes, 0),
      missingPhotos,
      restarts,
      ms: performance.now() - started,
    };
  } catch (err) {
    fs.rmSync(temporary, { recursive: true, force: true });
    throw err;
  }
}
