// The office server is the office's single point of failure: no request, however large, deep or
// malformed, may make it answer `internal`, hold everyone up, or end the process; and with the
// office's --host it still refuses Host names it does not serve (DNS rebinding).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../src/node/api/dispatch';
import { createAccess, type Access } from '../../src/node/auth/access';
import { exportFileOfJob } from '../../src/node/export/jobs';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { libraryIdOf, servedHostNames, sessionCookieName, startHttpTransport, type RunningServer } from '../../src/node/server/server';
import { createServices } from '../../src/node/services';
import { API_METHODS } from '../../src/shared/api';
import { maxPayloadBytes } from '../../src/shared/payload-limits';
import { addPerson, TEST_PASSWORD } from '../support/people';

const INDEX_HTML = `<!doctype html><html><head><meta charset="UTF-8" /><title>fixture</title></head><body></body></html>`;

let work: string;
let rendererDir: string;
let library: Library;
let access: Access;
let server: RunningServer;
let cookie: string;
const logged: string[] = [];

/** One raw HTTP exchange over a socket: the status line's code, or null when the server just closed. */
function rawExchange(port: number, request: string | Buffer, holdMs = 0): Promise<{ status: number | null; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ status: /^HTTP\/1\.1 (\d{3})/.exec(text) ? Number(/^HTTP\/1\.1 (\d{3})/.exec(text)![1]) : null, text }));
    socket.write(request);
    setTimeout(() => socket.end(), holdMs);
  });
}

function portOf(s: RunningServer): number {
  return Number(new URL(s.url).port);
}

async function post(base: RunningServer, method: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(`/api/${method}`, base.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(base.url).origin, Cookie: cookie, ...headers },
    body,
  });
  const text = await res.text();
  let envelope: any = null;
  try {
    envelope = JSON.parse(text);
  } catch {
    envelope = null;
  }
  return { status: res.status, envelope, headers: res.headers };
}

