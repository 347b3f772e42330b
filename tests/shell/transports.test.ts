// Both transports, HTTP (browser mode) and IPC (desktop), must refuse the same bad payloads with the
// same code and path before any service code runs, and the HTTP side must stay same-origin and
// inside its folder. Both need a session: the HTTP one in an HttpOnly cookie named for the library,
// the desktop one held per window by the main process.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerIpcHandlers } from '../../src/main/ipc';
import type { ApiHandlers, CallContext } from '../../src/node/api/dispatch';
import { createAccess, type Access } from '../../src/node/auth/access';
import { exportFileOfJob } from '../../src/node/export/jobs';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { queryActivity } from '../../src/node/record/activity-store';
import { libraryIdOf, NoAdministratorError, sessionCookieName, startHttpTransport, startServer, type RunningServer } from '../../src/node/server/server';
import { transportScript } from '../../src/node/server/transport-script';
import { createServices } from '../../src/node/services';
import { API_METHODS, channelOf } from '../../src/shared/api';
import { IPC_UPLOAD_CHANNEL } from '../../src/shared/uploads';
import type { Actor } from '../../src/shared/auth';
import { addPerson, TEST_PASSWORD } from '../support/people';

const APP_URL = 'file:///app/out/renderer/index.html';
const INDEX_HTML = `<!doctype html>
<html><head>
<meta charset="UTF-8" />
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; object-src 'none'" />
<title>fixture</title>
<script type="module" crossorigin src="./assets/app.js"></script>
</head><body><div id="root"></div></body></html>`;

let work: string;
let library: Library;
let access: Access;
let server: RunningServer;
let cookieName: string;
/** The editor's session cookie ("name=value"), sent by viaHttp unless told otherwise. */
let editorCookie: string;
let editor: Actor;
let proofreader: Actor;
const calls: string[] = [];
const ipcHandlers = new Map<string, (event: unknown, input: unknown) => Promise<any>>();
/** The desktop windows (web-contents ids) the IPC tests use: one signed in as the editor, one as the 校对, one not at all. */
const EDITOR_WINDOW = 1;
const PROOFREADER_WINDOW = 2;
const ANONYMOUS_WINDOW = 3;

function snapshot(): string {
  const sections = library.db.prepare('SELECT id, name, position FROM section ORDER BY id').all();
  const articles = library.db.prepare('SELECT count(*) AS n FROM article').get();
  return JSON.stringify({ sections, articles });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qikan-transports-'));
  const rendererDir = join(work, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app");\n');
  writeFileSync(join(work, 'secret.txt'), 'TOP SECRET outside the renderer folder\n');

  library = openLibrary({ dataDir: join(work, 'data') });
  access = createAccess(library);
  // Every role, so the payload checks behind the permission check are reached; and a 校对 who lacks most.
  editor = await addPerson(library, '王编辑', ['管理员', '主编', '编辑部主任', '责任编辑', '美编', '校对'], 'wang');
  proofreader = await addPerson(library, '李校对', ['校对'], 'li');
  const service = createServices(library, access);
  // Every handler records that it was reached: a refused payload must leave `calls` empty.
  const spied = Object.fromEntries(
    API_METHODS.map((m) => [m, (input: unknown, ctx?: CallContext) => (calls.push(m), (service[m] as (i: unknown, c?: CallContext) => unknown)(input, ctx))]),
  ) as ApiHandlers;

  cookieName = sessionCookieName(libraryIdOf(library));
  server = await startHttpTransport({
    handlers: spied,
    access,
    libraryId: libraryIdOf(library),
    rendererDir,
    port: 0,
    exportFile: (jobId) => exportFileOfJob(library, jobId),
  });
  registerIpcHandlers({
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<any>) => void ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    } as never,
    handlers: spied,
    access,
    isTrustedSenderUrl: (url) => url === APP_URL,
  });
  editorCookie = await loginCookie('wang');
  expect((await viaIpc('login', { login: 'wang', password: TEST_PASSWORD }, APP_URL, EDITOR_WINDOW)).ok).toBe(true);
  expect((await viaIpc('login', { login: 'li', password: TEST_PASSWORD }, APP_URL, PROOFREADER_WINDOW)).ok).toBe(true);
  calls.length = 0;
});

