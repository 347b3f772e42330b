// The issue library: one folder holding library.sqlite plus photos/ and fonts/.

import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { importIssueJsonText } from '../import/issue-json';
import { findResourcesDir, SAMPLE_ISSUE_FILENAME } from '../paths';
import { openDatabase, type OpenDatabaseOptions } from './database';

export const LIBRARY_FILENAME = 'library.sqlite';

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

export function openLibrary(opts: OpenLibraryOptions): Library {
  const dir = path.resolve(opts.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const db = openDatabase(libraryFile(dir), opts);
  try {
    fs.mkdirSync(path.join(dir, 'photos'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'fonts'), { recursive: true });
    if (opts.seedSample !== false) {
      const { n } = db.prepare('SELECT count(*) AS n FROM issue').get() as { n: number };
      if (n === 0) {
        const sample = path.join(opts.resourcesDir ?? findResourcesDir(), SAMPLE_ISSUE_FILENAME);
        importIssueJsonText(db, fs.readFileSync(sample, 'utf8'));
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
    },
  };
}
