// Whether the server keeps answering while an export runs: a browser-mode server on loopback, one
// person reading and saving an article in a bounded loop (one request in flight, every 10 ms) while
// another starts a print export of the whole issue (warm: fonts loaded, one article edited since the
// last export); the latency of getArticle/updateArticle is measured during the export, once with exports in worker threads (as `npm run web` serves) and once
// in the server's own thread (as before), side by side in one run.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../src/node/server/server';
import { openLibrary } from '../src/node/library/open-library';
import type { BenchFigure } from './bench-types';

const ROOT = path.join(__dirname, '..');
const GAP_MS = 10;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function measure(exportWorker: string | null): Promise<{ during: number[]; exportMs: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-latency-'));
  const lib = openLibrary({ dataDir });
  // The 付印 gate is not what is measured.
  lib.db.prepare("UPDATE publication SET settings = json_set(settings, '$.proofreading', 'none')").run();
  lib.close();
  const server = await startServer({ dataDir, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer'), log: () => {}, exportWorker });
  const origin = new URL(server.url).origin;
  let cookie = '';
  const call = async (method: string, input: unknown): Promise<any> => {
    const res = await fetch(new URL(`/api/${method}`, server.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin, ...(cookie ? { Cookie: cookie } : {}) },
      body: JSON.stringify(input),
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const body = (await res.json()) as { ok: boolean; value?: any; error?: unknown };
    if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.value;
  };
  try {
    await call('setupFirstAdmin', { login: 'bench', displayName: '测速', password: 'bench password 9', roles: ['主编'] });
    const issueId = (await call('listIssues', {}))[0].id;
    const articleId = (await call('getIssueOutline', { issueId })).sections[1].articles[0].id;
    await call('enterArticle', { articleId, mode: 'edit' });
    // Warm: fonts and the layout the export needs are loaded once in the thread that exports.
    const warm = await call('startExport', { issueId, kind: 'screen' });
    while ((await call('getExportJob', { jobId: warm.jobId })).state === 'running') await new Promise((r) => setTimeout(r, 20));

    // One article edited since the last export, as between two exports of a working day.
    const before = await call('getArticle', { articleId });
    const body = JSON.parse(JSON.stringify(before.body));
    const firstText = body.root.children.find((b: any) => b.type === 'paragraph')?.children?.find((c: any) => c.type === 'text');
    if (firstText) firstText.text = `据悉，${firstText.text}`;
    await call('updateArticle', { articleId, baseRevision: before.revision, patch: { body } });
    const during: number[] = [];
    const started = performance.now();
    const job = await call('startExport', { issueId, kind: 'print', overrideReason: 'bench' });
    let done = false;
    const exporting = (async () => {
      while ((await call('getExportJob', { jobId: job.jobId })).state === 'running') await new Promise((r) => setTimeout(r, 50));
      done = true;
    })();
    let k = 0;
    while (!done) {
      const t = performance.now();
      if (k++ % 2 === 0) await call('getArticle', { articleId });
      else {
        const a = await call('getArticle', { articleId });
        await call('updateArticle', { articleId, baseRevision: a.revision, patch: { notes: `测速 ${k}` } });
      }
      during.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    await exporting;
    return { during, exportMs: performance.now() - started };
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchFigure[]> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'run-node.mjs'), 'build'], { cwd: ROOT, stdio: 'pipe' });
  if (!fs.existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'pipe' });
  const worker = await measure(path.join(ROOT, 'out', 'node', 'export-worker.cjs'));
  const inline = await measure(null);
  return [
    { label: 'server: requests during a print export, in workers', value: worker.during.length, unit: 'count' },
    { label: 'server: p50 getArticle/updateArticle during export, in workers', value: percentile(worker.during, 50), unit: 'ms' },
    { label: 'server: p99 getArticle/updateArticle during export, in workers', value: percentile(worker.during, 99), unit: 'ms' },
    { label: 'server: max during export, in workers', value: Math.max(...worker.during), unit: 'ms' },
    { label: 'server: warm print export (one article edited), in workers', value: worker.exportMs, unit: 'ms' },
    { label: 'server: p99 during export, in the server thread', value: percentile(inline.during, 99), unit: 'ms' },
    { label: 'server: max during export, in the server thread', value: Math.max(...inline.during), unit: 'ms' },
    { label: 'server: warm print export (one article edited), in the server thread', value: inline.exportMs, unit: 'ms' },
  ];
}