afterAll(async () => {
  await server?.close();
  library?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A POST to the API, with the editor's session cookie unless `headers` names a Cookie ('' for none). */
async function viaHttp(method: string, body: string, headers: Record<string, string> = {}) {
  const { Cookie: cookie, ...rest } = headers;
  // A browser sends the page's Origin with every POST; `Origin: ''` leaves it out.
  const origin = rest['Origin'] ?? new URL(server.url).origin;
  delete rest['Origin'];
  const res = await fetch(new URL(`/api/${method}`, server.url), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...((cookie ?? editorCookie) ? { Cookie: cookie ?? editorCookie } : {}),
      ...(origin ? { Origin: origin } : {}),
      ...rest,
    },
    body,
  });
  return { status: res.status, envelope: (await res.json()) as any, setCookie: res.headers.get('set-cookie') };
}

/** Logs in over HTTP and returns the session cookie as "name=value". */
async function loginCookie(login: string, password = TEST_PASSWORD): Promise<string> {
  const res = await viaHttp('login', JSON.stringify({ login, password }), { Cookie: '' });
  expect(res.status).toBe(200);
  const set = res.setCookie ?? '';
  expect(set.startsWith(`${cookieName}=`)).toBe(true);
  return set.split(';')[0]!;
}

async function viaIpc(method: string, input: unknown, senderUrl = APP_URL, window = EDITOR_WINDOW) {
  const channel = `qikan:${method}`;
  const handler = ipcHandlers.get(channel);
  if (!handler) throw new Error(`no IPC handler for ${channel}`);
  return handler({ senderFrame: { url: senderUrl }, sender: { id: window } }, input);
}

