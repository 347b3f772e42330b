// Soak test (issue 12): the real browser-mode server in its own process (out/node/web.cjs, as
// `npm run web` runs it) on a fresh library with the sample issue, and ten people of the office
// working on the issue at once for a bounded time (QIKAN_SOAK_SECONDS, default 180; 600 for the
// ten-minute run): reading articles, editing and saving them, previews from drafts, Word and text
// manuscripts uploaded and read into the import preview, thumbnails,
// proofreading in an open round (the 校对 propose, the 责任编辑 accept or reject), and one export a
// minute (print, proof PDF, screen PDF in turn). What each role does is in bench/soak-people.ts.
//
// Errors (goal 0): any HTTP 5xx, any `internal` answer, any network failure, any other refusal that
// is not an ordinary outcome of ten people on one issue (a save on a stale revision, an article
// someone else is editing, a correction another editor decided first: counted apart), and any export
// that does not end `done`. Figures: calls, errors, p50/p99 per method, exports, and the server's
// resident memory (VmRSS from /proc) after the warm-up and at the end, and its main thread's live heap
// after a full collection (bench/soak-memory-probe.cjs) at both moments.
//
//   QIKAN_SOAK_SECONDS=60 npx tsx bench/run.ts soak
//   QIKAN_SOAK_SEED=7 …          another mix of actions (default 1)
//   QIKAN_SOAK_EXPORT_EVERY=20 …  seconds between two exports (default 60)

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchFigure } from './bench-types';
import { Client, exportLoop, exportOnce, OFFICE, personLoop, randomSource, Tally, type ExportOutcome, type ExportTurn, type Office, type Person } from './soak-people';

const ROOT = path.join(__dirname, '..');
const PASSWORD = 'soak pass 2026';
const FIRST_EXPORT_AFTER_MS = 10_000;

function secondsFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 5) throw new Error(`${name} must be a number of seconds ≥ 5, not "${text}"`);
  return n;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** VmRSS and VmHWM of a process, in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function build(): void {
  // Other builds (tests, other benches) take the same lock.
  execFileSync('flock', ['/tmp/qikan-build.lock', process.execPath, path.join(ROOT, 'scripts', 'run-node.mjs'), 'build'], { cwd: ROOT, stdio: 'pipe' });
  if (!fs.existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) {
    execFileSync('flock', ['/tmp/qikan-build.lock', 'npx', 'electron-vite', 'build'], { cwd: ROOT, stdio: 'pipe' });
  }
}

interface ServerProcess {
  child: ChildProcess;
  url: string;
  stderr: string[];
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | null;
}

