// The people of the soak test (bench/soak.bench.ts): one HTTP client per person (a browser with its
// session cookie), the tally of every call, and what each role does in its loop. Expected outcomes of
// an office with ten people on one issue (a save on a stale revision, an article someone else holds,
// a correction another editor decided first) are counted apart; everything else that is not a
// success is an error.

import { blockTexts } from '../src/shared/proof/anchor';
import type { ArticleDoc } from '../src/shared/article-doc';
import type { Role } from '../src/shared/auth';
import { buildDocx } from '../tests/fixtures/manuscripts/build-docx';

// ---------------------------------------------------------------------------------------------
// Calls and their tally.

export interface Reply {
  /** HTTP status; 0 for a network failure or an answer that is not the API's JSON. */
  status: number;
  ok: boolean;
  value: any;
  error: { code: string; message: string; details: Record<string, unknown> } | undefined;
}

export interface ErrorRecord {
  at: number;
  who: string;
  method: string;
  status: number;
  code: string;
  reason: string;
  message: string;
  input: string;
}

export class Tally {
  readonly latencies = new Map<string, number[]>();
  readonly errors: ErrorRecord[] = [];
  readonly errorKinds = new Map<string, number>();
  /** "method: reason" → count. */
  readonly expected = new Map<string, number>();
  readonly counts = new Map<string, number>();
  calls = 0;
  private readonly t0 = performance.now();

  latency(method: string, ms: number): void {
    this.calls++;
    let xs = this.latencies.get(method);
    if (!xs) this.latencies.set(method, (xs = []));
    xs.push(ms);
  }
  error(e: Omit<ErrorRecord, 'at'>): void {
    const key = `${e.method} → ${e.status} ${e.code}${e.reason ? `/${e.reason}` : ''}`;
    this.errorKinds.set(key, (this.errorKinds.get(key) ?? 0) + 1);
    if (this.errors.length < 200) this.errors.push({ at: Math.round((performance.now() - this.t0) / 100) / 10, ...e });
  }
  expect(method: string, reason: string): void {
    const key = `${method}: ${reason}`;
    this.expected.set(key, (this.expected.get(key) ?? 0) + 1);
  }
  count(what: string, n = 1): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + n);
  }
  get errorCount(): number {
    let n = 0;
    for (const v of this.errorKinds.values()) n += v;
    return n;
  }
  get expectedCount(): number {
    let n = 0;
    for (const v of this.expected.values()) n += v;
    return n;
  }
}

const CALL_TIMEOUT_MS = 120_000;