function raw(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  const url = new URL(server.url);
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('bad payloads are refused the same way by HTTP and IPC', () => {
  const cases: Array<{ name: string; method: string; input: unknown; code: string; path?: string; status: number }> = [
    { name: 'missing field', method: 'renameSection', input: { sectionId: 1 }, code: 'invalid_request', path: 'name', status: 400 },
    { name: 'wrong type', method: 'renameSection', input: { sectionId: '1', name: 'A' }, code: 'invalid_request', path: 'sectionId', status: 400 },
    { name: 'extra key', method: 'renameSection', input: { sectionId: 1, name: 'A', sql: 'DROP TABLE section' }, code: 'invalid_request', path: 'sql', status: 400 },
    { name: 'negative id', method: 'deleteSection', input: { sectionId: -3 }, code: 'invalid_request', path: 'sectionId', status: 400 },
    { name: 'oversized string', method: 'renameSection', input: { sectionId: 1, name: '长'.repeat(201) }, code: 'invalid_request', path: 'name', status: 400 },
    { name: 'not an object', method: 'listIssues', input: 'hello', code: 'invalid_request', path: '(payload)', status: 400 },
    { name: 'no payload', method: 'deleteArticle', input: undefined, code: 'invalid_request', path: '(payload)', status: 400 },
    {
      name: 'nested field',
      method: 'updateArticle',
      input: { articleId: 1, baseRevision: 0, patch: { titleLines: [42] } },
      code: 'invalid_request',
      path: 'patch.titleLines[0]',
      status: 400,
    },
    { name: 'unknown method', method: 'dropEverything', input: {}, code: 'unknown_method', status: 404 },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = snapshot();
      calls.length = 0;
      const http = await viaHttp(c.method, c.input === undefined ? '' : JSON.stringify(c.input));
      expect(http.status).toBe(c.status);
      expect(http.envelope).toMatchObject({ ok: false, error: { code: c.code } });
      if (c.code === 'unknown_method') {
        // IPC has no channel for it at all: ipcRenderer.invoke rejects before the main process runs anything.
        await expect(viaIpc(c.method, c.input)).rejects.toThrow(/no IPC handler/);
      } else {
        const ipc = await viaIpc(c.method, c.input);
        expect(ipc).toMatchObject({ ok: false, error: { code: c.code } });
        expect(ipc.error.details.path).toBe(c.path);
        expect(http.envelope.error.details.path).toBe(c.path);
      }
      expect(calls).toEqual([]);
      expect(snapshot()).toBe(before);
    });
  }

  it('body that is not JSON (HTTP only)', async () => {
    calls.length = 0;
    const http = await viaHttp('renameSection', '{"sectionId": 1, "name": ');
    expect(http.status).toBe(400);
    expect(http.envelope).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { path: '(payload)', expected: 'JSON' } } });
    expect(calls).toEqual([]);
  });

  it('the role is checked before the payload: a 校对 is refused 403 by both, even for an invalid payload', async () => {
    const before = snapshot();
    const proofCookie = await loginCookie('li');
    calls.length = 0;
    for (const input of [{ sectionId: 1, name: 'A' }, { sectionId: '1' }, undefined]) {
      const http = await viaHttp('renameSection', input === undefined ? '' : JSON.stringify(input), { Cookie: proofCookie });
      expect(http.status).toBe(403);
      expect(http.envelope).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'role', needed: '主编、编辑部主任、责任编辑' } } });
      const ipc = await viaIpc('renameSection', input, APP_URL, PROOFREADER_WINDOW);
      expect(ipc).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'role', needed: '主编、编辑部主任、责任编辑' } } });
    }
    expect(calls).toEqual([]);
    expect(snapshot()).toBe(before);
    // Each refusal of a signed-in person is in the record.
    const refused = queryActivity(library.db, { accountId: proofreader.accountId, action: 'renameSection', outcome: 'refused' });
    expect(refused).toHaveLength(6);
    expect(refused.map((r) => r.origin)).toContain('desktop');
  });

  it('without a session both refuse 401 before any service runs; the desktop window logs in like the browser', async () => {
    const before = snapshot();
    calls.length = 0;
    for (const [method, input] of [['listIssues', {}], ['renameSection', { sectionId: 1, name: 'A' }], ['renameSection', { sectionId: 'x' }]] as const) {
      const http = await viaHttp(method, JSON.stringify(input), { Cookie: '' });
      expect(http.status, method).toBe(401);
      expect(http.envelope).toMatchObject({ ok: false, error: { code: 'unauthenticated', details: { reason: 'none' } } });
      const ipc = await viaIpc(method, input, APP_URL, ANONYMOUS_WINDOW);
      expect(ipc).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    expect(calls).toEqual([]);
    expect(snapshot()).toBe(before);
    // Two accounts: the desktop does not log anyone in by itself; the public getAuthState says so.
    const state = await viaIpc('getAuthState', {}, APP_URL, ANONYMOUS_WINDOW);
    expect(state).toMatchObject({ ok: true, value: { needsSetup: false, setupAllowed: true, me: null } });
    const wrong = await viaIpc('login', { login: 'li', password: 'not the password' }, APP_URL, ANONYMOUS_WINDOW);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthenticated', details: { reason: 'wrong_credentials' } } });
    expect((await viaIpc('listIssues', {}, APP_URL, ANONYMOUS_WINDOW)).ok).toBe(false);
  });

  it('a foreign IPC sender is forbidden', async () => {
    calls.length = 0;
    const before = snapshot();
    const refused = await viaIpc('renameSection', { sectionId: 1, name: 'X' }, 'https://evil.example/');
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
    expect(snapshot()).toBe(before);
  });

  it('the same good call works through both and reaches the service', async () => {
    const outline = await viaIpc('listIssues', {});
    expect(outline.ok).toBe(true);
    const issueId = outline.value[0].id;
    const sections = (await viaHttp('getIssueOutline', JSON.stringify({ issueId }))).envelope.value.sections;
    const sectionId = sections[0].id as number;
    calls.length = 0;
    const http = await viaHttp('renameSection', JSON.stringify({ sectionId, name: 'Via HTTP' }));
    expect(http).toMatchObject({ status: 200, envelope: { ok: true, value: { id: sectionId, name: 'Via HTTP' } } });
    const ipc = await viaIpc('renameSection', { sectionId, name: 'Via IPC' });
    expect(ipc).toMatchObject({ ok: true, value: { id: sectionId, name: 'Via IPC' } });
    expect(calls).toEqual(['renameSection', 'renameSection']);
    const missing = await viaHttp('getArticle', JSON.stringify({ articleId: 999_999 }));
    expect(missing.status).toBe(404);
    expect(missing.envelope.error.code).toBe('not_found');
  });
});

