// One library, many processes: the browser-mode server saves articles as fast as its HTTP API answers
// while the command line imports issues into the same library.sqlite, each import a process of its
// own. Every write transaction is BEGIN IMMEDIATE (library/transaction.ts), so a writer that finds
// the other process holding the write lock waits (the busy timeout) instead of failing at once with
// "database is locked": no import fails, no save fails, and every save the server acknowledged is
// in the library afterwards.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/node/library/open-library';
import { createLibraryService } from '../../src/node/services/library-service';
import { blocksFromDoc, docFromBlocks } from '../../src/shared/article-doc';
import { openSampleLibrary, REPO_ROOT, removeTempDirs, RESOURCES_DIR, sampleJson, tempDir } from './helpers';

const CLI = path.join(REPO_ROOT, 'out', 'node', 'cli.cjs');
const WEB = path.join(REPO_ROOT, 'out', 'node', 'web.cjs');
const IMPORTS = 12;
const IMPORTS_AT_ONCE = 2;
const SAVERS = 2;
const PASSWORD = 'shared pass 2026';
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8', QIKAN_FONT_METRICS_DIR: process.env.QIKAN_FONT_METRICS_DIR ?? '' };

let dataDir: string;
let server: ChildProcess | undefined;
let serverStderr = '';

beforeAll(() => {
  // The server and the command line run from their bundles, as `npm run web` and `npm run cli` do.
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'run-node.mjs'), 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
  dataDir = path.join(tempDir('qikan-shared-'), 'data');
  openSampleLibrary(dataDir).close();
}, 120_000);

afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  removeTempDirs();
});

