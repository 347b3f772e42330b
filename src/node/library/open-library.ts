// The issue library: one folder holding library.sqlite plus photos/, fonts/ and cache/, private to the user.

import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { importIssueJsonText } from '../import/issue-json';
import { findResourcesDir, SAMPLE_ISSUE_FILENAME } from '../paths';
import { openDatabase, recordVerified, type OpenDatabaseOptions } from './database';
import { makePrivateDir, makePrivateFile, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tighten } from './private-files';
import { writeTransaction } from './transaction';
import { cleanUpAfterCrash } from './startup-cleanup';

export const LIBRARY_FILENAME = 'library.sqlite';
/** In cache/: the library file as this app last left it (library/database.ts). */
export const VERIFIED_STAMP_FILENAME = 'library-verified';

export interface Library {
  readonly dir: string;
  readonly db: Database.Database;
  close(): void;
}

export interface OpenLibraryOptions extends OpenDatabaseOptions {
  dataDir: string;
  resourcesDir?: string;
  /** Import the sample issue into a library without issues (default true). */
  seedSample?: boolean;
}

export function libraryFile(dataDir: string): string {
  return path.join(dataDir, LIBRARY_FILENAME);
}

/** The folders a library has from the start; all private to the user (library/private-files.ts). */
const LIBRARY_FOLDERS = ['photos', 'fonts', 'cache'];

export function openLibrary(opts: OpenLibraryOptions): Library {
  const dir = path.resolve(opts.dataDir);
  makePrivateDir(dir);
  const file = libraryFile(dir);
  // Made 0600 before SQLite opens it: SQLite gives its -wal and -shm the main file's mode.
  makePrivateFile(file);
  const stampFile = path.join(dir, 'cache', VERIFIED_STAMP_FILENAME);
  const db = openDatabase(file, { verifiedStamp: stampFile, ...opts });
  try {
    for (const f of [`${file}-wal`, `${file}-shm`]) tighten(f, PRIVATE_FILE_MODE);
    for (const folder of LIBRARY_FOLDERS) makePrivateDir(path.join(dir, folder));
    // Folders made later, when something is first written there (library/private-files.ts makes them 0700).
    for (const folder of ['exports', 'backups']) tighten(path.join(dir, folder), PRIVATE_DIR_MODE);
    cleanUpAfterCrash(dir); // temporary files and export jobs of processes killed while they wrote
    if (opts.seedSample !== false) {
      const empty = () => (db.prepare('SELECT count(*) AS n FROM issue').get() as { n: number }).n === 0;
      // Counted again under the write lock: two processes opening a new library seed it once.
      if (empty()) {
        writeTransaction(db, () => {
          if (!empty()) return;
          const sample = path.join(opts.resourcesDir ?? findResourcesDir(), SAMPLE_ISSUE_FILENAME);
          importIssueJsonText(db, fs.readFileSync(sample, 'utf8'));
        });
      }
    }
  } catch (err) {
    db.close();
    throw err;
  }
  let closed = false;
  return {
    dir,
    db,
    close() {
      if (closed) return;
      closed = true;
      db.close();
      recordVerified(file, stampFile);
    },
  };
}
