// Opening library.sqlite safely. A file that is not a SQLite database, or one that fails quick_check, is
// refused before anything writes to it: the header is read first, then the integrity check runs on an
// in-memory copy, so the user's file stays byte-identical and no -wal/-shm files appear next to it.
//
// Durability: WAL with synchronous=NORMAL. A transaction is in the WAL file (written by the OS) when
// commit returns, so it survives the app being killed (SIGKILL, crash); only an OS crash or power loss
// can lose the last few commits, which FULL would guard at the price of an fsync per save.

import fs from 'node:fs';
import Database from 'better-sqlite3';
import { QikanError } from '../../shared/errors';
import { LATEST_VERSION, migrate } from './migrations';
import { writeFileAtomically } from '../export/atomic-write';
import { PRIVATE_FILE_MODE } from './private-files';
import { readTransaction } from './transaction';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const SQLITE_HEADER_SIZE = 100;
/** How long a writer waits for another process's write to end: longer than the largest import of a
 *  whole issue takes, so a save made meanwhile waits instead of failing. */
export const BUSY_TIMEOUT_MS = 20_000;

export type UnreadableReason = 'not_a_database' | 'corrupt' | 'newer_version' | 'cannot_open';

function unreadable(file: string, reason: UnreadableReason, why: string): QikanError {
  return new QikanError('library_unreadable', `${file}: ${why}`, { file, reason });
}

function readHeader(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER_SIZE);
    const n = fs.readSync(fd, header, 0, SQLITE_HEADER_SIZE, 0);
    return header.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

function quickCheck(db: Database.Database): string | null {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  return problems.length ? problems.slice(0, 3).join('; ') : null;
}

/** Refuses a file whose header is not SQLite's; an empty file is what SQLite itself creates. */
function checkHeader(file: string): void {
  const header = readHeader(file);
  if (header.length === 0) return;
  if (header.length < SQLITE_HEADER_SIZE || !header.subarray(0, 16).equals(SQLITE_HEADER)) {
    throw unreadable(file, 'not_a_database', 'not a SQLite database (wrong file header)');
  }
}

/** Checks a database file that no one has open, without writing to it or next to it. */
function checkClosedFile(file: string): void {
  if (fs.statSync(file).size === 0) return;
  let copy: Database.Database | undefined;
  try {
    const image = fs.readFileSync(file);
    // Bytes 18-19 say "WAL mode"; an in-memory database cannot use WAL, so the copy says "rollback journal".
    image[18] = 1;
    image[19] = 1;
    copy = new Database(image);
    const problem = quickCheck(copy);
    if (problem) throw unreadable(file, 'corrupt', `damaged database (quick_check: ${problem})`);
    const version = copy.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) {
      throw unreadable(file, 'newer_version', `written by a newer Qikan Studio (library version ${version}, this app knows up to ${LATEST_VERSION})`);
    }
  } catch (err) {
    if (err instanceof QikanError) throw err;
    throw unreadable(file, 'corrupt', `damaged database (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    copy?.close();
  }
}

export interface OpenDatabaseOptions {
  /** Stop migrating at this version (tests build old libraries with it). */
  migrateUpTo?: number;
  /** Where the stamp of the file as last checked or closed is kept (see recordVerified); absent:
   *  every open checks the whole file. */
  verifiedStamp?: string;
}

// The check of a closed file reads the whole library into memory: a library of some years' issues
// would make every start of the app or the command line pay for its size. A file whose size, mtime
// and inode are those it had when this app last closed it (the last connection, so the -wal was
// folded in) or checked it has not been written since, and is not read whole again; any write, a
// restored or copied file, or a missing or unreadable stamp means a full check. `qikan check` still
// runs SQLite's full integrity check whenever it is asked.
function stampOf(file: string): string {
  const st = fs.statSync(file, { bigint: true });
  return `${st.size}|${st.mtimeNs}|${st.ino}|${st.dev}`;
}

function matchesStamp(file: string, stampFile: string): boolean {
  try {
    return fs.readFileSync(stampFile, 'utf8') === stampOf(file);
  } catch {
    return false;
  }
}

/** Records the library file as it is now, once no one has it open (no -wal beside it): called on close. */
export function recordVerified(file: string, stampFile: string): void {
  try {
    if (fs.existsSync(`${file}-wal`)) return; // another process has it open, or a checkpoint is pending
    writeFileAtomically(stampFile, Buffer.from(stampOf(file)), PRIVATE_FILE_MODE);
  } catch {
    // No stamp (a read-only library): the next open checks the whole file, as without one.
  }
}

/** Opens (creating if needed) a library database, checked and migrated to the latest version. */
/** Distinct SQL texts whose statements are kept (the code has about two hundred). */
const STATEMENTS_KEPT = 512;

/**
 * db.prepare gives the statement prepared before for the same SQL: the preview's layout reads the
 * issue on every pause in typing through a dozen queries, and preparing them anew cost more than
 * running them. Safe here because no code changes a statement's mode (pluck, raw, expand) or keeps
 * an iterator open on one.
 */
function reusePreparedStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = kept.get(sql);
    if (!statement) {
      statement = prepare(sql);
      if (kept.size >= STATEMENTS_KEPT) kept.clear();
      kept.set(sql, statement);
    }
    return statement;
  }) as typeof db.prepare;
}

export function openDatabase(file: string, opts: OpenDatabaseOptions = {}): Database.Database {
  const existed = fs.existsSync(file);
  if (existed) checkHeader(file);
  // A -wal file means another process has the library open (the app while the CLI runs) or one was killed
  // with saves not yet checkpointed. Then the main file alone is not the database (and may be written
  // while we read it), so the check runs through SQLite, in a read transaction for a consistent snapshot.
  const hadWal = existed && fs.existsSync(`${file}-wal`);
  const unchanged = existed && !hadWal && opts.verifiedStamp !== undefined && matchesStamp(file, opts.verifiedStamp);
  if (existed && !hadWal && !unchanged) checkClosedFile(file);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw unreadable(file, 'cannot_open', err instanceof Error ? err.message : String(err));
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (hadWal) {
      // Deferred on purpose: it only reads, and a read transaction needs no write lock (one snapshot
      // while another process writes).
      const problem = readTransaction(db, () => quickCheck(db));
      if (problem) throw unreadable(file, 'corrupt', `damaged database (quick_check: ${problem})`);
    }
    if (hadWal || unchanged) {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > LATEST_VERSION) {
        throw unreadable(file, 'newer_version', `written by a newer Qikan Studio (library version ${version}, this app knows up to ${LATEST_VERSION})`);
      }
    }
    migrate(db, opts.migrateUpTo ?? LATEST_VERSION);
    reusePreparedStatements(db);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof QikanError) throw err;
    throw unreadable(file, 'corrupt', err instanceof Error ? err.message : String(err));
  }
}