/** Starts `node out/node/web.cjs --data DIR --port 0` and resolves with the address it prints. */
function startServerProcess(dataDir: string, probeFile: string): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const nodeArgs = ['--expose-gc', '--require', path.join(__dirname, 'soak-memory-probe.cjs')];
    const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'out', 'node', 'web.cjs'), '--data', dataDir, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, LANG: 'C.UTF-8', QIKAN_SOAK_PROBE_FILE: probeFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const stderr: string[] = [];
    let partial = '';
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`the server did not print its address within 60 s; stdout: ${stdout}; stderr: ${stderr.join('\n')}`));
    }, 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      const m = /running at (\S+)/.exec(stdout);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stderr, exited: () => exit });
      }
    });
    child.stderr!.on('data', (c: Buffer) => {
      const lines = (partial + c.toString('utf8')).split('\n');
      partial = lines.pop()!;
      stderr.push(...lines.filter((l) => l.trim() !== ''));
    });
    child.on('error', (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (partial.trim() !== '') stderr.push(partial);
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it listened; stderr: ${stderr.join('\n')}`));
    });
  });
}

/** SIGTERM (the server closes cleanly), SIGKILL after 15 s. */
async function stopServerProcess(s: ServerProcess): Promise<void> {
  if (s.exited() || s.child.exitCode !== null) return;
  const gone = new Promise<void>((r) => s.child.once('exit', () => r()));
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

interface Setup {
  office: Omit<Office, 'deadline'>;
  people: Person[];
}

/** The administrator, the ten accounts and their sessions, and the first round opened with its 校对. */
async function setUp(url: string, setupTally: Tally, seed: number): Promise<Setup> {
  const admin = new Client(url, 'admin', setupTally);
  await admin.must('setupFirstAdmin', { login: 'admin', displayName: '管理员', password: PASSWORD, roles: ['管理员'] });
  const people: Person[] = [];
  for (const [i, spec] of OFFICE.entries()) {
    await admin.must('createAccount', { login: spec.login, displayName: spec.displayName, roles: [spec.role], password: PASSWORD });
    const client = new Client(url, `${spec.displayName}（${spec.role}）`, setupTally);
    await client.must('login', { login: spec.login, password: PASSWORD });
    people.push({ spec, client, random: randomSource(seed * 1000 + i + 1) });
  }
  await admin.must('logout');

  const first = people[0]!.client;
  const issueId = ((await first.must('listIssues')) as { id: number }[])[0]!.id;
  const outline = (await first.must('getIssueOutline', { issueId })) as { sections: { articles: { id: number }[] }[] };
  const articleIds = outline.sections.flatMap((s) => s.articles.map((a) => a.id));
  const editors = people.filter((p) => p.spec.role === '责任编辑');
  const proofreaders = people.filter((p) => p.spec.role === '校对');
  const editorOf = new Map(editors.map((p, k) => [p.spec.login, articleIds.filter((_, i) => i % editors.length === k)]));
  const proofreaderOf = new Map(proofreaders.map((p, k) => [p.spec.login, articleIds.filter((_, i) => i % proofreaders.length === k)]));

  // A 责任编辑 opens the first round (一校), each article with its 校对.
  const editor = editors[0]!.client;
  const rounds = (await editor.must('listRounds', { issueId })) as { id: number; state: string }[];
  const round = rounds.find((r) => r.state === 'planned') ?? rounds[0]!;
  await editor.must('openRound', {
    roundId: round.id,
    articles: articleIds.map((articleId, i) => ({ articleId, proofreader: proofreaders[i % proofreaders.length]!.spec.displayName })),
  });
  return { office: { issueId, roundId: round.id, articleIds, editorOf, proofreaderOf }, people };
}

/** Fonts, layouts and the export workers loaded once (each kind of export the soak runs) before the memory at the start is read. */
async function warmUp(s: Setup, turns: readonly ExportTurn[]): Promise<void> {
  const designer = s.people.find((p) => p.spec.role === '美编')!.client;
  await designer.must('getIssuePages', { issueId: s.office.issueId, detail: 'lines' });
  for (const articleId of s.office.articleIds.slice(0, 3)) await designer.must('layoutArticle', { articleId });
  for (const turn of turns) {
    const outcome = await exportOnce(turn, { ...s.office, deadline: Infinity });
    if (outcome?.state !== 'done') throw new Error(`warm-up ${turn.kind} export ended ${outcome?.state ?? 'unstarted'}`);
  }
}

/** The main thread's heap after a full collection, and the process's RSS, in MB (from soak-memory-probe.cjs). */
async function liveHeapOf(pid: number, probeFile: string): Promise<{ heapUsed: number; heapTotal: number; rss: number }> {
  fs.rmSync(probeFile, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(probeFile); i++) await new Promise((r) => setTimeout(r, 100));
  if (!fs.existsSync(probeFile)) throw new Error(`the server's memory probe (bench/soak-memory-probe.cjs) did not answer SIGUSR2 within 10 s`);
  const m = JSON.parse(fs.readFileSync(probeFile, 'utf8')) as { heapUsed: number; heapTotal: number; rss: number };
  const mb = (x: number) => x / 1024 / 1024;
  return { heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), rss: mb(m.rss) };
}

