// Both transports, HTTP (browser mode) and IPC (desktop), must refuse the same bad payloads with the
// same code and path before any service code runs, and the HTTP side must stay same-origin and
// inside its folder.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerIpcHandlers } from '../../src/main/ipc';
import type { ApiHandlers } from '../../src/node/api/dispatch';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { startHttpTransport, startServer, type RunningServer } from '../../src/node/server/server';
import { transportScript } from '../../src/node/server/transport-script';
import { createServices } from '../../src/node/services';
import { API_METHODS, channelOf } from '../../src/shared/api';

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
let server: RunningServer;
const calls: string[] = [];
const ipcHandlers = new Map<string, (event: unknown, input: unknown) => Promise<any>>();

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
  const service = createServices(library);
  // Every handler records that it was reached: a refused payload must leave `calls` empty.
  const spied = Object.fromEntries(
    API_METHODS.map((m) => [m, (input: unknown) => (calls.push(m), (service[m] as (i: unknown) => unknown)(input))]),
  ) as ApiHandlers;

  server = await startHttpTransport({ handlers: spied, rendererDir, port: 0 });
  registerIpcHandlers({
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<any>) => void ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    } as never,
    handlers: spied,
    isTrustedSenderUrl: (url) => url === APP_URL,
  });
});

afterAll(async () => {
  await server?.close();
  library?.close();
  rmSync(work, { recursive: true, force: true });
});

async function viaHttp(method: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(`/api/${method}`, server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, envelope: (await res.json()) as any };
}

async function viaIpc(method: string, input: unknown, senderUrl = APP_URL) {
  const channel = `qikan:${method}`;
  const handler = ipcHandlers.get(channel);
  if (!handler) throw new Error(`no IPC handler for ${channel}`);
  return handler({ senderFrame: { url: senderUrl } }, input);
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
    const form = await raw('/api/renameSection', { 'Content-Type': 'text/plain' }, 'POST', body);
    expect(form.status).toBe(415);
    expect(calls).toEqual([]);
    expect(snapshot()).toBe(before);
    // The page's own origin is fine.
    const own = await viaHttp('listIssues', '{}', { Origin: new URL(server.url).origin, 'Sec-Fetch-Site': 'same-origin' });
    expect(own.status).toBe(200);
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
    runInNewContext(transportScript(), { window, fetch: (url: string, init: RequestInit) => fetch(new URL(url, base), init) });
    const transport = window['qikanTransport'];
    expect(Object.keys(transport).sort()).toEqual([...API_METHODS].sort());
    expect(Object.isFrozen(transport)).toBe(true);
    const listed = await transport.listIssues({});
    expect(listed.ok).toBe(true);
    const refused = await transport.deleteSection({ sectionId: 0 });
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
    expect([...ipcHandlers.keys()].sort()).toEqual(API_METHODS.map(channelOf).sort());
  });
});

describe('startServer', () => {
  it('serves a library folder and closes it cleanly', async () => {
    const dataDir = join(work, 'served');
    const running = await startServer({ dataDir, rendererDir: join(work, 'renderer'), port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const res = await fetch(new URL('/api/listIssues', running.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      const envelope = (await res.json()) as any;
      expect(envelope.ok).toBe(true);
      expect(envelope.value.length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
    // Closed: the port is free and the library can be opened again.
    const again = openLibrary({ dataDir, seedSample: false });
    again.close();
  });

  it('says to build first when the renderer is missing', async () => {
    await expect(startServer({ dataDir: join(work, 'unused'), rendererDir: join(work, 'nowhere'), port: 0 })).rejects.toThrow(/npm run build/);
  });
});