describe('HTTP transport boundaries', () => {
  it('refuses a cross-origin POST, a foreign Host and a non-JSON content type', async () => {
    calls.length = 0;
    const before = snapshot();
    const body = JSON.stringify({ sectionId: 1, name: 'Cross-site' });
    const crossOrigin = await viaHttp('renameSection', body, { Origin: 'https://evil.example' });
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.envelope.error.code).toBe('forbidden');
    const crossSite = await viaHttp('renameSection', body, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const port = new URL(server.url).port;
    const rebound = await raw('/api/renameSection', { Host: `evil.example:${port}`, 'Content-Type': 'application/json' }, 'POST', body);
    expect(rebound.status).toBe(403);
    const noOrigin = await viaHttp('renameSection', body, { Origin: '' });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.envelope.error).toMatchObject({ code: 'forbidden', details: { reason: 'origin' } });
    const form = await raw('/api/renameSection', { 'Content-Type': 'text/plain', Origin: new URL(server.url).origin }, 'POST', body);
    expect(form.status).toBe(415);
    expect(calls).toEqual([]);
    expect(snapshot()).toBe(before);
    // The page's own origin is fine.
    const own = await viaHttp('listIssues', '{}', { Origin: new URL(server.url).origin, 'Sec-Fetch-Site': 'same-origin' });
    expect(own.status).toBe(200);
    // A cross-origin login is refused like any other call: no cookie is set.
    const foreignLogin = await viaHttp('login', JSON.stringify({ login: 'wang', password: TEST_PASSWORD }), { Cookie: '', Origin: 'https://evil.example' });
    expect(foreignLogin.status).toBe(403);
    expect(foreignLogin.setCookie).toBeNull();
  });

  it('serves index.html with the transport script before the module bundle, and security headers', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    const transportAt = html.indexOf('<script src="./qikan-transport.js"></script>');
    expect(transportAt).toBeGreaterThan(html.indexOf('<head>'));
    expect(transportAt).toBeLessThan(html.indexOf('<script type="module"'));

    const script = await fetch(new URL('/qikan-transport.js', server.url));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toBe(transportScript());
    const asset = await fetch(new URL('/assets/app.js', server.url));
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(new URL('/favicon.ico', server.url))).status).toBe(204);
    expect((await fetch(new URL('/assets/missing.js', server.url))).status).toBe(404);
  });

  it('the served transport script exposes every method and talks to the API', async () => {
    const window: Record<string, any> = {};
    const base = server.url;
    // A browser adds the page's Origin to every POST; so does this stand-in.
    const origin = new URL(base).origin;
    const browserFetch = (url: string, init: RequestInit, cookie?: string) =>
      fetch(new URL(url, base), { ...init, headers: { ...(init.headers as Record<string, string>), Origin: origin, ...(cookie ? { Cookie: cookie } : {}) } });
    runInNewContext(transportScript(), { window, fetch: (url: string, init: RequestInit) => browserFetch(url, init) });
    const transport = window['qikanTransport'];
    // Every method, and the upload step files take before the method that names them.
    expect(Object.keys(transport).sort()).toEqual([...API_METHODS, 'upload'].sort());
    expect(Object.isFrozen(transport)).toBe(true);
    const before = await transport.listIssues({});
    expect(before).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // This fetch keeps no cookies: a session cookie is handed along by hand, as a browser would.
    const sessionFetch = (url: string, init: RequestInit) => browserFetch(url, init, editorCookie);
    const signedInWindow: Record<string, any> = {};
    runInNewContext(transportScript(), { window: signedInWindow, fetch: sessionFetch });
    const listed = await signedInWindow['qikanTransport'].listIssues({});
    expect(listed.ok).toBe(true);
    const refused = await signedInWindow['qikanTransport'].deleteSection({ sectionId: 0 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { path: 'sectionId' } } });
  });

  it('refuses static paths that leave the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%00index.html']) {
      const res = await raw(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain('TOP SECRET');
    }
    const malformed = await raw('/%E0%A4%A');
    expect(malformed.status).toBe(400);
  });

  it('channels match: IPC registers one handler per method', () => {
    expect([...ipcHandlers.keys()].sort()).toEqual([...API_METHODS.map(channelOf), IPC_UPLOAD_CHANNEL].sort());
  });
});