function printReport(t: Tally, exports: ExportOutcome[], server: ServerProcess): void {
  const lines: string[] = [];
  if (t.errorKinds.size > 0) {
    lines.push('soak: errors by call and answer:');
    for (const [k, n] of [...t.errorKinds].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(5)}  ${k}`);
    lines.push('soak: first errors:');
    for (const e of t.errors.slice(0, 15)) lines.push(`  t=${e.at}s ${e.who} ${e.method} ${e.input} → ${e.status} ${e.code}${e.reason ? `/${e.reason}` : ''}: ${e.message}`);
  }
  if (t.expected.size > 0) {
    lines.push('soak: expected outcomes (not errors):');
    for (const [k, n] of [...t.expected].sort()) lines.push(`  ${String(n).padStart(5)}  ${k}`);
  }
  if (t.counts.size > 0) {
    lines.push('soak: work done:');
    for (const [k, n] of [...t.counts].sort()) lines.push(`  ${String(n).padStart(5)}  ${k}`);
  }
  for (const e of exports) lines.push(`soak: export ${e.kind}: ${e.state} in ${(e.ms / 1000).toFixed(1)} s${e.pages !== null ? `, ${e.pages} pages` : ''}`);
  if (server.stderr.length > 0) {
    lines.push(`soak: the server wrote ${server.stderr.length} lines to stderr; the first:`);
    for (const l of server.stderr.slice(0, 20)) lines.push(`  ${l.length > 400 ? `${l.slice(0, 400)}…` : l}`);
  }
  if (lines.length > 0) console.log(lines.join('\n'));
}

export async function run(): Promise<BenchFigure[]> {
  const seconds = secondsFromEnv('QIKAN_SOAK_SECONDS', 180);
  const exportEvery = secondsFromEnv('QIKAN_SOAK_EXPORT_EVERY', 60);
  const seed = Number(process.env['QIKAN_SOAK_SEED'] ?? 1) || 1;
  build();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-soak-'));
  let server: ServerProcess | null = null;
  let sampler: NodeJS.Timeout | undefined;
  // If this process ends abruptly, the server does not outlive it.
  const killOnExit = () => server?.child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    const probeFile = path.join(dataDir, 'soak-memory-probe.json');
    server = await startServerProcess(dataDir, probeFile);
    const pid = server.child.pid!;
    const setupTally = new Tally();
    const s = await setUp(server.url, setupTally, seed);
    const byRole = (role: string) => s.people.find((p) => p.spec.role === role)!;
    const turns: ExportTurn[] = [
      { kind: 'print', person: byRole('主编') },
      { kind: 'proof', person: byRole('校对') },
      { kind: 'screen', person: byRole('美编') },
    ];
    await warmUp(s, turns);
    await new Promise((r) => setTimeout(r, 1000));
    const atStart = memoryOf(pid);
    const liveAtStart = await liveHeapOf(pid, probeFile);

    // From here every call counts.
    const tally = new Tally();
    for (const p of s.people) p.client.tally = tally;
    const office: Office = { ...s.office, deadline: performance.now() + seconds * 1000 };
    const serverGone = () => server!.exited() !== null;
    // The server's memory every 5 s, to see whether it grows over the run.
    const samples: number[] = [];
    sampler = setInterval(() => {
      if (!serverGone()) samples.push(memoryOf(pid).rss);
    }, 5000);
    const started = performance.now();
    const [exports] = await Promise.all([
      exportLoop(turns, office, FIRST_EXPORT_AFTER_MS, exportEvery * 1000, serverGone),
      ...s.people.map((p) => personLoop(p, office, serverGone)),
    ]);
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const exit = server.exited();
    if (exit) {
      printReport(tally, exports, server);
      throw new Error(`the server exited during the soak (${exit.code ?? exit.signal}) after ${tally.calls} calls`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const atEnd = memoryOf(pid);
    const liveAtEnd = await liveHeapOf(pid, probeFile);
    printReport(tally, exports, server);
    console.log(`soak: server RSS every 5 s (MB): ${samples.map((x) => Math.round(x)).join(' ')}`);

    const all = [...tally.latencies.values()].flat();
    const figures: BenchFigure[] = [
      { label: `soak: people working at once`, value: s.people.length, unit: 'count' },
      { label: `soak: seconds of work (asked ${seconds})`, value: elapsed, unit: 'count' },
      { label: 'soak: API calls', value: tally.calls, unit: 'count' },
      { label: 'soak: errors (5xx, internal, network, unexpected refusals; goal 0)', value: tally.errorCount, unit: 'count' },
      { label: 'soak: expected conflicts (stale revision, lock, already decided)', value: tally.expectedCount, unit: 'count' },
      { label: 'soak: saves', value: tally.counts.get('saves') ?? 0, unit: 'count' },
      { label: 'soak: corrections proposed', value: tally.counts.get('corrections proposed') ?? 0, unit: 'count' },
      { label: 'soak: corrections accepted', value: tally.counts.get('corrections accepted') ?? 0, unit: 'count' },
      { label: 'soak: corrections rejected', value: tally.counts.get('corrections rejected') ?? 0, unit: 'count' },
      { label: 'soak: exports started', value: exports.length, unit: 'count' },
      { label: 'soak: exports completed', value: exports.filter((e) => e.state === 'done').length, unit: 'count' },
      { label: 'soak: slowest export (start to done)', value: Math.max(0, ...exports.map((e) => e.ms)), unit: 'ms' },
      { label: 'soak: server stderr lines', value: server.stderr.length, unit: 'count' },
      { label: 'soak: server RSS after warm-up', value: atStart.rss, unit: 'MB' },
      { label: 'soak: server RSS at end', value: atEnd.rss, unit: 'MB' },
      { label: 'soak: server RSS, highest 5-s sample during the run', value: Math.max(atStart.rss, ...samples), unit: 'MB' },
      { label: 'soak: server peak RSS (VmHWM) after warm-up', value: atStart.peak, unit: 'MB' },
      { label: 'soak: server peak RSS (VmHWM) at end', value: atEnd.peak, unit: 'MB' },
      { label: 'soak: server main-thread heap after a full GC, after warm-up', value: liveAtStart.heapUsed, unit: 'MB' },
      { label: 'soak: server main-thread heap after a full GC, at end', value: liveAtEnd.heapUsed, unit: 'MB' },
      { label: 'soak: server main-thread heap reserved (heapTotal), after warm-up', value: liveAtStart.heapTotal, unit: 'MB' },
      { label: 'soak: server main-thread heap reserved (heapTotal), at end', value: liveAtEnd.heapTotal, unit: 'MB' },
      { label: 'soak: server RSS after that GC, at end', value: liveAtEnd.rss, unit: 'MB' },
      { label: 'soak: p50 all calls', value: percentile(all, 50), unit: 'ms' },
      { label: 'soak: p99 all calls', value: percentile(all, 99), unit: 'ms' },
    ];
    for (const [method, xs] of [...tally.latencies].sort((a, b) => b[1].length - a[1].length)) {
      figures.push({ label: `soak: p50 ${method} (${xs.length} calls)`, value: percentile(xs, 50), unit: 'ms' });
      figures.push({ label: `soak: p99 ${method}`, value: percentile(xs, 99), unit: 'ms' });
    }
    return figures;
  } finally {
    clearInterval(sampler);
    if (server) await stopServerProcess(server);
    process.removeListener('exit', killOnExit);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
