// Backups an office can trust: backup, restore, check, and the server's daily backup.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupLibrary } from '../../src/node/backup/backup';
import { checkLibrary } from '../../src/node/backup/check';
import { BackupError, folderTimestamp, MANIFEST_FILENAME, readManifest } from '../../src/node/backup/manifest';
import { libraryInUse, restoreLibrary } from '../../src/node/backup/restore';
import { listBackups, parseBackupArgs, startBackupSchedule, type BackupScheduleOptions } from '../../src/node/backup/schedule';
import { runCli } from '../../src/node/cli/run';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { LATEST_VERSION } from '../../src/node/library/migrations';
import { importPhotoFile } from '../../src/node/photos/photo-store';
import { parseWebArgs } from '../../src/node/server/main';
import { openSampleLibrary, REPO_ROOT, removeTempDirs, snapshot, tempDir } from './helpers';

afterAll(removeTempDirs);

const DAY = 24 * 60 * 60 * 1000;

/** Adds `count` cover photos, each a different small JPEG (so each has a file of its own). */
async function addPhotos(lib: Library, count: number, from = 0): Promise<string[]> {
  const { default: sharp } = await import('sharp');
  const files: string[] = [];
  for (let i = from; i < from + count; i++) {
    const bytes = await sharp({ create: { width: 64 + i, height: 48, channels: 3, background: { r: (i * 40) % 256, g: 90, b: 200 } } }).jpeg().toBuffer();
    const photo = await importPhotoFile(lib, { issueId: 1, articleId: null, placement: 'cover', fileName: `p${i}.jpg`, bytes });
    files.push(photo.file!);
  }
  return files;
}

/** A library folder of its own inside a temporary folder, so that restore's moved-aside sibling is cleaned up too. */
function nestedDir(): string {
  return path.join(tempDir('qikan-backup-lib-'), 'library');
}

/** A library with photos and a (stand-in) font file, ready to be backed up. */
async function libraryWithFiles(): Promise<Library> {
  const lib = openSampleLibrary(nestedDir());
  await addPhotos(lib, 3);
  fs.writeFileSync(path.join(lib.dir, 'fonts', 'FZShuSong.ttf'), Buffer.from('not really a font, but bytes to carry'));
  return lib;
}