describe('the session cookie', () => {
  it('login sets an HttpOnly, SameSite=Strict cookie named for the library, and it opens the API', async () => {
    const res = await viaHttp('login', JSON.stringify({ login: 'wang', password: TEST_PASSWORD }), { Cookie: '' });
    expect(res.status).toBe(200);
    expect(res.envelope).toMatchObject({ ok: true, value: { me: { login: 'wang', displayName: '王编辑' } } });
    const set = res.setCookie ?? '';
    expect(set).toMatch(new RegExp(`^${cookieName}=[A-Za-z0-9_-]{40,};`));
    const attributes = set.split(';').map((a) => a.trim());
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('SameSite=Strict');
    expect(attributes).toContain('Path=/');
    expect(Number(attributes.find((a) => a.startsWith('Max-Age='))!.slice('Max-Age='.length))).toBeGreaterThan(0);
    // The password is in no answer.
    expect(JSON.stringify(res.envelope)).not.toContain(TEST_PASSWORD);
    expect((await viaHttp('listIssues', '{}', { Cookie: set.split(';')[0]! })).status).toBe(200);
  });

  it('refuses a signed-in method without a cookie, with a forged one, and with one named for another library (401)', async () => {
    const before = snapshot();
    calls.length = 0;
    const token = editorCookie.slice(editorCookie.indexOf('=') + 1);
    const none = await viaHttp('listIssues', '{}', { Cookie: '' });
    expect(none.status).toBe(401);
    expect(none.envelope.error).toMatchObject({ code: 'unauthenticated', details: { reason: 'none' } });
    const forged = await viaHttp('listIssues', '{}', { Cookie: `${cookieName}=${'A'.repeat(43)}` });
    expect(forged.status).toBe(401);
    expect(forged.envelope.error).toMatchObject({ code: 'unauthenticated', details: { reason: 'unknown' } });
    // A real token of this library, but under the cookie name of another library: never read here.
    const otherLibrary = await viaHttp('listIssues', '{}', { Cookie: `qikan_session_000000000000=${token}` });
    expect(otherLibrary.status).toBe(401);
    expect(otherLibrary.envelope.error.code).toBe('unauthenticated');
    const renamed = await viaHttp('renameSection', JSON.stringify({ sectionId: 1, name: 'X' }), { Cookie: `${cookieName}x=${token}` });
    expect(renamed.status).toBe(401);
    expect(calls).toEqual([]);
    expect(snapshot()).toBe(before);
    // The public methods still answer.
    const state = await viaHttp('getAuthState', '{}', { Cookie: '' });
    expect(state).toMatchObject({ status: 200, envelope: { ok: true, value: { me: null, needsSetup: false } } });
  });

  it('logout clears the cookie and ends the session on the server', async () => {
    const cookie = await loginCookie('wang');
    const out = await viaHttp('logout', '{}', { Cookie: cookie });
    expect(out.status).toBe(200);
    const set = out.setCookie ?? '';
    expect(set.startsWith(`${cookieName}=;`)).toBe(true);
    expect(set).toContain('Max-Age=0');
    expect(set).toContain('HttpOnly');
    // A copy of the old cookie kept somewhere opens nothing.
    const replay = await viaHttp('listIssues', '{}', { Cookie: cookie });
    expect(replay.status).toBe(401);
    expect(replay.envelope.error.details.reason).toBe('ended');
    expect((await viaHttp('listIssues', '{}')).status).toBe(200);
  });

  it('downloads need a session; a malformed job id is a 400 and the server keeps answering', async () => {
    expect((await raw('/exports/some-job')).status).toBe(401);
    expect((await raw('/exports/%')).status).toBe(401);
    expect((await raw('/exports/some-job', { Cookie: `${cookieName}=forged` })).status).toBe(401);
    const malformed = await raw('/exports/%', { Cookie: editorCookie });
    expect(malformed.status).toBe(400);
    expect((await raw('/exports/%E0%A4%A', { Cookie: editorCookie })).status).toBe(400);
    expect((await raw('/exports/no-such-job', { Cookie: editorCookie })).status).toBe(404);
    expect((await raw('/')).status).toBe(200);
    expect((await viaHttp('listIssues', '{}')).status).toBe(200);
  });

  it('wrong passwords are refused 401 and limited: the sixth attempt is 429 with a wait, even with the right password', async () => {
    const lockedOut = await addPerson(library, '赵美编', ['美编'], 'zhao');
    for (let i = 0; i < 5; i++) {
      const wrong = await viaHttp('login', JSON.stringify({ login: 'zhao', password: `wrong ${i}` }), { Cookie: '' });
      expect(wrong.status).toBe(401);
      expect(wrong.setCookie).toBeNull();
    }
    const limited = await viaHttp('login', JSON.stringify({ login: 'zhao', password: TEST_PASSWORD }), { Cookie: '' });
    expect(limited.status).toBe(429);
    expect(limited.envelope.error).toMatchObject({ code: 'rate_limited' });
    expect(limited.envelope.error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.setCookie).toBeNull();
    const lines = queryActivity(library.db, { accountId: lockedOut.accountId, action: 'login', outcome: 'refused' });
    expect(lines.map((l) => l.params['reason'])).toEqual(['rate_limited', ...Array(5).fill('wrong_credentials')]);
  });
});

