// `check`: is the library whole? SQLite's integrity_check, then every photo row against its file: present,
// and matching the SHA-256 the row records (the originals are stored under that hash), or, for a row with no
// hash, the recorded size. Files in photos/ that no row names are listed too: they are harmless (replacing a
// placeholder's file keeps the old one), so they are reported without making the check fail.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LIBRARY_FILENAME, libraryFile } from '../library/open-library';
import { BUSY_TIMEOUT_MS } from '../library/database';
import { BackupError, listFiles, sha256OfFile } from './manifest';

const PHOTOS = 'photos';

export interface PhotoProblem {
  photoId: number;
  issueId: number;
  file: string;
}

export interface CheckReport {
  dataDir: string;
  /** integrity_check's lines other than "ok" (empty when the database is sound). */
  integrityProblems: string[];
  schemaVersion: number | null;
  /** Photo rows with a file. */
  photoRows: number;
  /** Rows whose file was compared with its recorded SHA-256. */
  hashChecked: number;
  /** Rows with no recorded hash: only presence (and size, when recorded) could be checked. */
  withoutHash: number;
  /** Rows without a file yet (placeholder frames). */
  placeholders: number;
  missing: PhotoProblem[];
  hashMismatch: PhotoProblem[];
  sizeMismatch: (PhotoProblem & { bytes: number; expected: number })[];
  /** Files under photos/ (relative to the library, e.g. photos/ab12….jpg) that no row names. */
  orphans: string[];
  /** No integrity problem, no missing or differing file (orphans do not count). */
  ok: boolean;
}

interface PhotoRow {
  id: number;
  issue_id: number;
  file: string | null;
  sha256: string | null;
  file_bytes: number | null;
}

function readRows(db: Database.Database): { integrity: string[]; version: number; rows: PhotoRow[] } {
  return db.transaction(() => {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    const version = db.pragma('user_version', { simple: true }) as number;
    const columns = new Set((db.pragma('table_info(photo)') as { name: string }[]).map((c) => c.name));
    if (columns.size === 0) return { integrity, version, rows: [] };
    const bytes = columns.has('file_bytes') ? 'file_bytes' : 'NULL AS file_bytes';
    const rows = db.prepare(`SELECT id, issue_id, file, sha256, ${bytes} FROM photo ORDER BY id`).all() as PhotoRow[];
    return { integrity, version, rows };
  })();
}

export async function checkLibrary(dataDirInput: string): Promise<CheckReport> {
  const dataDir = path.resolve(dataDirInput);
  const file = libraryFile(dataDir);
  if (!fs.existsSync(file)) throw new BackupError('noLibrary', `${dataDir} holds no library (${LIBRARY_FILENAME} is missing)`, { folder: dataDir });
  const report: CheckReport = {
    dataDir,
    integrityProblems: [],
    schemaVersion: null,
    photoRows: 0,
    hashChecked: 0,
    withoutHash: 0,
    placeholders: 0,
    missing: [],
    hashMismatch: [],
    sizeMismatch: [],
    orphans: [],
    ok: false,
  };
  let rows: PhotoRow[] = [];
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const read = readRows(db);
    report.integrityProblems = read.integrity;
    report.schemaVersion = read.version;
    rows = read.rows;
  } catch (err) {
    // Not a database, or too damaged to read at all: that is the finding.
    report.integrityProblems = [err instanceof Error ? err.message : String(err)];
  } finally {
    db?.close();
  }

  const hashes = new Map<string, string | null>(); // file → its SHA-256, null when missing
  const hashOf = async (absolute: string): Promise<string | null> => {
    if (!hashes.has(absolute)) hashes.set(absolute, fs.existsSync(absolute) && fs.statSync(absolute).isFile() ? await sha256OfFile(absolute) : null);
    return hashes.get(absolute)!;
  };
  const referenced = new Set<string>();
  for (const row of rows) {
    if (row.file === null) {
      report.placeholders++;
      continue;
    }
    report.photoRows++;
    const absolute = path.resolve(dataDir, row.file);
    referenced.add(path.relative(dataDir, absolute).split(path.sep).join('/'));
    const problem = { photoId: row.id, issueId: row.issue_id, file: row.file };
    if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) {
      report.missing.push(problem);
      continue;
    }
    if (row.sha256) {
      report.hashChecked++;
      if ((await hashOf(absolute)) !== row.sha256.toLowerCase()) report.hashMismatch.push(problem);
      continue;
    }
    report.withoutHash++;
    const bytes = fs.statSync(absolute).size;
    if (row.file_bytes !== null && bytes !== row.file_bytes) report.sizeMismatch.push({ ...problem, bytes, expected: row.file_bytes });
  }
  report.orphans = listFiles(path.join(dataDir, PHOTOS))
    .map((f) => `${PHOTOS}/${f}`)
    .filter((f) => !referenced.has(f));
  report.ok = report.integrityProblems.length === 0 && report.missing.length === 0 && report.hashMismatch.length === 0 && report.sizeMismatch.length === 0;
  return report;
}
