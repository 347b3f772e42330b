// Transactions on a library that several processes share (the desktop app or the server, and the
// command line, on one library.sqlite).
//
// The rule: a transaction that may write is BEGIN IMMEDIATE, through writeTransaction. A deferred
// transaction (better-sqlite3's default) starts as a reader and takes the write lock at its first
// write; if another process holds that lock or has committed since this one's snapshot, SQLite
// cannot wait without breaking the snapshot, so it fails at once with SQLITE_BUSY ("database is
// locked") and the busy timeout never applies. BEGIN IMMEDIATE takes the write lock first, and that
// wait is what the busy timeout covers.
//
// readTransaction is for a read that wants one consistent snapshot and never writes. Nested inside
// another transaction, both become a savepoint of the outer one, so the outer one decides: a write
// transaction must not be opened inside a read transaction.

import type Database from 'better-sqlite3';

/** Runs `fn` in a BEGIN IMMEDIATE transaction (a savepoint inside a running transaction). */
export function writeTransaction<T>(db: Database.Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** Runs `fn`, which only reads, in a deferred transaction: one snapshot, no write lock. */
export function readTransaction<T>(db: Database.Database, fn: () => T): T {
  return db.transaction(fn).deferred();
}