/** photos/ and fonts/ as relative path → SHA-256. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const folder of ['photos', 'fonts']) {
    const base = path.join(dir, folder);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base).sort()) {
      out[`${folder}/${name}`] = createHash('sha256').update(fs.readFileSync(path.join(base, name))).digest('hex');
    }
  }
  return out;
}

function reopen(dir: string): Library {
  return openLibrary({ dataDir: dir, seedSample: false });
}

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { LANG: 'C.UTF-8' });
  return { code, out, err };
}

async function refusal(p: Promise<unknown>): Promise<BackupError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackupError);
  return err as BackupError;
}

describe('backup and restore', () => {
  it('round-trips the library row for row and file for file, while it is open', async () => {
    const lib = await libraryWithFiles();
    const rows = snapshot(lib.db);
    const files = filesOf(lib.dir);
    expect(Object.keys(files).filter((f) => f.startsWith('photos/'))).toHaveLength(3);
    const dest = path.join(tempDir('qikan-backup-'), 'b1');

    // The library stays open, as in the running app.
    const result = await backupLibrary({ dataDir: lib.dir, dest });
    expect(result.photos).toBe(3);
    expect(result.fonts).toBe(1);
    expect(result.missingPhotos).toEqual([]);
    const manifest = readManifest(dest);
    expect(manifest.libraryId).toMatch(/^[0-9a-f]{32}$/);
    expect(manifest.libraryId).toBe((lib.db.prepare("SELECT value FROM library_meta WHERE key = 'library_id'").get() as { value: string }).value);
    expect(manifest.schemaVersion).toBe(LATEST_VERSION);
    expect(Date.now() - Date.parse(manifest.createdAt)).toBeLessThan(60_000);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['library.sqlite', ...Object.keys(files)].sort());
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(dest, f.path));
      expect(bytes.length, f.path).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
      if (f.path !== 'library.sqlite') expect(f.sha256).toBe(files[f.path]);
    }
    // Nothing half-written is left beside it, and the copy is one self-contained file.
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['b1']);
    expect(fs.readdirSync(dest).sort()).toEqual(['fonts', 'library.sqlite', MANIFEST_FILENAME, 'photos']);
    lib.close();

    const target = path.join(tempDir('qikan-restore-'), 'library');
    const restored = await restoreLibrary({ backup: dest, dataDir: target });
    expect(restored.movedAside).toBeNull();
    const back = reopen(target);
    try {
      expect(snapshot(back.db)).toEqual(rows);
      expect(filesOf(target)).toEqual(files);
    } finally {
      back.close();
    }
  });

  it('moves a library already in the folder aside (never deletes it), keeping its daily backups in place', async () => {
    const lib = await libraryWithFiles();
    const rows = snapshot(lib.db);
    const dest = path.join(tempDir('qikan-backup-'), 'b');
    await backupLibrary({ dataDir: lib.dir, dest });
    // Work after the backup: a new photo and a renamed issue, which the restore takes back.
    const [later] = await addPhotos(lib, 1, 10);
    lib.db.prepare("UPDATE issue SET publish_date_printed = 'after the backup'").run();
    const changed = snapshot(lib.db);
    fs.mkdirSync(path.join(lib.dir, 'backups', 'old'), { recursive: true });
    fs.writeFileSync(path.join(lib.dir, 'backups', 'old', 'marker'), 'x');
    lib.close();

    const r = await cli(['--data', lib.dir, 'restore', dest]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const aside = fs.readdirSync(path.dirname(lib.dir)).find((n) => n.startsWith(`${path.basename(lib.dir)}-before-restore-`));
    expect(aside).toMatch(/-before-restore-\d{8}T\d{6}Z$/);
    const asideDir = path.join(path.dirname(lib.dir), aside!);
    expect(r.out.join('\n')).toContain(asideDir);
    expect(r.out.join('\n')).toContain('每个文件均与清单一致');

    const now = reopen(lib.dir);
    try {
      expect(snapshot(now.db)).toEqual(rows);
      expect(fs.existsSync(path.join(lib.dir, later!))).toBe(false);
    } finally {
      now.close();
    }
    expect(fs.readFileSync(path.join(lib.dir, 'backups', 'old', 'marker'), 'utf8')).toBe('x');
    const old = reopen(asideDir);
    try {
      expect(snapshot(old.db)).toEqual(changed);
      expect(fs.existsSync(path.join(asideDir, later!))).toBe(true);
    } finally {
      old.close();
    }
  });

  it('refuses a folder that exists and is not empty, and writes into an empty one', async () => {
    const lib = openSampleLibrary();
    const parent = tempDir('qikan-backup-');
    fs.mkdirSync(path.join(parent, 'full'));
    fs.writeFileSync(path.join(parent, 'full', 'something'), 'x');
    const err = await refusal(backupLibrary({ dataDir: lib.dir, dest: path.join(parent, 'full') }));
    expect(err.reason).toBe('destNotEmpty');
    const r = await cli(['--data', lib.dir, 'backup', path.join(parent, 'full')]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('已存在且不是空目录');
    expect(fs.readdirSync(parent)).toEqual(['full']);

    fs.mkdirSync(path.join(parent, 'empty'));
    const ok = await cli(['--lang', 'en', '--data', lib.dir, 'backup', path.join(parent, 'empty')]);
    expect(ok.code).toBe(0);
    expect(ok.out.at(-1)).toMatch(/^Backup complete: /);
    expect(readManifest(path.join(parent, 'empty')).files.length).toBeGreaterThan(0);
    expect((await refusal(backupLibrary({ dataDir: lib.dir, dest: path.join(lib.dir, 'photos', 'x') }))).reason).toBe('destInsideLibrary');
    expect((await refusal(backupLibrary({ dataDir: tempDir(), dest: path.join(parent, 'none') }))).reason).toBe('noLibrary');
    lib.close();
  });

  it('takes a consistent copy while another connection writes in a loop', async () => {
    const lib = openSampleLibrary();
    lib.db.exec('CREATE TABLE stress (batch INTEGER NOT NULL, n INTEGER NOT NULL, pad BLOB); CREATE TABLE stress_counter (v INTEGER NOT NULL); INSERT INTO stress_counter VALUES (0);');
    // A few MB, so that at 8 pages a step the copy takes many steps.
    lib.db.prepare('WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 1500) INSERT INTO stress (batch, n, pad) SELECT 0, n, randomblob(4000) FROM k').run();
    const file = path.join(lib.dir, 'library.sqlite');
    lib.close();

    const shared = new SharedArrayBuffer(8);
    const state = new Int32Array(shared); // [0] stop flag, [1] batches committed
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const Database = require(workerData.sqlite);
       const db = new Database(workerData.file, { timeout: 10000 });
       db.pragma('journal_mode = WAL');
       db.pragma('synchronous = NORMAL');
       const state = new Int32Array(workerData.shared);
       const insert = db.prepare('INSERT INTO stress (batch, n, pad) VALUES (?, ?, randomblob(3000))');
       const count = db.prepare('UPDATE stress_counter SET v = ?');
       const batch = db.transaction((b) => { for (let i = 0; i < 10; i++) insert.run(b, i); count.run(b); });
       let b = 0;
       while (Atomics.load(state, 0) === 0) { batch(++b); Atomics.store(state, 1, b); }
       db.close();
       parentPort.postMessage(b);`,
      { eval: true, workerData: { sqlite: path.join(REPO_ROOT, 'node_modules/better-sqlite3'), file, shared } },
    );
    const finished = new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    while (Atomics.load(state, 1) < 20) await new Promise((r) => setTimeout(r, 5));

    const dest = path.join(tempDir('qikan-backup-'), 'during-writes');
    const before = Atomics.load(state, 1);
    await backupLibrary({ dataDir: path.dirname(file), dest, stepPages: 8 });
    const after = Atomics.load(state, 1);
    Atomics.store(state, 0, 1);
    const total = await finished;
    // The writer really was writing while the copy was taken.
    expect(after).toBeGreaterThan(before);
    expect(total).toBeGreaterThanOrEqual(after);

    const copy = new Database(path.join(dest, 'library.sqlite'), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const counter = (copy.prepare('SELECT v FROM stress_counter').get() as { v: number }).v;
      expect(counter).toBeGreaterThanOrEqual(before);
      expect(counter).toBeLessThanOrEqual(after);
      // Every transaction the copy holds is whole, and it holds exactly those up to the counter.
      const batches = copy.prepare('SELECT batch, count(*) AS n FROM stress WHERE batch > 0 GROUP BY batch ORDER BY batch').all() as { batch: number; n: number }[];
      expect(batches).toHaveLength(counter);
      expect(batches.every((b, i) => b.batch === i + 1 && b.n === 10)).toBe(true);
    } finally {
      copy.close();
    }
    // And it opens as a library.
    const target = path.join(tempDir('qikan-restore-'), 'lib');
    await restoreLibrary({ backup: dest, dataDir: target });
    const back = reopen(target);
    try {
      expect((back.db.prepare('SELECT count(*) AS n FROM issue').get() as { n: number }).n).toBe(1);
    } finally {
      back.close();
    }
  });

  it('refuses a tampered, incomplete or unknown backup, naming the file, and changes nothing', async () => {
    const lib = await libraryWithFiles();
    const dest = path.join(tempDir('qikan-backup-'), 'b');
    await backupLibrary({ dataDir: lib.dir, dest });
    const photo = readManifest(dest).files.find((f) => f.path.startsWith('photos/'))!.path;
    const rows = snapshot(lib.db);
    lib.close();
    const target = lib.dir;
    const siblingsBefore = fs.readdirSync(path.dirname(target)).sort();

    // One byte changed, same size.
    const bytes = fs.readFileSync(path.join(dest, photo));
    bytes[bytes.length >> 1]! ^= 0xff;
    fs.writeFileSync(path.join(dest, photo), bytes);
    const err = await refusal(restoreLibrary({ backup: dest, dataDir: target }));
    expect(err.reason).toBe('fileHashDiffers');
    expect(err.params.file).toBe(photo);
    const r = await cli(['--data', target, 'restore', dest]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain(photo);
    expect(r.err.join('\n')).toContain('未恢复任何内容');
    bytes[bytes.length >> 1]! ^= 0xff;
    fs.writeFileSync(path.join(dest, photo), bytes);

    // The database, damaged in the middle.
    const db = fs.readFileSync(path.join(dest, 'library.sqlite'));
    db[db.length >> 1]! ^= 0x01;
    fs.writeFileSync(path.join(dest, 'library.sqlite'), db);
    expect((await refusal(restoreLibrary({ backup: dest, dataDir: target }))).params.file).toBe('library.sqlite');
    db[db.length >> 1]! ^= 0x01;
    fs.writeFileSync(path.join(dest, 'library.sqlite'), db);

    // A file gone, then one grown.
    fs.renameSync(path.join(dest, photo), path.join(dest, 'aside'));
    const missing = await refusal(restoreLibrary({ backup: dest, dataDir: target }));
    expect([missing.reason, missing.params.file]).toEqual(['fileMissing', photo]);
    fs.renameSync(path.join(dest, 'aside'), path.join(dest, photo));
    fs.appendFileSync(path.join(dest, 'fonts', 'FZShuSong.ttf'), '!');
    expect((await refusal(restoreLibrary({ backup: dest, dataDir: target }))).reason).toBe('fileSizeDiffers');

    // No manifest: an interrupted backup, or not a backup at all.
    const bare = tempDir('qikan-not-a-backup-');
    expect((await refusal(restoreLibrary({ backup: bare, dataDir: target }))).reason).toBe('noManifest');
    fs.writeFileSync(path.join(bare, MANIFEST_FILENAME), JSON.stringify({ format: 'qikan-studio-backup', version: 1, files: [{ path: '../etc/passwd', bytes: 1, sha256: '0'.repeat(64) }] }));
    expect((await refusal(restoreLibrary({ backup: bare, dataDir: target }))).reason).toBe('badManifest');

    // The library is as it was, with nothing beside it.
    expect(fs.readdirSync(path.dirname(target)).sort()).toEqual(siblingsBefore);
    const same = reopen(target);
    try {
      expect(snapshot(same.db)).toEqual(rows);
    } finally {
      same.close();
    }
  });

  it('refuses to restore over a library that is open', async () => {
    const lib = openSampleLibrary(nestedDir());
    const dest = path.join(tempDir('qikan-backup-'), 'b');
    await backupLibrary({ dataDir: lib.dir, dest });
    const file = path.join(lib.dir, 'library.sqlite');
    expect(libraryInUse(file)).toBe(true);
    expect((await refusal(restoreLibrary({ backup: dest, dataDir: lib.dir }))).reason).toBe('libraryInUse');
    const r = await cli(['--lang', 'en', '--data', lib.dir, 'restore', dest]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('is open in Qikan Studio or the server');
    lib.close();
    expect(libraryInUse(file)).toBe(false);
    expect((await restoreLibrary({ backup: dest, dataDir: lib.dir })).movedAside).not.toBeNull();
  });
});

describe('check', () => {
  it('passes a sound library and reports an orphan file, a missing one and a damaged one', async () => {
    const lib = await libraryWithFiles();
    const files = (lib.db.prepare('SELECT id, file FROM photo WHERE file IS NOT NULL ORDER BY id').all() as { id: number; file: string }[]);
    expect(files).toHaveLength(3);
    lib.close();

    const sound = await cli(['--data', lib.dir, 'check']);
    expect(sound.code).toBe(0);
    expect(sound.out.at(-1)).toBe('资料库完好。');
    expect(sound.out.join('\n')).toContain('3 张有文件，其中 3 张已与记录的 SHA-256 核对');

    fs.writeFileSync(path.join(lib.dir, 'photos', 'stray.jpg'), 'copied in by hand');
    fs.rmSync(path.join(lib.dir, files[0]!.file));
    const damaged = fs.readFileSync(path.join(lib.dir, files[1]!.file));
    damaged[damaged.length - 3]! ^= 0xff;
    fs.writeFileSync(path.join(lib.dir, files[1]!.file), damaged);

    const report = await checkLibrary(lib.dir);
    expect(report.ok).toBe(false);
    expect(report.integrityProblems).toEqual([]);
    expect(report.orphans).toEqual(['photos/stray.jpg']);
    expect(report.missing.map((p) => [p.photoId, p.file])).toEqual([[files[0]!.id, files[0]!.file]]);
    expect(report.hashMismatch.map((p) => p.photoId)).toEqual([files[1]!.id]);

    const r = await cli(['--lang', 'en', '--data', lib.dir, 'check']);
    expect(r.code).toBe(1);
    const text = r.out.join('\n');
    expect(text).toContain(`[error] Photo ${files[0]!.id}: its file ${files[0]!.file} is missing`);
    expect(text).toContain(`[error] Photo ${files[1]!.id}: its file ${files[1]!.file} differs from its recorded SHA-256`);
    expect(text).toContain('[note] photos/stray.jpg: no photo names this file');
    expect(r.err).toEqual(['Error: The check found 2 problems.']);
  });

  it('checks rows without a hash by size, says so, and reports a damaged database', async () => {
    const lib = await libraryWithFiles();
    const row = lib.db.prepare('SELECT id, file, file_bytes FROM photo WHERE file IS NOT NULL ORDER BY id LIMIT 1').get() as { id: number; file: string; file_bytes: number };
    lib.db.prepare('UPDATE photo SET sha256 = NULL, file_bytes = ? WHERE id = ?').run(row.file_bytes + 1, row.id);
    lib.close();
    const report = await checkLibrary(lib.dir);
    expect(report.withoutHash).toBe(1);
    expect(report.sizeMismatch).toEqual([expect.objectContaining({ photoId: row.id, bytes: row.file_bytes, expected: row.file_bytes + 1 })]);
    const r = await cli(['--data', lib.dir, 'check']);
    expect(r.code).toBe(1);
    expect(r.out.join('\n')).toContain('有 1 条照片记录没有 SHA-256');

    // Garbage over the database's pages (not its header).
    const file = path.join(lib.dir, 'library.sqlite');
    const db = fs.readFileSync(file);
    db.fill(0x5a, 4096 * 2, 4096 * 6);
    fs.writeFileSync(file, db);
    const broken = await checkLibrary(lib.dir);
    expect(broken.ok).toBe(false);
    expect(broken.integrityProblems.length).toBeGreaterThan(0);
  });
});

describe('daily backup in the server', () => {
  function waitFor(count: number, opts: Omit<BackupScheduleOptions, 'onDone'>, onEach: () => void = () => {}) {
    const outcomes: Parameters<NonNullable<BackupScheduleOptions['onDone']>>[0][] = [];
    let release: () => void;
    const done = new Promise<void>((r) => (release = r));
    const schedule = startBackupSchedule({
      ...opts,
      onDone: (o) => {
        outcomes.push(o);
        onEach();
        if (outcomes.length === count) release();
      },
    });
    return { schedule, outcomes, done };
  }

  it('backs up at start, then every interval, keeping only the newest N', async () => {
    const lib = openSampleLibrary();
    const dir = path.join(lib.dir, 'backups');
    fs.mkdirSync(path.join(dir, 'keep-me'), { recursive: true }); // not a backup: never removed
    let t = Date.parse('2026-03-01T06:00:00Z');
    const log: string[] = [];
    // A short interval, and a clock that moves a day on after each backup.
    const { schedule, outcomes, done } = waitFor(5, { dataDir: lib.dir, keep: 3, intervalMs: 20, now: () => new Date(t), log: (l) => log.push(l) }, () => (t += DAY));
    await done;
    await schedule.stop();
    expect(outcomes.every((o) => 'result' in o)).toBe(true);
    const days = [0, 1, 2, 3, 4].map((d) => folderTimestamp(new Date(Date.parse('2026-03-01T06:00:00Z') + d * DAY)));
    expect(listBackups(dir).map((b) => path.basename(b.folder))).toEqual(days.slice(2));
    expect(fs.readdirSync(dir).sort()).toEqual([...days.slice(2), 'keep-me'].sort());
    expect(log.filter((l) => l.startsWith('Removed old backup'))).toHaveLength(2);
    lib.close();
  });

  it('backs up at start only when the newest backup is older than the interval', async () => {
    const lib = openSampleLibrary();
    const dir = path.join(lib.dir, 'backups');
    const made = Date.parse('2026-03-01T06:00:00Z');
    await backupLibrary({ dataDir: lib.dir, dest: path.join(dir, folderTimestamp(new Date(made))), now: () => new Date(made) });

    // Two hours later: nothing due for a day.
    let ran = 0;
    const fresh = startBackupSchedule({ dataDir: lib.dir, now: () => new Date(made + 2 * 3600_000), onDone: () => ran++ });
    await new Promise((r) => setTimeout(r, 300));
    await fresh.stop();
    expect(ran).toBe(0);
    expect(listBackups(dir)).toHaveLength(1);

    // Twenty-five hours later: one at once.
    const { schedule, done } = waitFor(1, { dataDir: lib.dir, now: () => new Date(made + 25 * 3600_000) });
    await done;
    await schedule.stop();
    expect(listBackups(dir).map((b) => b.createdAt)).toEqual([new Date(made).toISOString(), new Date(made + 25 * 3600_000).toISOString()]);
    lib.close();
  });

  it('logs a failed backup and keeps going', async () => {
    const log: string[] = [];
    const missing = path.join(tempDir(), 'no-library-here');
    const { schedule, outcomes, done } = waitFor(1, { dataDir: missing, dir: path.join(tempDir(), 'backups'), log: (l) => log.push(l) });
    await done;
    expect('error' in outcomes[0]!).toBe(true);
    expect(log.join('\n')).toMatch(/^Backup failed .*holds no library/);
    await schedule.stop();
  });

  it('reads --backup-keep and --backup-dir beside the server flags', () => {
    expect(parseBackupArgs([])).toEqual({ keep: 7, dir: null });
    expect(parseBackupArgs(['--backup-keep', '0', '--backup-dir=/srv/backups'])).toEqual({ keep: 0, dir: path.resolve('/srv/backups') });
    expect(() => parseBackupArgs(['--backup-keep', '-1'])).toThrow(/--backup-keep must be a whole number/);
    expect(() => parseBackupArgs(['--backup-keep'])).toThrow(/needs a value/);
    expect(() => parseWebArgs(['--backup-keep', '3', '--backup-dir', '/tmp/b'], {})).not.toThrow();
  });
});

describe('cli.json', () => {
  it('has the backup, restore and check strings in both languages', () => {
    const keysOf = (o: unknown, prefix = ''): string[] =>
      typeof o === 'object' && o !== null ? Object.entries(o).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k)) : [prefix];
    const load = (lang: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, `src/shared/locales/${lang}/cli.json`), 'utf8')) as Record<string, unknown>;
    const ours = (j: Record<string, unknown>) =>
      keysOf({ backupErrors: j.backupErrors, backup: j.backup, restore: j.restore, check: j.check, commands: { backup: (j.commands as any).backup, restore: (j.commands as any).restore, check: (j.commands as any).check } });
    expect(ours(load('en')).sort()).toEqual(ours(load('zh-CN')).sort());
    expect(ours(load('zh-CN')).length).toBeGreaterThan(30);
  });
});