describe('startServer', () => {
  it('serves a library folder: first the administrator from loopback, then the API with a session; closes cleanly', async () => {
    const dataDir = join(work, 'served');
    const running = await startServer({ dataDir, rendererDir: join(work, 'renderer'), port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const post = (method: string, body: unknown, cookie = '') =>
        fetch(new URL(`/api/${method}`, running.url), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: new URL(running.url).origin, ...(cookie ? { Cookie: cookie } : {}) },
          body: JSON.stringify(body),
        });
      expect(((await (await post('listIssues', {})).json()) as any).error.code).toBe('unauthenticated');
      const state = (await (await post('getAuthState', {})).json()) as any;
      expect(state.value).toMatchObject({ needsSetup: true, setupAllowed: true, me: null });
      const setup = await post('setupFirstAdmin', { login: 'admin', displayName: '管理员甲', password: 'a long password 1' });
      expect(setup.status).toBe(200);
      const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
      expect(cookie).toMatch(/^qikan_session_/);
      const again = await post('setupFirstAdmin', { login: 'admin2', displayName: '管理员乙', password: 'a long password 2' });
      expect(again.status).toBe(409);
      const envelope = (await (await post('listIssues', {}, cookie)).json()) as any;
      expect(envelope.ok).toBe(true);
      expect(envelope.value.length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
    // Closed: the port is free and the library can be opened again.
    const again = openLibrary({ dataDir, seedSample: false });
    again.close();
  });

  it('refuses to listen beyond loopback while the library has no administrator', async () => {
    const dataDir = join(work, 'open-to-all');
    await expect(startServer({ dataDir, rendererDir: join(work, 'renderer'), port: 0, host: '0.0.0.0' })).rejects.toBeInstanceOf(NoAdministratorError);
    // The library was closed again: it opens.
    openLibrary({ dataDir, seedSample: false }).close();
  });

  it('says to build first when the renderer is missing', async () => {
    await expect(startServer({ dataDir: join(work, 'unused'), rendererDir: join(work, 'nowhere'), port: 0 })).rejects.toThrow(/npm run build/);
  });
});