/** Starts the server on any free port; resolves with its address once it listens. */
function startWeb(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WEB, '--data', dataDir, '--port', '0'], { cwd: REPO_ROOT, env: ENV });
    server = child;
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      const m = /running at (\S+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.stderr.on('data', (c: Buffer) => (serverStderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${serverStderr}`)));
  });
}

function stopWeb(): Promise<number | null> {
  return new Promise((resolve) => {
    if (!server || server.exitCode !== null) return resolve(server?.exitCode ?? null);
    server.on('exit', (code) => resolve(code));
    server.kill('SIGTERM');
  });
}

interface CliRun {
  file: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--data', dataDir, ...args], { cwd: REPO_ROOT, env: ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ file: args[args.length - 1]!, status, stdout, stderr }));
  });
}

/** The paragraphs of a saver's n-th save. */
function saveText(saver: number, n: number): string[] {
  return Array.from({ length: 6 }, (_, i) => `保存者${saver}第${n}次保存，第${i + 1}段：${'人大代表依法履职，'.repeat(4 + ((n + i) % 4))}`);
}

describe('the server and the command line on one library', () => {
  it('import issues while articles are saved, with no "database is locked" and no save lost', async () => {
    const url = await startWeb();
    const origin = new URL(url).origin;
    let cookie = '';
    const call = async (method: string, input: unknown): Promise<{ status: number; ok: boolean; value: any; error?: unknown }> => {
      const res = await fetch(new URL(`/api/${method}`, url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin, ...(cookie ? { Cookie: cookie } : {}) },
        body: JSON.stringify(input),
      });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      const body = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
      return { status: res.status, ok: body.ok, value: body.value, error: body.error };
    };

    // The first administrator, from loopback, also 主编 so that they may save articles.
    const setup = await call('setupFirstAdmin', { login: 'admin', displayName: '管理员甲', password: PASSWORD, roles: ['主编'] });
    expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
    const issueId = (await call('listIssues', {})).value[0].id as number;
    const outline = (await call('getIssueOutline', { issueId })).value;
    const articleIds: number[] = outline.sections[1].articles.slice(0, SAVERS).map((a: { id: number }) => a.id);
    expect(articleIds).toHaveLength(SAVERS);

    // The issues the command line imports: the sample under other numbers.
    const work = tempDir('qikan-shared-json-');
    const files = Array.from({ length: IMPORTS }, (_, i) => {
      const json = sampleJson();
      json.masthead.year = 2027;
      json.masthead.issueNumber = i + 1;
      json.masthead.totalNumber = 400 + i;
      const file = path.join(work, `issue-2027-${i + 1}.json`);
      fs.writeFileSync(file, JSON.stringify(json));
      return file;
    });

    let importing = true;
    const failures: string[] = [];
    const acknowledged = articleIds.map(() => [] as { n: number; revision: number }[]);
    let savesWhileImporting = 0;

    const saver = async (k: number) => {
      const articleId = articleIds[k]!;
      const first = await call('getArticle', { articleId });
      let revision = first.value.revision as number;
      for (let n = 1; importing; n++) {
        const body = docFromBlocks(saveText(k, n).map((text) => ({ type: 'paragraph' as const, text })));
        const r = await call('updateArticle', { articleId, baseRevision: revision, patch: { body } });
        if (!r.ok) {
          failures.push(`save ${k}/${n}: ${r.status} ${JSON.stringify(r.error)}`);
          // Read the revision again and go on: one failure must not hide the others.
          revision = (await call('getArticle', { articleId })).value.revision;
          continue;
        }
        revision = r.value.revision;
        acknowledged[k]!.push({ n, revision });
        if (importing) savesWhileImporting++;
      }
    };

    const importer = async (): Promise<CliRun[]> => {
      const runs: CliRun[] = [];
      const queue = [...files];
      await Promise.all(
        Array.from({ length: IMPORTS_AT_ONCE }, async () => {
          for (let file = queue.shift(); file; file = queue.shift()) runs.push(await runCli(['import-json', file]));
        }),
      );
      importing = false;
      return runs;
    };

    const started = Date.now();
    const [runs] = await Promise.all([importer(), ...articleIds.map((_, k) => saver(k))]);
    const seconds = (Date.now() - started) / 1000;
    expect(await stopWeb()).toBe(0);

    for (const r of runs) {
      if (r.status !== 0 || r.stderr !== '') failures.push(`import ${path.basename(r.file)}: exit ${r.status}: ${r.stderr.trim()}`);
    }
    expect(failures, `${failures.length} failures in ${seconds} s`).toEqual([]);
    expect(runs).toHaveLength(IMPORTS);
    expect(`${serverStderr}\n${runs.map((r) => r.stdout + r.stderr).join('\n')}`).not.toMatch(/locked|SQLITE_BUSY/iu);
    // The saves did run against the imports (the test proves nothing otherwise).
    expect(savesWhileImporting).toBeGreaterThanOrEqual(IMPORTS);

    const lib = openLibrary({ dataDir, resourcesDir: RESOURCES_DIR });
    try {
      expect(lib.db.pragma('quick_check', { simple: true })).toBe('ok');
      const service = createLibraryService(lib);
      const issues = service.listIssues({});
      expect(issues).toHaveLength(1 + IMPORTS);
      const sampleArticles = sampleJson().sections.flatMap((s: { articles: unknown[] }) => s.articles).length;
      for (let i = 1; i <= IMPORTS; i++) {
        const issue = issues.find((x) => x.year === 2027 && x.number === i);
        expect(issue, `issue 2027-${i}`).toBeDefined();
        const count = service.getIssueOutline({ issueId: issue!.id }).sections.reduce((n, s) => n + s.articles.length, 0);
        expect(count).toBe(sampleArticles);
      }
      const recorded = lib.db.prepare("SELECT count(*) AS n FROM activity WHERE action = 'cli:import-json' AND outcome = 'done'").get() as { n: number };
      expect(recorded.n).toBe(IMPORTS);

      articleIds.forEach((articleId, k) => {
        const acks = acknowledged[k]!;
        const last = acks[acks.length - 1]!;
        const article = service.getArticle({ articleId });
        // The last acknowledged save is the article as stored, and no save is missing before it: each
        // acknowledged one has its line in the record (written in the save's transaction) with its revision.
        expect(article.revision).toBe(last.revision);
        expect(blocksFromDoc(article.body).map((b) => b.text)).toEqual(saveText(k, last.n));
        const revisions = (
          lib.db.prepare("SELECT json_extract(params, '$.revision') AS revision FROM activity WHERE action = 'updateArticle' AND outcome = 'done' AND article_id = ? ORDER BY id").all(articleId) as {
            revision: number;
          }[]
        ).map((r) => r.revision);
        expect(revisions).toEqual(acks.map((a) => a.revision));
      });
    } finally {
      lib.close();
    }
  }, 90_000);
});
