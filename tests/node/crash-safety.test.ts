// Crash safety for real: the built server and command line (out/node/*.cjs) are killed with SIGKILL
// while they save, export and import, and the library is checked afterwards: it opens, passes
// integrity_check, holds every change that was acknowledged, no half-imported issue, and no temporary
// file is left once the library (or the next export to the same file) starts again.
// The moments are random (the seed is in every message); the export and import are also stopped at
// a chosen point inside their write by tests/node/fixtures/hang-at.cjs, so the kill surely lands there.

import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/node/cli/run';
import { interruptedJob, markJobRunning } from '../../src/node/export/job-markers';
import { openLibrary, libraryFile } from '../../src/node/library/open-library';
import { cleanUpAfterCrash, STALE_TEMP_MS } from '../../src/node/library/startup-cleanup';
import { openDatabase } from '../../src/node/library/database';
import { LATEST_VERSION } from '../../src/node/library/migrations';
import { importIssueJsonText } from '../../src/node/import/issue-json';
import { sampleManuscriptDocx } from '../fixtures/manuscripts/build-docx';
import sharp from 'sharp';
import { createLibraryService } from '../../src/node/services/library-service';
import { blocksFromDoc, docFromBlocks } from '../../src/shared/article-doc';
import { saveLoopText } from './fixtures/save-loop-text';
import { REPO_ROOT, RESOURCES_DIR, SAMPLE_TEXT, countRows, openSampleLibrary, removeTempDirs, snapshot, tempDir } from './helpers';

const CLI = path.join(REPO_ROOT, 'out/node/cli.cjs');
const WEB = path.join(REPO_ROOT, 'out/node/web.cjs');
const HANG_AT = path.join(REPO_ROOT, 'tests/node/fixtures/hang-at.cjs');

const SEED = Date.now() % 1_000_000;
/** mulberry32: the moments of the kills, reproducible from SEED. */
const random = (() => {
  let a = SEED;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
const between = (lo: number, hi: number) => Math.round(lo + random() * (hi - lo));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seed = `(seed ${SEED})`;

beforeAll(() => {
  // The bundles are rebuilt only when a source file is newer; the lock keeps parallel builds apart.
  const build = ['scripts/run-node.mjs', 'build'];
  try {
    execFileSync('flock', ['/tmp/qikan-build.lock', process.execPath, ...build], { cwd: REPO_ROOT, stdio: 'pipe' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    execFileSync(process.execPath, build, { cwd: REPO_ROOT, stdio: 'pipe' });
  }
}, 180_000);

const running = new Set<ChildProcess>();
afterEach(() => {
  // Never leave a child behind, whatever failed.
  for (const child of running) child.kill('SIGKILL');
  running.clear();
  removeTempDirs();
});

interface Child {
  readonly pid: number;
  output(): { stdout: string; stderr: string };
  /** Resolves with the first match of `pattern` in stdout or stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves when the process has ended: its exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, then waits for the end; resolves with the signal that ended it. */
  kill(): Promise<NodeJS.Signals | null>;
}

function start(script: string, args: string[], env: Record<string, string> = {}, hangAt?: 'partial' | 'import' | 'statement' | 'migration'): Child {
  const child = spawn(process.execPath, [...(hangAt ? ['-r', HANG_AT] : []), script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, QIKAN_LANG: 'en', LANG: 'C.UTF-8', ...(hangAt ? { QIKAN_HANG_AT: hangAt } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => ((stdout += d.toString('utf8')), waiters.forEach((w) => w())));
  child.stderr.on('data', (d: Buffer) => ((stderr += d.toString('utf8')), waiters.forEach((w) => w())));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
      waiters.forEach((w) => w());
    }),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    pid: child.pid!,
    output: () => ({ stdout, stderr }),
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out waiting for ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`)), timeoutMs);
        const done = (err: Error | null, m?: RegExpExecArray) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve(m!);
        };
        const check = () => {
          const m = pattern.exec(stdout) ?? pattern.exec(stderr);
          if (m) done(null, m);
          else if (ended) done(new Error(`ended (${child.exitCode ?? child.signalCode}) before ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`));
        };
        waiters.add(check);
        check();
      });
    },
    async kill() {
      child.kill('SIGKILL');
      return (await exited).signal;
    },
  };
}

/** integrity_check on the file itself, before the app opens it again (opening replays the WAL). */
function integrity(dir: string): string {
  const db = new Database(libraryFile(dir));
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Temporary files (`*.partial`, `.adding-*.part`) anywhere under `dir`. */
function temporaryFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.partial$|\.part$/u.test(f)).sort();
}

/** One signed-in person of the server at `url`. */
function client(url: string) {
  let cookie = '';
  const origin = new URL(url).origin;
  return async function call<T = any>(method: string, input: unknown): Promise<{ ok: boolean; value: T; error?: unknown }> {
    const r = await fetch(`${origin}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin, ...(cookie ? { Cookie: cookie } : {}) },
      body: JSON.stringify(input),
    });
    const setCookie = r.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!;
    return (await r.json()) as { ok: boolean; value: T; error?: unknown };
  };
}