function shortInput(input: unknown): string {
  const s = JSON.stringify(input, (k, v) => (k === 'body' || k === 'draft' ? '…' : v));
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/** One person's browser: a cookie jar of one cookie. Calls go to `tally` (swap it to stop counting). */
export class Client {
  private cookie = '';
  tally: Tally;
  constructor(
    readonly serverUrl: string,
    readonly who: string,
    tally: Tally,
  ) {
    this.tally = tally;
  }

  /**
   * Calls a method and tallies it. `expected` are the conflict reasons that are an ordinary outcome of
   * this call here; any other failure is recorded as an error. Never throws.
   */
  call(method: string, input: unknown = {}, expected: readonly string[] = []): Promise<Reply> {
    return this.send(method, `/api/${method}`, 'application/json', JSON.stringify(input), input, expected);
  }

  /** Sends a file's bytes ahead of the call that uses it (POST /uploads/<kind>), tallied as `upload <kind>`. */
  upload(kind: string, fileName: string, bytes: Buffer): Promise<Reply> {
    return this.send(`upload ${kind}`, `/uploads/${kind}?name=${encodeURIComponent(fileName)}`, 'application/octet-stream', bytes, { fileName, bytes: bytes.length }, []);
  }

  private async send(method: string, route: string, contentType: string, body: string | Buffer, input: unknown, expected: readonly string[]): Promise<Reply> {
    const origin = new URL(this.serverUrl).origin;
    const started = performance.now();
    let status = 0;
    try {
      const res = await fetch(new URL(route, this.serverUrl), {
        method: 'POST',
        headers: { 'Content-Type': contentType, Origin: origin, ...(this.cookie ? { Cookie: this.cookie } : {}) },
        body,
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      status = res.status;
      const set = res.headers.get('set-cookie');
      if (set) {
        const first = set.split(';')[0]!;
        this.cookie = first.endsWith('=') ? '' : first;
      }
      const text = await res.text();
      const ms = performance.now() - started;
      let envelope: { ok: boolean; value?: unknown; error?: Reply['error'] };
      try {
        envelope = JSON.parse(text) as typeof envelope;
      } catch {
        this.tally.latency(method, ms);
        this.tally.error({ who: this.who, method, status, code: 'not_json', reason: '', message: text.slice(0, 200), input: shortInput(input) });
        return { status, ok: false, value: undefined, error: { code: 'not_json', message: text.slice(0, 200), details: {} } };
      }
      this.tally.latency(method, ms);
      const reply: Reply = { status, ok: envelope.ok === true, value: envelope.value, error: envelope.error };
      if (!reply.ok) {
        const code = reply.error?.code ?? 'unknown';
        const reason = String(reply.error?.details?.['reason'] ?? '');
        if (status < 500 && code === 'conflict' && expected.includes(reason)) this.tally.expect(method, reason);
        else this.tally.error({ who: this.who, method, status, code, reason, message: reply.error?.message ?? '', input: shortInput(input) });
      } else if (status >= 500) {
        this.tally.error({ who: this.who, method, status, code: 'ok_with_5xx', reason: '', message: '', input: shortInput(input) });
      }
      return reply;
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}${err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : ''}` : String(err);
      this.tally.error({ who: this.who, method, status, code: 'network', reason: '', message, input: shortInput(input) });
      return { status, ok: false, value: undefined, error: { code: 'network', message, details: {} } };
    }
  }

  /** For the setup: a call that must succeed. */
  async must(method: string, input: unknown = {}): Promise<any> {
    const r = await this.call(method, input);
    if (!r.ok) throw new Error(`${this.who}: ${method} failed: ${r.status} ${JSON.stringify(r.error)}`);
    return r.value;
  }
}

// ---------------------------------------------------------------------------------------------
// The office.

export interface PersonSpec {
  login: string;
  displayName: string;
  role: Role;
}

/** Ten people with the office's roles. */
export const OFFICE: readonly PersonSpec[] = [
  { login: 'tianhj', displayName: '田洪俊', role: '主编' },
  { login: 'lizr', displayName: '李主任', role: '编辑部主任' },
  { login: 'xietao', displayName: '谢涛', role: '责任编辑' },
  { login: 'wangfang', displayName: '王芳', role: '责任编辑' },
  { login: 'chenming', displayName: '陈明', role: '责任编辑' },
  { login: 'zhaomei', displayName: '赵美', role: '美编' },
  { login: 'sunyi', displayName: '孙艺', role: '美编' },
  { login: 'hecp', displayName: '何纯谱', role: '校对' },
  { login: 'zhoujing', displayName: '周静', role: '校对' },
  { login: 'wumin', displayName: '吴敏', role: '校对' },
];

/** A small seeded random source (mulberry32), so two runs do the same mix. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Office {
  issueId: number;
  roundId: number;
  /** Every article of the issue, in order. */
  articleIds: number[];
  /** Articles by the 责任编辑 who looks after them (login → ids). */
  editorOf: Map<string, number[]>;
  /** Articles by the 校对 the round assigns them to (login → ids). */
  proofreaderOf: Map<string, number[]>;
  /** When the loops stop (performance.now()). */
  deadline: number;
}

export interface Person {
  spec: PersonSpec;
  client: Client;
  random: () => number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Think time between two actions of a person: 50–300 ms. */
const pause = (p: Person) => sleep(50 + Math.floor(p.random() * 250));
const pick = <T>(p: Person, xs: readonly T[]): T => xs[Math.floor(p.random() * xs.length)]!;

/** The 'paragraph' blocks (index, text) of a body; the last one is the editors', the others the proofreaders'. */
function paragraphs(body: ArticleDoc): { index: number; text: string }[] {
  const texts = blockTexts(body);
  return body.root.children.map((b, index) => ({ index, type: b.type, text: texts[index]! })).filter((b) => b.type === 'paragraph' && b.text.length > 0);
}

const EDIT_SUFFIX = /〔改\d+〕$/u;

/**
 * An editor's change to the body: the last text node of the last paragraph gets a new 〔改N〕 at its
 * end (replacing the one before), so the text stays the same length over a long run and the
 * proofreaders' marks (never in that paragraph) are kept. Null when that paragraph ends in no text node.
 */
function editedBody(body: ArticleDoc, n: number): ArticleDoc | null {
  const copy = JSON.parse(JSON.stringify(body)) as ArticleDoc;
  const last = paragraphs(copy).at(-1);
  if (!last) return null;
  const block = copy.root.children[last.index] as { children?: { type: string; text?: string }[] };
  const node = block.children?.at(-1);
  if (!node || node.type !== 'text' || typeof node.text !== 'string') return null;
  node.text = `${node.text.replace(EDIT_SUFFIX, '')}〔改${n}〕`;
  return copy;
}

/** A position in a text that is a plain character (no line break, no half of a surrogate pair). */
function plainPosition(p: Person, text: string, from: number, width: number): number | null {
  for (let tries = 0; tries < 20; tries++) {
    const i = from + Math.floor(p.random() * Math.max(1, text.length - from - width));
    const s = text.slice(i, i + width);
    if (s.length === width && !/[\n\t\s\uD800-\uDFFF]/u.test(s)) return i;
  }
  return null;
}

const REPLACEMENTS = ['的', '地', '得', '和', '在', '是', '了'];

/** A proposal of a 校对 on one of the article's paragraphs other than the last (which the editors edit). */
function proposalFor(p: Person, body: ArticleDoc, n: number): Record<string, unknown> | null {
  const paras = paragraphs(body).slice(0, -1).filter((b) => b.text.length >= 6);
  if (paras.length === 0) return null;
  const para = pick(p, paras);
  const r = p.random();
  if (r < 0.5) {
    const i = plainPosition(p, para.text, 0, 1);
    if (i === null) return null;
    const proposed = pick(p, REPLACEMENTS.filter((c) => c !== para.text[i]));
    return { blockIndex: para.index, start: i, end: i + 1, kind: 'replace', proposed, note: `第${n}处：用字` };
  }
  if (r < 0.75) {
    const i = plainPosition(p, para.text, 0, 2);
    if (i === null) return null;
    return { blockIndex: para.index, start: i, end: i + 2, kind: 'query', proposed: '', note: `第${n}处：请核实` };
  }
  if (r < 0.88) {
    const i = plainPosition(p, para.text, 1, 1);
    if (i === null) return null;
    return { blockIndex: para.index, start: i, end: i, kind: 'insert', proposed: '，', note: `第${n}处：加逗号` };
  }
  const i = plainPosition(p, para.text, 0, 1);
  if (i === null) return null;
  return { blockIndex: para.index, start: i, end: i + 1, kind: 'delete', proposed: '', note: `第${n}处：删字` };
}

// ---------------------------------------------------------------------------------------------
// Actions. Each is a few calls with think time between them, as a person clicks through the app.

/** Opens an article to read it and looks at its page preview. */
async function readArticle(p: Person, o: Office, articleId: number): Promise<void> {
  const c = p.client;
  await c.call('enterArticle', { articleId, mode: 'read' });
  await pause(p);
  await c.call('getArticle', { articleId });
  await pause(p);
  await c.call('layoutArticle', { articleId });
  await pause(p);
  if (p.random() < 0.3) {
    await c.call('getPresence', { issueId: o.issueId });
    await pause(p);
  }
  await c.call('leaveArticle', { articleId });
}

async function browse(p: Person, o: Office): Promise<void> {
  await p.client.call('getIssueOutline', { issueId: o.issueId });
  await pause(p);
  await readArticle(p, o, pick(p, o.articleIds));
}

async function thumbnails(p: Person, o: Office): Promise<void> {
  await p.client.call('getIssuePages', { issueId: o.issueId, detail: 'lines' });
}

let editCounter = 0;

/**
 * An editor opens an article for editing, types (the preview follows with a draft), saves on the
 * revision they read; on a stale revision they read it again and redo the change (up to three times).
 */
async function editArticle(p: Person, o: Office, articleId: number): Promise<void> {
  const c = p.client;
  const entered = await c.call('enterArticle', { articleId, mode: 'edit' });
  await pause(p);
  if (!entered.ok || entered.value.granted !== 'edit') {
    // Someone else is editing it: read it instead.
    p.client.tally.count('articles found in someone else’s hands');
    await c.call('getArticle', { articleId });
    await pause(p);
    await c.call('layoutArticle', { articleId });
    await pause(p);
    await c.call('leaveArticle', { articleId });
    return;
  }
  const notesOnly = p.random() < 0.4;
  for (let attempt = 0; attempt < 3; attempt++) {
    const read = await c.call('getArticle', { articleId });
    if (!read.ok) break;
    await pause(p);
    const n = ++editCounter;
    let patch: Record<string, unknown>;
    if (notesOnly) patch = { notes: `编辑意见 ${n}（${p.spec.displayName}）` };
    else {
      const body = editedBody(read.value.body as ArticleDoc, n);
      patch = body ? { body } : { notes: `编辑意见 ${n}（${p.spec.displayName}）` };
    }
    // Typing: the preview is laid out from the unsaved draft once or twice before the save.
    if (patch['body']) {
      const previews = 1 + Math.floor(p.random() * 2);
      for (let k = 0; k < previews; k++) {
        await c.call('layoutArticle', { articleId, draft: patch });
        await pause(p);
      }
    }
    const saved = await c.call('updateArticle', { articleId, baseRevision: read.value.revision, patch }, ['stale_revision', 'locked']);
    if (saved.ok) {
      c.tally.count('saves');
      break;
    }
    const reason = String(saved.error?.details?.['reason'] ?? '');
    if (reason !== 'stale_revision') break; // locked: taken over meanwhile; an error: recorded
    c.tally.count('saves retried after a stale revision');
    await pause(p);
  }
  await pause(p);
  await c.call('leaveArticle', { articleId });
}

/**
 * An editor reads a manuscript of one of their articles (the author's Word file, or the same text as
 * a plain .txt) into the import preview to compare it with the article: upload, readManuscript,
 * nothing saved. The conversion runs in the server's import worker.
 */
async function previewManuscript(p: Person, o: Office, articleId: number): Promise<void> {
  const c = p.client;
  const read = await c.call('getArticle', { articleId });
  if (!read.ok) return;
  await pause(p);
  const article = read.value as { titleLines: string[]; body: ArticleDoc };
  const texts = paragraphs(article.body).map((b) => b.text.replace(EDIT_SUFFIX, ''));
  const asWord = p.random() < 0.7;
  const bytes = asWord
    ? await buildDocx([...article.titleLines.map((t) => ({ kind: 'p' as const, style: 'Title', runs: [t] })), ...texts.map((t) => ({ kind: 'p' as const, runs: [t] }))])
    : Buffer.from([...article.titleLines, '', ...texts].join('\n'), 'utf8');
  const sent = await c.upload('manuscript', `稿件${articleId}.${asWord ? 'docx' : 'txt'}`, bytes);
  if (!sent.ok) return;
  await pause(p);
  const preview = await c.call('readManuscript', { upload: (sent.value as { uploadId: string }).uploadId });
  if (preview.ok) c.tally.count('manuscripts previewed');
}

/** An editor goes through the open corrections of their articles and accepts or rejects them. */
async function decideCorrections(p: Person, o: Office, mine: readonly number[] | null): Promise<void> {
  const c = p.client;
  const open = await c.call('listCorrections', { issueId: o.issueId, status: 'open' });
  if (!open.ok) return;
  const list = (open.value as { id: number; articleId: number }[]).filter((x) => mine === null || mine.includes(x.articleId));
  await pause(p);
  const batch = list.slice(0, 1 + Math.floor(p.random() * 3));
  for (const corr of batch) {
    if (p.random() < 0.3) {
      await c.call('getArticle', { articleId: corr.articleId });
      await pause(p);
    }
    if (p.random() < 0.75) {
      const r = await c.call('acceptCorrection', { correctionId: corr.id }, ['not_open', 'anchored_text_changed', 'orphaned']);
      if (r.ok) c.tally.count('corrections accepted');
      const reason = String(r.error?.details?.['reason'] ?? '');
      if (reason === 'anchored_text_changed' || reason === 'orphaned') {
        // The text under the mark changed since: the editor rejects it with a word why.
        await pause(p);
        const rej = await c.call('rejectCorrection', { correctionId: corr.id, reason: '原文已改，不再适用' }, ['not_open']);
        if (rej.ok) c.tally.count('corrections rejected');
      }
    } else {
      const r = await c.call('rejectCorrection', { correctionId: corr.id, reason: '原文无误，保留' }, ['not_open']);
      if (r.ok) c.tally.count('corrections rejected');
    }
    await pause(p);
  }
}

let proposalCounter = 0;

/** A 校对 reads an article of theirs and proposes a correction on the revision they read. */
async function proofread(p: Person, o: Office, articleId: number): Promise<void> {
  const c = p.client;
  await c.call('enterArticle', { articleId, mode: 'read' });
  await pause(p);
  for (let attempt = 0; attempt < 3; attempt++) {
    const read = await c.call('getArticle', { articleId });
    if (!read.ok) break;
    await pause(p);
    if (attempt === 0 && p.random() < 0.5) {
      await c.call('layoutArticle', { articleId });
      await pause(p);
    }
    const proposal = proposalFor(p, read.value.body as ArticleDoc, ++proposalCounter);
    if (!proposal) break;
    const r = await c.call('proposeCorrection', { articleId, baseRevision: read.value.revision, ...proposal }, ['stale_revision']);
    if (r.ok) {
      c.tally.count('corrections proposed');
      break;
    }
    if (String(r.error?.details?.['reason'] ?? '') !== 'stale_revision') break;
    c.tally.count('proposals retried after a stale revision');
    await pause(p);
  }
  await pause(p);
  await c.call('leaveArticle', { articleId });
}

/** Answers a question on one of the corrections (anyone signed in may). */
async function replyToOne(p: Person, o: Office): Promise<void> {
  const list = await p.client.call('listCorrections', { issueId: o.issueId, roundId: o.roundId });
  if (!list.ok || list.value.length === 0) return;
  await pause(p);
  const corr = pick(p, list.value as { id: number }[]);
  await p.client.call('replyToCorrection', { correctionId: corr.id, text: `已阅（${p.spec.displayName}）` });
}

/** One action of a person, chosen by role. */
async function act(p: Person, o: Office): Promise<void> {
  const r = p.random();
  const c = p.client;
  switch (p.spec.role) {
    case '责任编辑': {
      const mine = o.editorOf.get(p.spec.login) ?? o.articleIds;
      if (r < 0.4) return editArticle(p, o, p.random() < 0.85 ? pick(p, mine) : pick(p, o.articleIds));
      if (r < 0.65) return decideCorrections(p, o, mine);
      if (r < 0.85) return browse(p, o);
      if (r < 0.93) return thumbnails(p, o);
      if (r < 0.97) return previewManuscript(p, o, pick(p, mine));
      return replyToOne(p, o);
    }
    case '编辑部主任': {
      if (r < 0.25) return editArticle(p, o, pick(p, o.articleIds));
      if (r < 0.45) return decideCorrections(p, o, null);
      if (r < 0.7) return browse(p, o);
      if (r < 0.85) return thumbnails(p, o);
      await c.call('getFlatplan', { issueId: o.issueId });
      return;
    }
    case '主编': {
      if (r < 0.35) return browse(p, o);
      if (r < 0.5) return thumbnails(p, o);
      if (r < 0.6) return editArticle(p, o, pick(p, o.articleIds));
      if (r < 0.7) {
        await c.call('listCorrections', { issueId: o.issueId });
        return;
      }
      if (r < 0.8) {
        await c.call('getSignOffState', { issueId: o.issueId });
        await pause(p);
        await c.call('getQualityFigures', { issueId: o.issueId });
        return;
      }
      if (r < 0.9) {
        await c.call('listActivity', { issueId: o.issueId, limit: 50 });
        return;
      }
      await c.call('getSignOffCoverage', { issueId: o.issueId });
      return;
    }
    case '美编': {
      if (r < 0.4) return thumbnails(p, o);
      if (r < 0.7) return browse(p, o);
      if (r < 0.8) {
        await c.call('getFlatplan', { issueId: o.issueId });
        return;
      }
      if (r < 0.9) {
        await c.call('preflightIssue', { issueId: o.issueId, kind: 'print' });
        return;
      }
      await c.call('listPhotos', { issueId: o.issueId });
      await pause(p);
      await c.call('listExtras', { issueId: o.issueId });
      return;
    }
    case '校对': {
      const mine = o.proofreaderOf.get(p.spec.login) ?? o.articleIds;
      if (r < 0.55) return proofread(p, o, p.random() < 0.9 ? pick(p, mine) : pick(p, o.articleIds));
      if (r < 0.7) {
        await c.call('listCorrections', { issueId: o.issueId, author: p.spec.displayName });
        return;
      }
      if (r < 0.8) return replyToOne(p, o);
      if (r < 0.9) return browse(p, o);
      return thumbnails(p, o);
    }
    default:
      return browse(p, o);
  }
}

/** A person's day, compressed: actions with think time between them until the deadline. */
export async function personLoop(p: Person, o: Office, stop: () => boolean): Promise<void> {
  while (performance.now() < o.deadline && !stop()) {
    await act(p, o);
    await pause(p);
  }
}

// ---------------------------------------------------------------------------------------------
// Exports: one a minute, taking turns between a print export (the 主编, past the open sign-offs
// with a reason), the round's proof PDF (a 校对) and a screen PDF (a 美编).

export interface ExportTurn {
  kind: 'print' | 'proof' | 'screen';
  person: Person;
}

export interface ExportOutcome {
  kind: ExportTurn['kind'];
  state: string;
  ms: number;
  pages: number | null;
}

/** Starts one export and polls it until it is no longer running; null when it could not be started. */
export async function exportOnce(turn: ExportTurn, o: Office): Promise<ExportOutcome | null> {
  const c = turn.person.client;
  const started = performance.now();
  const start =
    turn.kind === 'proof'
      ? await c.call('startProofExport', { issueId: o.issueId, roundId: o.roundId })
      : turn.kind === 'print'
        ? await c.call('startExport', { issueId: o.issueId, kind: 'print', overrideReason: '试印：浸泡测试' })
        : await c.call('startExport', { issueId: o.issueId, kind: 'screen' });
  if (!start.ok) return null;
  let job = start.value as { jobId: string; state: string; result: { pages: number } | null; error: unknown };
  while (job.state === 'running') {
    await sleep(500);
    const r = await c.call('getExportJob', { jobId: job.jobId });
    if (!r.ok) {
      if (r.error?.code === 'network' || r.status >= 500) return { kind: turn.kind, state: 'lost', ms: performance.now() - started, pages: null };
      continue;
    }
    job = r.value;
  }
  const outcome = { kind: turn.kind, state: job.state, ms: performance.now() - started, pages: job.result?.pages ?? null };
  if (job.state !== 'done') {
    c.tally.error({
      who: c.who,
      method: turn.kind === 'proof' ? 'startProofExport' : 'startExport',
      status: 200,
      code: `job_${job.state}`,
      reason: '',
      message: JSON.stringify(job.error ?? (job as { preflight?: unknown }).preflight ?? null).slice(0, 400),
      input: turn.kind,
    });
  }
  return outcome;
}

/** One export every `everyMs` (a minute) until the deadline, the first `firstAfterMs` into the run. */
export async function exportLoop(
  turns: readonly ExportTurn[],
  o: Office,
  firstAfterMs: number,
  everyMs: number,
  stop: () => boolean,
): Promise<ExportOutcome[]> {
  const outcomes: ExportOutcome[] = [];
  const t0 = performance.now();
  for (let k = 0; ; k++) {
    const at = t0 + firstAfterMs + k * everyMs;
    if (at >= o.deadline) break;
    while (performance.now() < at && !stop()) await sleep(Math.min(250, at - performance.now()));
    if (stop()) break;
    const outcome = await exportOnce(turns[k % turns.length]!, o);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}