async function stillServing(base: RunningServer): Promise<void> {
  const answer = await post(base, 'listIssues', '{}');
  expect(answer.status).toBe(200);
  expect(answer.envelope.ok).toBe(true);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qikan-hardening-'));
  rendererDir = join(work, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
  library = openLibrary({ dataDir: join(work, 'data') });
  access = createAccess(library);
  await addPerson(library, '王编辑', ['管理员', '主编', '编辑部主任', '责任编辑', '美编', '校对'], 'wang');
  const services = createServices(library, access);
  // One method fails on a bug, to see what a bug looks like from outside.
  const handlers = { ...services, getPrintedToc: () => { throw new Error('a bug in getPrintedToc'); } } as ApiHandlers;
  server = await startHttpTransport({
    handlers,
    access,
    libraryId: libraryIdOf(library),
    rendererDir,
    port: 0,
    exportFile: (jobId) => exportFileOfJob(library, jobId),
    log: (line) => logged.push(line),
    largeRequests: { slots: 1, waitMs: 300 },
  });
  const login = await fetch(new URL('/api/login', server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(server.url).origin },
    body: JSON.stringify({ login: 'wang', password: TEST_PASSWORD }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  expect(cookie.startsWith(sessionCookieName(libraryIdOf(library)))).toBe(true);
});

afterAll(async () => {
  await server?.close();
  library?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('no request ends the process or answers internal', () => {
  it('answers malformed paths with 4xx, signed in or not, and goes on serving', async () => {
    const paths = ['/exports/%', '/exports/%zz', '/exports/%E4%B8', `/exports/${'a'.repeat(5000)}`, '/%', '/%zz', '/assets/%c0%ae%c0%ae/x', `/${'x/'.repeat(3000)}`, '/api/%', '/api/%zz', '/api/getArticle%00'];
    for (const path of paths) {
      for (const withCookie of [true, false]) {
        const res = await fetch(new URL(path, server.url).href.replace(/%25/gu, '%'), {
          method: path.startsWith('/api/') ? 'POST' : 'GET',
          headers: { 'Content-Type': 'application/json', Origin: new URL(server.url).origin, ...(withCookie ? { Cookie: cookie } : {}) },
          ...(path.startsWith('/api/') ? { body: '{}' } : {}),
        });
        expect(res.status, `${path} (${withCookie ? 'signed in' : 'not signed in'})`).toBeGreaterThanOrEqual(400);
        expect(res.status, path).toBeLessThan(500);
      }
    }
    await stillServing(server);
  });

  it('answers broken HTTP and odd headers, and goes on serving', async () => {
    const port = portOf(server);
    expect((await rawExchange(port, 'GARBAGE\r\n\r\n')).status).toBe(400);
    expect((await rawExchange(port, `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)).status).not.toBe(500);
    expect((await rawExchange(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: \u0000\r\n\r\n')).status).toBe(400);
    for (const host of ['', 'a b', '[::1', '%', 'evil.example', '127.0.0.1:99999']) {
      const res = await rawExchange(port, `POST /api/listIssues HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
      expect(res.status, `Host "${host}"`).toBeGreaterThanOrEqual(400);
      expect(res.status, `Host "${host}"`).toBeLessThan(500);
    }
    const oddCookie = await post(server, 'listIssues', '{}', { Cookie: '%%%; =; ;;a=%E4' });
    expect(oddCookie.status).toBe(401);
    // A client that goes away mid-body.
    await rawExchange(port, `POST /api/updateArticle HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"articleId":`, 50);
    await stillServing(server);
  });

  it('refuses bodies that are not JSON, nested too deep or too large, for every method, with 4xx', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const deepObject = JSON.stringify(Array.from({ length: 40 }).reduce<unknown>((inner) => ({ children: [inner] }), { text: 'x' }));
    for (const method of API_METHODS) {
      for (const [what, body] of [['not JSON', '{"articleId": 1,'], ['deep arrays', deep], ['deep objects', `{"articleId":1,"x":${deepObject}}`]] as const) {
        const answer = await post(server, method, body);
        expect(answer.status, `${method}: ${what}`).toBe(400);
        expect(answer.envelope.error.code, `${method}: ${what}`).toBe('invalid_request');
      }
      // Declared larger than the method takes: refused from the Content-Length, before reading.
      const port = portOf(server);
      const limit = maxPayloadBytes(method);
      const res = await rawExchange(
        port,
        `POST /api/${method} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: ${limit + 1}\r\n\r\n{}`,
        20,
      );
      expect(res.status, `${method}: ${limit + 1} bytes declared`).toBe(413);
      expect(res.text).toContain('too_large');
    }
    // An article body nested thousands of levels deep, the shape the document schema recurses into.
    // Written as text: the test's own JSON.stringify would not get that deep.
    const node = '{"type":"paragraph","children":['.repeat(3000) + '{"type":"text","text":"深"}' + ']}'.repeat(3000);
    const article = library.db.prepare('SELECT id, revision FROM article ORDER BY id LIMIT 1').get() as { id: number; revision: number };
    const patch = `{"titleLines":["题"],"subtitle":null,"byline":null,"authorInfo":null,"body":{"root":{"type":"root","children":[${node}]}},"endMark":false,"notes":"","pageBudget":null,"runOn":null,"columns":null}`;
    for (const [method, payload] of [
      ['updateArticle', `{"articleId":${article.id},"baseRevision":${article.revision},"patch":${patch}}`],
      ['layoutArticle', `{"articleId":${article.id},"draft":${patch}}`],
    ] as const) {
      const answer = await post(server, method, payload);
      expect(answer.status, method).toBe(400);
      expect(answer.envelope.error.details.reason, method).toBe('too_deep');
    }
    // A body that says nothing of its length and runs past the limit is cut off while streaming.
    const chunked = await rawExchange(
      portOf(server),
      Buffer.concat([
        Buffer.from(`POST /api/renameSection HTTP/1.1\r\nHost: 127.0.0.1:${portOf(server)}\r\nOrigin: http://127.0.0.1:${portOf(server)}\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`),
        Buffer.from(`${(2 * 1024 * 1024).toString(16)}\r\n${'x'.repeat(2 * 1024 * 1024)}\r\n0\r\n\r\n`),
      ]),
      200,
    );
    expect(chunked.status).toBe(413);
    await stillServing(server);
  });

  it('answers a bug with 500 and a request id that the log line carries', async () => {
    const answer = await post(server, 'getPrintedToc', JSON.stringify({ issueId: 1 }));
    expect(answer.status).toBe(500);
    expect(answer.envelope.error.code).toBe('internal');
    const id = answer.envelope.error.details.requestId as string;
    expect(id).toMatch(/^[0-9a-f]{8}$/u);
    expect(answer.envelope.error.message).not.toContain('getPrintedToc');
    expect(logged.some((l) => l.includes(id))).toBe(true);
    await stillServing(server);
  });

  it('reads only a few large bodies at once: another gets 503 with Retry-After, and small calls go on', async () => {
    const port = portOf(server);
    // A large upload that trickles in holds the one slot this server has.
    const slow = rawExchange(
      port,
      `POST /api/updateArticle HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n{"articleId":1,"body":"`,
      1500,
    );
    await new Promise((r) => setTimeout(r, 100));
    const second = await post(server, 'updateArticle', JSON.stringify({ articleId: 1, body: 'x'.repeat(3 * 1024 * 1024) }));
    expect(second.status).toBe(503);
    expect(second.envelope.error.code).toBe('busy');
    expect(second.headers.get('retry-after')).toBe('5');
    await stillServing(server);
    await slow;
    // The slot is free again once the first is gone.
    const third = await post(server, 'updateArticle', JSON.stringify({ articleId: 1, body: 'x'.repeat(3 * 1024 * 1024) }));
    expect(third.status).toBe(400);
  });
});

describe('office mode keeps its Host check', () => {
  it('serves its own names and addresses and the configured ones, and refuses any other Host (DNS rebinding)', async () => {
    const names = servedHostNames('0.0.0.0', ['qikan.office.lan'], { eth0: [{ address: '192.168.1.20' } as never] }, 'desk-7');
    for (const n of ['localhost', '127.0.0.1', '::1', '192.168.1.20', 'desk-7', 'qikan.office.lan']) expect(names.has(n), n).toBe(true);
    expect(names.has('evil.example')).toBe(false);
    expect(servedHostNames('127.0.0.1', [], { eth0: [{ address: '192.168.1.20' } as never] }, 'desk-7').has('192.168.1.20')).toBe(false);

    const office = await startHttpTransport({
      handlers: createServices(library, access),
      access,
      libraryId: libraryIdOf(library),
      rendererDir,
      port: 0,
      host: '0.0.0.0',
      allowedHosts: ['qikan.office.lan'],
      log: () => undefined,
    });
    try {
      const port = portOf(office);
      const create = (host: string) =>
        rawExchange(
          port,
          `POST /api/createSection HTTP/1.1\r\nHost: ${host}:${port}\r\nOrigin: http://${host}:${port}\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 33\r\nConnection: close\r\n\r\n{"issueId":1,"name":"重新绑定的栏目"}`.replace('Content-Length: 33', `Content-Length: ${Buffer.byteLength('{"issueId":1,"name":"重新绑定的栏目"}')}`),
        );
      const sections = () => (library.db.prepare("SELECT count(*) AS n FROM section WHERE name = '重新绑定的栏目'").get() as { n: number }).n;
      const rebinding = await create('evil.example');
      expect(rebinding.status).toBe(403);
      expect(rebinding.text).toContain('host');
      expect(sections()).toBe(0);
      const configured = await create('qikan.office.lan');
      expect(configured.status).toBe(200);
      expect(sections()).toBe(1);
    } finally {
      await office.close();
    }
  });
});