const SAMPLE = JSON.parse(SAMPLE_TEXT) as { sections: { articles: unknown[] }[] };
const SAMPLE_ARTICLES = SAMPLE.sections.reduce((n, s) => n + s.articles.length, 0);

describe('kill -9 at any moment', () => {
  it('the server: the library opens, passes integrity_check and holds every acknowledged save', async () => {
    const dir = tempDir('qikan-crash-web-');
    const web = () => start(WEB, ['--data', dir, '--port', '0', '--host', '127.0.0.1']);

    // Killed during its first start: creating the library, its migrations, the sample's import.
    const first = web();
    await sleep(between(30, 400));
    expect(await first.kill()).toBe('SIGKILL');
    if (fs.existsSync(libraryFile(dir))) {
      expect(integrity(dir), seed).toBe('ok');
      const db = new Database(libraryFile(dir));
      try {
        const hasIssues = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'issue'").get() !== undefined;
        // The sample issue is either all there or not at all.
        if (hasIssues && countRows(db, 'issue') > 0) expect([countRows(db, 'issue'), countRows(db, 'article')], seed).toEqual([1, SAMPLE_ARTICLES]);
      } finally {
        db.close();
      }
    }
    const io = { out: () => {}, err: () => {}, stdinIsTTY: false };
    expect(await runCli(['--data', dir, 'user', 'add', 'admin', '--name', '管理员甲', '--role', '管理员', '--password-stdin'], { ...io, readStdin: async () => 'admin pass 2026\n' }, { LANG: 'C.UTF-8' })).toBe(0);
    expect(await runCli(['--data', dir, 'user', 'add', 'chief', '--name', '主编乙', '--role', '主编', '--password-stdin'], { ...io, readStdin: async () => 'chief pass 2026\n' }, { LANG: 'C.UTF-8' })).toBe(0);

    const lib0 = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    const service0 = createLibraryService(lib0);
    const issueId = service0.listIssues({})[0]!.id;
    const outline = service0.getIssueOutline({ issueId });
    const articleIds = [outline.sections[2]!.articles[1]!.id, outline.sections[3]!.articles[0]!.id];
    lib0.close();

    // Per article: the highest save sent, the last save answered and the revision each answered save made.
    const sent = new Map(articleIds.map((id) => [id, 0]));
    const acked = new Map(articleIds.map((id) => [id, { n: 0, revision: 0 }]));
    const revisionOf = new Map<string, number>();
    let interruptedJob: string | null = null;
    let jobRunningAtKill = false;

    for (let round = 1; round <= 4; round++) {
      const server = web();
      const url = (await server.waitFor(/running at (\S+)/u))[1]!;
      const call = client(url);
      expect((await call('login', { login: 'chief', password: 'chief pass 2026' })).ok).toBe(true);
      let firstAck!: () => void;
      const answered = new Promise<void>((r) => (firstAck = r));
      const loop = async (articleId: number) => {
        let revision = (await call<{ revision: number }>('getArticle', { articleId })).value.revision;
        for (;;) {
          const n = sent.get(articleId)! + 1;
          sent.set(articleId, n);
          const body = docFromBlocks(saveLoopText(n).map((text) => ({ type: 'paragraph' as const, text })));
          const saved = await call<{ revision: number }>('updateArticle', { articleId, baseRevision: revision, patch: { body } });
          if (!saved.ok) throw new Error(`save ${n} refused: ${JSON.stringify(saved.error)}`);
          revision = saved.value.revision;
          acked.set(articleId, { n, revision });
          revisionOf.set(`${articleId}:${n}`, revision);
          firstAck();
        }
      };
      // Two people saving at once; each loop ends when its connection dies with the server.
      const loops = articleIds.map((id) => loop(id).then(
        () => 'ended',
        (err: unknown) => (err instanceof Error && /save \d+ refused/u.test(err.message) ? err.message : 'cut off'),
      ));
      await answered;
      if (round === 4) {
        // The last round also kills an export job in the middle.
        const job = await call<{ jobId: string; state: string }>('startExport', { issueId, kind: 'screen' });
        expect(job.ok).toBe(true);
        interruptedJob = job.value.jobId;
        await sleep(between(100, 600));
        jobRunningAtKill = (await call<{ state: string }>('getExportJob', { jobId: interruptedJob })).value.state === 'running';
      } else {
        await sleep(between(20, 500));
      }
      expect(await server.kill()).toBe('SIGKILL');
      expect(await Promise.all(loops), seed).toEqual(['cut off', 'cut off']);

      expect(integrity(dir), `round ${round} ${seed}`).toBe('ok');
      const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
      try {
        expect(lib.db.pragma('integrity_check', { simple: true }), seed).toBe('ok');
        const service = createLibraryService(lib);
        for (const articleId of articleIds) {
          const article = service.getArticle({ articleId });
          const texts = blocksFromDoc(article.body).map((b) => b.text);
          const stored = Number(/^第(\d+)次保存/u.exec(texts[0] ?? '')?.[1]);
          const last = acked.get(articleId)!;
          const where = `article ${articleId}, round ${round}, answered ${last.n}, sent ${sent.get(articleId)} ${seed}`;
          expect(last.n, where).toBeGreaterThan(0);
          // The answered save or a later one that was sent (committed, its answer lost with the server).
          expect(stored, where).toBeGreaterThanOrEqual(last.n);
          expect(stored, where).toBeLessThanOrEqual(sent.get(articleId)!);
          expect(texts, where).toEqual(saveLoopText(stored));
          if (stored === last.n) expect(article.revision, where).toBe(revisionOf.get(`${articleId}:${stored}`));
          else expect(article.revision, where).toBeGreaterThan(last.revision);
        }
        // The next start removed what the kill left half-written.
        expect(temporaryFiles(dir), seed).toEqual([]);
      } finally {
        lib.close();
      }
    }

    // The export job the kill interrupted is reported failed after a restart, not running for ever.
    const server = web();
    const call = client((await server.waitFor(/running at (\S+)/u))[1]!);
    expect((await call('login', { login: 'chief', password: 'chief pass 2026' })).ok).toBe(true);
    const job = await call<{ state: string; error: { code: string; message: string } | null }>('getExportJob', { jobId: interruptedJob });
    expect(job.ok, JSON.stringify(job)).toBe(true);
    if (jobRunningAtKill) {
      expect(job.value.state, seed).toBe('failed');
      expect(job.value.error?.message).toMatch(/interrupted/u);
    } else {
      expect(job.value.state, seed).toBe('done'); // it finished before the kill (a fast machine)
    }
    expect(await server.kill()).toBe('SIGKILL');
  }, 90_000);

  it('the command line in a print export: no .partial left after the next start or export, the library intact', async () => {
    const dir = tempDir('qikan-crash-export-');
    const outDir = tempDir('qikan-crash-out-');
    openSampleLibrary(dir).close();
    const before = (() => {
      const lib = openSampleLibrary(dir);
      try {
        return snapshot(lib.db);
      } finally {
        lib.close();
      }
    })();
    const target = path.join(outDir, 'issue.pdf');
    const exportArgs = (...more: string[]) => ['export', '2026-1', '--data', dir, '--override', 'test', ...more];

    // Killed while it writes the PDF: once beside a target outside the library, once in exports/.
    const outside = start(CLI, exportArgs('--out', target), {}, 'partial');
    const outsidePartial = (await outside.waitFor(/^hang partial (.+)$/mu, 60_000))[1]!;
    expect(await outside.kill()).toBe('SIGKILL');
    const inside = start(CLI, exportArgs(), {}, 'partial');
    const insidePartial = (await inside.waitFor(/^hang partial (.+)$/mu, 60_000))[1]!;
    expect(await inside.kill()).toBe('SIGKILL');
    expect(path.dirname(outsidePartial)).toBe(outDir);
    expect(path.dirname(insidePartial)).toBe(path.join(dir, 'exports'));
    // Half written and left behind by the kill.
    for (const f of [outsidePartial, insidePartial]) expect(fs.statSync(f).size).toBeGreaterThan(1000);
    expect(fs.existsSync(target)).toBe(false);

    // The next start of the library cleans its own folders (any command opens it).
    const list = start(CLI, ['list', '--data', dir]);
    expect((await list.exited).code).toBe(0);
    expect(temporaryFiles(dir)).toEqual([]);
    expect(integrity(dir)).toBe('ok');
    // A file outside the library is no one's to sweep but the next export to it.
    expect(fs.readdirSync(outDir)).toEqual([path.basename(outsidePartial)]);

    // The next export to the target removes the dead process's .partial; a live process's is never
    // touched: this export, stopped in its write, keeps its own while a fourth one runs to the end.
    const stopped = start(CLI, exportArgs('--out', target), {}, 'partial');
    const livePartial = (await stopped.waitFor(/^hang partial (.+)$/mu, 60_000))[1]!;
    expect(fs.existsSync(outsidePartial)).toBe(false);
    const next = start(CLI, exportArgs('--out', target));
    const { code } = await next.exited;
    expect(code, next.output().stderr).toBe(0);
    expect(fs.existsSync(livePartial)).toBe(true);
    expect(await stopped.kill()).toBe('SIGKILL');
    expect(fs.readFileSync(target).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // One more export to it: the partial of the process just killed goes too.
    const last = start(CLI, exportArgs('--out', target));
    expect((await last.exited).code, last.output().stderr).toBe(0);
    expect(fs.readdirSync(outDir)).toEqual(['issue.pdf']);

    expect(integrity(dir)).toBe('ok');
    const lib = openSampleLibrary(dir);
    try {
      const after = snapshot(lib.db);
      // The killed exports logged nothing; the two that finished logged one row each.
      expect((after.export_log as { file: string }[]).map((r) => r.file)).toEqual([target, target]);
      expect({ ...after, export_log: [], activity: [] }).toEqual({ ...before, export_log: [], activity: [] });
    } finally {
      lib.close();
    }
  }, 90_000);

  it('the command line in an import: the issue is all there or not at all', async () => {
    const dir = tempDir('qikan-crash-import-');
    const work = tempDir('qikan-crash-json-');
    openSampleLibrary(dir).close();
    // A large copy of the sample as 2026年第2期: every article thirty times as long.
    const big = JSON.parse(SAMPLE_TEXT);
    big.masthead.issueNumber = 2;
    big.masthead.totalNumber = 314;
    let blocks = 0;
    for (const s of big.sections) {
      for (const a of s.articles) {
        a.blocks = Array.from({ length: 30 }, () => a.blocks).flat();
        blocks += a.blocks.length;
      }
    }
    const file = path.join(work, 'big.json');
    fs.writeFileSync(file, JSON.stringify(big));
    const importArgs = ['import-json', file, '--replace', '--data', dir];

    const lib0 = openSampleLibrary(dir);
    const before = snapshot(lib0.db);
    lib0.close();
    /** 'none': nothing changed; 'all': the whole second issue is there. Fails on anything in between. */
    const state = (where: string): 'none' | 'all' => {
      expect(integrity(dir), where).toBe('ok');
      const lib = openSampleLibrary(dir);
      try {
        const issue = lib.db.prepare('SELECT id FROM issue WHERE year = 2026 AND number = 2').get() as { id: number } | undefined;
        if (!issue) {
          expect(snapshot(lib.db), where).toEqual(before);
          return 'none';
        }
        const service = createLibraryService(lib);
        const articles = service.getIssueOutline({ issueId: issue.id }).sections.flatMap((s) => s.articles);
        expect(articles.length, where).toBe(SAMPLE_ARTICLES);
        const stored = articles.reduce((n, a) => n + blocksFromDoc(service.getArticle({ articleId: a.id }).body).length, 0);
        expect(stored, where).toBeGreaterThanOrEqual(blocks);
        return 'all';
      } finally {
        lib.close();
      }
    };

    // Killed at random moments: reading the file, checking it, inside the transaction, or after.
    let current: 'none' | 'all' = 'none';
    for (let i = 1; i <= 2; i++) {
      const delay = between(150, 1000);
      const child = start(CLI, importArgs);
      await sleep(delay);
      await child.kill();
      current = state(`random kill ${i} after ${delay} ms ${seed}`);
    }

    // Killed for certain inside the transaction, half of the articles inserted.
    const stopped = start(CLI, importArgs, {}, 'import');
    const m = (await stopped.waitFor(/^hang import inTransaction=(\w+) articles=(\d+)$/mu, 60_000))!;
    expect(m[1]).toBe('true');
    // Rows of the new issue were written in the transaction (with --replace, an issue already there was deleted in it).
    expect(Number(m[2])).toBeGreaterThan(SAMPLE_ARTICLES);
    expect(await stopped.kill()).toBe('SIGKILL');
    expect(state(`after the certain kill ${seed}`)).toBe(current);

    // And the import still goes through afterwards: nothing half-done stands in its way.
    const done = start(CLI, importArgs);
    expect((await done.exited).code, done.output().stderr).toBe(0);
    expect(state('after a whole import')).toBe('all');
  }, 90_000);
});

describe('kill -9 in the other writes', () => {
  /** The first article of the sample issue as stored: its revision, body, and the photos of the issue. */
  const articleState = (dir: string) => {
    const lib = openSampleLibrary(dir);
    try {
      const service = createLibraryService(lib);
      const issueId = service.listIssues({})[0]!.id;
      const section = service.getIssueOutline({ issueId }).sections.find((s) => s.articles.length > 0)!;
      const article = service.getArticle({ articleId: section.articles[0]!.id });
      const photos = service.listPhotos({ issueId }).map((p) => [p.id, p.articleId, p.file]);
      return { sectionName: section.name, articleNumber: 1 + service.getIssueOutline({ issueId }).sections.flatMap((s) => s.articles).findIndex((a) => a.id === article.id), revision: article.revision, body: JSON.stringify(article.body), photos };
    } finally {
      lib.close();
    }
  };

  it('the command line replacing an article from Word: the old body or the new one, never half', async () => {
    const dir = tempDir('qikan-crash-docx-');
    const work = tempDir('qikan-crash-docx-file-');
    openSampleLibrary(dir).close();
    const file = path.join(work, '监督综述.docx');
    fs.writeFileSync(file, await sampleManuscriptDocx());
    const before = articleState(dir);
    const args = ['import-docx', '2026-1', before.sectionName, file, '--article', String(before.articleNumber), '--data', dir];

    // Stopped inside the transaction: the photo row written, the body not yet.
    const stopped = start(CLI, args, { QIKAN_HANG_SQL: '^\\s*INSERT INTO photo \\(' }, 'statement');
    expect((await stopped.waitFor(/^hang statement inTransaction=(\w+)$/mu, 60_000))[1]).toBe('true');
    expect(await stopped.kill()).toBe('SIGKILL');
    expect(integrity(dir)).toBe('ok');
    expect(articleState(dir)).toEqual(before);
    // The image stored before the transaction is an orphan the check names; nothing is damaged.
    const check = start(CLI, ['check', '--data', dir]);
    expect((await check.exited).code, check.output().stdout + check.output().stderr).toBe(0);

    const done = start(CLI, args);
    expect((await done.exited).code, done.output().stderr).toBe(0);
    const after = articleState(dir);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.body).not.toBe(before.body);
    expect(after.photos.length).toBe(before.photos.length + 1);
  }, 90_000);

  it('the command line importing a photo: killed while it stores the file or inside its transaction, no photo is half there', async () => {
    const dir = tempDir('qikan-crash-photo-');
    const work = tempDir('qikan-crash-photo-file-');
    openSampleLibrary(dir).close();
    const file = path.join(work, '视察.jpg');
    fs.writeFileSync(file, await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#407020' } }).jpeg().toBuffer());
    const before = articleState(dir);
    const args = ['import-photo', '2026-1', file, '--article', String(before.articleNumber), '--credit', '摄影/吕亚南', '--data', dir];

    const storing = start(CLI, args, { QIKAN_HANG_FILE: '/photos/[0-9a-f]+\\.jpg\\.\\d+\\.\\d+\\.partial$' }, 'partial');
    const partial = (await storing.waitFor(/^hang partial (.+)$/mu, 60_000))[1]!;
    expect(await storing.kill()).toBe('SIGKILL');
    expect(fs.existsSync(partial)).toBe(true);
    expect(integrity(dir)).toBe('ok');
    expect(articleState(dir)).toEqual(before); // the next start removes the .partial
    expect(temporaryFiles(dir)).toEqual([]);

    const inserting = start(CLI, args, { QIKAN_HANG_SQL: '^\\s*INSERT INTO photo \\(' }, 'statement');
    expect((await inserting.waitFor(/^hang statement inTransaction=(\w+)$/mu, 60_000))[1]).toBe('true');
    expect(await inserting.kill()).toBe('SIGKILL');
    expect(integrity(dir)).toBe('ok');
    expect(articleState(dir)).toEqual(before);

    // The photo row written and the article body being saved with its caption: one transaction.
    const placing = start(CLI, args, { QIKAN_HANG_SQL: '^\\s*UPDATE article SET title_lines' }, 'statement');
    expect((await placing.waitFor(/^hang statement inTransaction=(\w+)$/mu, 60_000))[1]).toBe('true');
    expect(await placing.kill()).toBe('SIGKILL');
    expect(integrity(dir)).toBe('ok');
    expect(articleState(dir)).toEqual(before);

    const done = start(CLI, args);
    expect((await done.exited).code, done.output().stderr).toBe(0);
    const after = articleState(dir);
    expect(after.photos.length).toBe(before.photos.length + 1);
    // Placed in the body it belongs to, in the same commit.
    const added = after.photos.find((p) => !before.photos.some((q) => q[0] === p[0]))!;
    expect(after.revision).toBe(before.revision + 1);
    expect(after.body).toContain(`"photoId":${added[0]}`);
  }, 90_000);

  it('a migration: killed with its changes made but not committed, the library is still the old version, and the next start migrates it', async () => {
    const dir = tempDir('qikan-crash-migrate-');
    const v7 = openDatabase(libraryFile(dir), { migrateUpTo: 7 });
    importIssueJsonText(v7, SAMPLE_TEXT);
    const rowsBefore = snapshot(v7);
    v7.close();
    const version = () => {
      const db = new Database(libraryFile(dir), { readonly: true });
      try {
        return db.pragma('user_version', { simple: true }) as number;
      } finally {
        db.close();
      }
    };

    const stopped = start(CLI, ['list', '--data', dir], { QIKAN_HANG_VERSION: '8' }, 'migration');
    expect((await stopped.waitFor(/^hang migration 8 inTransaction=(\w+)$/mu, 60_000))[1]).toBe('true');
    expect(await stopped.kill()).toBe('SIGKILL');
    expect(integrity(dir)).toBe('ok');
    expect(version()).toBe(7);
    const still = new Database(libraryFile(dir), { readonly: true });
    try {
      expect(snapshot(still)).toEqual(rowsBefore);
    } finally {
      still.close();
    }

    const listed = start(CLI, ['list', '--data', dir]);
    expect((await listed.exited).code, listed.output().stderr).toBe(0);
    expect(listed.output().stdout).toContain('2026');
    expect(version()).toBe(LATEST_VERSION);
    expect(integrity(dir)).toBe('ok');
  }, 90_000);
});

describe('the next start of the library', () => {
  it('removes the temporary files of processes that are gone, or older than any write, and nothing else', () => {
    const dir = tempDir('qikan-crash-cleanup-');
    openSampleLibrary(dir).close();
    // A process id that was in use a moment ago and is free now.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const live = process.pid;
    const put = (relative: string, ageMs = 0) => {
      const file = path.join(dir, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'x');
      const t = (Date.now() - ageMs) / 1000;
      fs.utimesSync(file, t, t);
      return relative;
    };
    const gone = [
      put(`exports/2026-01-print.pdf.${dead}.1.partial`),
      put(`cache/abc-cmyk-v1.jpg.${dead}.3.partial`),
      put(`cache/fonts/abc.qkfm.${dead}.2.partial`),
      put(`photos/abc.jpg.${dead}.1.partial`),
      put(`fonts/.adding-${dead}-0a1b2c3d4e5f.part`),
      put(`uploads/${dead}-${'0a'.repeat(16)}`), // a file sent to a server that was killed
      // A live id this old is a reused one: no write takes an hour.
      put(`exports/old.pdf.${live}.9.partial`, STALE_TEMP_MS + 60_000),
    ];
    const kept = [
      put(`exports/2026-01-screen.pdf.${live}.1.partial`), // being written right now
      put(`fonts/.adding-${live}-0a1b2c3d4e5f.part`),
      put(`uploads/${live}-${'0b'.repeat(16)}`), // waiting for the call that uses it
      put(`uploads/${dead}-not-an-upload`),
      put('exports/2026-01-print.pdf'),
      put('exports/notes.partial'), // not a name the app writes
      put(`exports/sub/deep.pdf.${dead}.1.partial`), // not a folder the app writes temporary files in
    ];
    const removed = cleanUpAfterCrash(dir).map((f) => path.relative(dir, f)).sort();
    expect(removed).toEqual([...gone].sort());
    for (const f of kept) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    for (const f of gone) expect(fs.existsSync(path.join(dir, f)), f).toBe(false);
  });

  it('reports an export job of a process that is gone as failed; a live one is left alone', () => {
    const dir = tempDir('qikan-crash-jobs-');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    markJobRunning(dir, 'export-live-1', 1);
    markJobRunning(dir, 'export-dead-1', 1);
    const markers = path.join(dir, 'cache', 'export-jobs');
    const deadMarker = path.join(markers, 'export-dead-1.running');
    fs.writeFileSync(deadMarker, JSON.stringify({ issueId: 7, pid: dead, startedAt: new Date().toISOString() }));
    fs.writeFileSync(path.join(markers, 'export-cut-1.running'), '{"issueId":'); // cut short by the kill
    // Killed after the library was opened: answered failed already, before the next start.
    expect(interruptedJob(dir, 'export-dead-1')).toMatchObject({ jobId: 'export-dead-1', issueId: 7, state: 'failed', error: { code: 'internal' } });
    cleanUpAfterCrash(dir);
    expect(fs.readdirSync(markers).sort()).toEqual(['export-dead-1.interrupted', 'export-live-1.running']);
    expect(interruptedJob(dir, 'export-dead-1')?.state).toBe('failed');
    expect(interruptedJob(dir, 'export-live-1')).toBeNull();
    expect(interruptedJob(dir, '../export-dead-1')).toBeNull();
  });
});
