import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QikanError } from '../../src/shared/errors';
import { openDatabase } from '../../src/node/library/database';
import { LATEST_VERSION, MIGRATIONS } from '../../src/node/library/migrations';
import { importIssueJsonText } from '../../src/node/import/issue-json';
import { libraryFile, openLibrary, VERIFIED_STAMP_FILENAME } from '../../src/node/library/open-library';
import { createLibraryService } from '../../src/node/services/library-service';
import { countRows, openSampleLibrary, removeTempDirs, RESOURCES_DIR, SAMPLE_TEXT, snapshot, tempDir } from './helpers';

afterEach(removeTempDirs);

function expectUnreadable(fn: () => unknown, reason: string): QikanError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(QikanError);
    const e = err as QikanError;
    expect(e.code).toBe('library_unreadable');
    expect(e.details.reason).toBe(reason);
    return e;
  }
  throw new Error('expected the library to be refused');
}

describe('library store', () => {
  it('creates an empty library at the latest version with WAL and foreign keys on', () => {
    const dir = tempDir();
    const lib = openLibrary({ dataDir: path.join(dir, 'nested', 'lib'), seedSample: false });
    try {
      expect(lib.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(LATEST_VERSION).toBeGreaterThanOrEqual(2);
      expect(lib.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(lib.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(countRows(lib.db, 'issue')).toBe(0);
      expect(fs.existsSync(path.join(lib.dir, 'photos'))).toBe(true);
      expect(fs.existsSync(path.join(lib.dir, 'fonts'))).toBe(true);
      // Foreign keys are enforced, not just declared.
      expect(() => lib.db.prepare("INSERT INTO section (issue_id, position, name) VALUES (999, 0, 'x')").run()).toThrow(/FOREIGN KEY/);
    } finally {
      lib.close();
    }
  });

  it('imports the sample issue into a new library and not again on the next open', () => {
    const dir = tempDir();
    const first = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    expect(countRows(first.db, 'issue')).toBe(1);
    expect(countRows(first.db, 'article')).toBe(23);
    first.close();
    const second = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    expect(countRows(second.db, 'issue')).toBe(1);
    second.close();
  });

  it('migrates a version-1 library to the latest version and keeps its data', () => {
    const dir = tempDir();
    const file = libraryFile(dir);
    const v1 = openDatabase(file, { migrateUpTo: 1 });
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    expect(v1.prepare("SELECT name FROM sqlite_master WHERE name = 'article_search'").get()).toBeUndefined();
    importIssueJsonText(v1, SAMPLE_TEXT);
    v1.prepare("UPDATE article SET notes = 'kept across the migration' WHERE key = 'a05'").run();
    const before = snapshot(v1);
    v1.close();

    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    try {
      expect(lib.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      const after = snapshot(lib.db);
      // Same rows with the same values; later migrations may add columns to them.
      for (const table of Object.keys(before)) expect(after[table], table).toMatchObject(before[table]!);
      // Migration 2 filled the full-text index from the existing articles.
      expect(countRows(lib.db, 'article_search')).toBe(23);
      const hit = lib.db.prepare("SELECT rowid FROM article_search WHERE article_search MATCH '首钢园'").all() as { rowid: number }[];
      const keys = hit.map((h) => (lib.db.prepare('SELECT key FROM article WHERE id = ?').get(h.rowid) as { key: string }).key);
      expect(keys).toContain('a13');
      expect(createLibraryService(lib).listIssues({})).toHaveLength(1);
    } finally {
      lib.close();
    }
  });

  it('runs every migration in order, each numbered one above the last', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
  });

  it('opens a library another connection holds open (the app while the command line runs)', () => {
    const dir = tempDir();
    const app = openSampleLibrary(dir);
    try {
      const service = createLibraryService(app);
      const articleId = service.getIssueOutline({ issueId: 1 }).sections[0]!.articles[0]!.id;
      service.updateArticle({ articleId, baseRevision: 0, patch: { notes: 'saved by the app' } });
      expect(fs.existsSync(`${libraryFile(dir)}-wal`)).toBe(true);
      const cli = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
      try {
        expect(createLibraryService(cli).getArticle({ articleId }).notes).toBe('saved by the app');
      } finally {
        cli.close();
      }
    } finally {
      app.close();
    }
  });

  it('refuses a library written by a newer version', () => {
    const dir = tempDir();
    const lib = openSampleLibrary(dir);
    lib.db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    lib.close();
    const bytes = fs.readFileSync(libraryFile(dir));
    const e = expectUnreadable(() => openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR }), 'newer_version');
    expect(e.details.file).toBe(libraryFile(dir));
    expect(fs.readFileSync(libraryFile(dir)).equals(bytes)).toBe(true);
  });

  it('refuses a file that is not a database, leaving it byte-identical and alone', () => {
    const dir = tempDir();
    const file = libraryFile(dir);
    const bytes = Buffer.from('This is a text file, not a library. '.repeat(20));
    fs.writeFileSync(file, bytes);
    const e = expectUnreadable(() => openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR }), 'not_a_database');
    expect(e.details.file).toBe(file);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.existsSync(`${file}-shm`)).toBe(false);
  });

  it('refuses a damaged database, leaving it byte-identical and alone', () => {
    const dir = tempDir();
    const file = libraryFile(dir);
    const lib = openSampleLibrary(dir);
    lib.db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = lib.db.pragma('page_size', { simple: true }) as number;
    lib.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    // Overwrite pages in the middle (b-tree pages of the tables) with garbage; the header stays valid.
    const bytes = fs.readFileSync(file);
    for (let p = 2; p < bytes.length / pageSize - 1; p += 3) bytes.fill(0xa5, p * pageSize, p * pageSize + 64);
    fs.writeFileSync(file, bytes);
    expectUnreadable(() => openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR }), 'corrupt');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.existsSync(`${file}-shm`)).toBe(false);
  });

  it('reads a library file whole to check it only when it changed since this app last closed it', () => {
    const dir = tempDir();
    const file = libraryFile(dir);
    openSampleLibrary(dir).close();
    expect(fs.existsSync(path.join(dir, 'cache', VERIFIED_STAMP_FILENAME))).toBe(true);
    /** Whether opening the library read the whole file (the check of a closed file). */
    const openReadsWhole = (dataDir: string): boolean => {
      const read = vi.spyOn(fs, 'readFileSync');
      try {
        openLibrary({ dataDir, resourcesDir: RESOURCES_DIR }).close();
        return read.mock.calls.some(([f]) => f === libraryFile(dataDir));
      } finally {
        read.mockRestore();
      }
    };
    expect(openReadsWhole(dir)).toBe(false);
    // Saved to by this app: closed, stamped again.
    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    lib.db.prepare("UPDATE publication SET sponsor = sponsor || '（改）'").run();
    lib.close();
    expect(openReadsWhole(dir)).toBe(false);
    // Touched from outside (the same bytes, another time): checked whole.
    const t = new Date(Date.now() - 60_000);
    fs.utimesSync(file, t, t);
    expect(openReadsWhole(dir)).toBe(true);
    expect(openReadsWhole(dir)).toBe(false);
    // A copy of the folder, stamp included, is another file: checked whole.
    const copy = tempDir();
    fs.cpSync(dir, copy, { recursive: true });
    expect(openReadsWhole(copy)).toBe(true);
    // While another connection has it open (a -wal beside it), no stamp is written at close.
    fs.rmSync(path.join(dir, 'cache', VERIFIED_STAMP_FILENAME));
    const other = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    try {
      openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR }).close();
      expect(fs.existsSync(path.join(dir, 'cache', VERIFIED_STAMP_FILENAME))).toBe(false);
    } finally {
      other.close();
    }
    expect(fs.existsSync(path.join(dir, 'cache', VERIFIED_STAMP_FILENAME))).toBe(true);
  });

  it('refuses a truncated database header', () => {
    const dir = tempDir();
    const file = libraryFile(dir);
    const bytes = Buffer.from('SQLite format 3\0abc', 'latin1');
    fs.writeFileSync(file, bytes);
    expectUnreadable(() => openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR }), 'not_a_database');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});
