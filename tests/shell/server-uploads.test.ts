// POST /uploads/<kind>: a file's bytes streamed into the library's uploads folder for the person
// signed in, refused before it is read when it is not theirs to send or larger than its kind allows,
// and never left behind half-written; the method that uses it names it by id.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccess, type Access } from '../../src/node/auth/access';
import type { Library } from '../../src/node/library/open-library';
import { libraryIdOf, startHttpTransport, type RunningServer } from '../../src/node/server/server';
import { createServices } from '../../src/node/services';
import { uploadsOf } from '../../src/node/uploads/upload-store';
import { MAX_UPLOAD_BYTES } from '../../src/shared/uploads';
import { openSampleLibrary, removeTempDirs, tempDir } from '../node/helpers';
import { addPerson, TEST_PASSWORD } from '../support/people';

let library: Library;
let access: Access;
let server: RunningServer;
let origin: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  library = openSampleLibrary();
  access = createAccess(library);
  await addPerson(library, '王编辑', ['主编', '编辑部主任', '责任编辑', '美编'], 'wang');
  await addPerson(library, '赵美编', ['美编'], 'zhao');
  const rendererDir = tempDir('qikan-uploads-renderer-');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>fixture</title>');
  server = await startHttpTransport({
    handlers: createServices(library, access),
    access,
    libraryId: libraryIdOf(library),
    rendererDir,
    port: 0,
    uploads: uploadsOf(library),
    log: () => undefined,
    largeRequests: { slots: 2, waitMs: 2000 },
  });
  origin = new URL(server.url).origin;
  for (const login of ['wang', 'zhao']) {
    const res = await fetch(new URL('/api/login', server.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin },
      body: JSON.stringify({ login, password: TEST_PASSWORD }),
    });
    cookies[login] = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  }
});

afterAll(async () => {
  await server?.close();
  uploadsOf(library).clear();
  library?.close();
  removeTempDirs();
});

/** The files waiting in uploads/ (none when the folder was never needed). */
const waiting = () => (existsSync(uploadsOf(library).dir) ? readdirSync(uploadsOf(library).dir).sort() : []);

async function upload(kind: string, name: string | null, body: Buffer | string, headers: Record<string, string> = {}) {
  const query = name === null ? '' : `?name=${encodeURIComponent(name)}`;
  const res = await fetch(new URL(`/uploads/${kind}${query}`, server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', Origin: origin, Cookie: cookies.wang!, ...headers },
    body,
  });
  return { status: res.status, envelope: (await res.json()) as any };
}

async function call(who: string, method: string, input: unknown) {
  const res = await fetch(new URL(`/api/${method}`, server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookies[who]! },
    body: JSON.stringify(input),
  });
  return { status: res.status, envelope: (await res.json()) as any };
}

/** Streams `total` bytes in chunks of unknown total length (no Content-Length), or stops after `abortAfter`. */
function chunkedUpload(kind: string, total: number, abortAfter?: number): Promise<{ status: number | null; text: string }> {
  return new Promise((resolve) => {
    const url = new URL(`/uploads/${kind}?name=big.bin`, server.url);
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', Origin: origin, Cookie: cookies.wang!, 'Transfer-Encoding': 'chunked' } });
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(1024 * 1024, 7);
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? null, text }));
      res.on('error', () => resolve({ status: res.statusCode ?? null, text }));
    });
    req.on('error', () => resolve({ status: null, text: '' }));
    const pump = (): void => {
      while (!answered && sent < total) {
        if (abortAfter !== undefined && sent >= abortAfter) {
          req.destroy();
          setTimeout(() => resolve({ status: null, text: '' }), 200);
          return;
        }
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('POST /uploads/<kind>', () => {
  it('refuses what is not a signed-in person’s file of a known kind, before reading it', async () => {
    expect((await upload('photo', 'a.jpg', 'x', { Cookie: '' })).status).toBe(401);
    expect((await upload('photo', 'a.jpg', 'x', { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await upload('photo', 'a.jpg', 'x', { 'Content-Type': 'multipart/form-data; boundary=x' })).status).toBe(415);
    expect((await upload('video', 'a.mp4', 'x')).status).toBe(404);
    expect((await upload('photo', null, 'x')).envelope).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { path: 'name' } } });
    const get = await fetch(new URL('/uploads/photo?name=a.jpg', server.url), { headers: { Cookie: cookies.wang!, Origin: origin } });
    expect(get.status).toBe(405);
    expect(waiting()).toEqual([]);
  });

  it('refuses a declared length past the kind’s limit with 413 before a byte is read', async () => {
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(new URL('/uploads/font?name=big.ttf', server.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', Origin: origin, Cookie: cookies.wang!, 'Content-Length': String(MAX_UPLOAD_BYTES.font + 1) },
      });
      req.on('response', (r) => {
        let text = '';
        r.on('data', (d) => (text += d));
        r.on('end', () => resolve({ status: r.statusCode!, text }));
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024));
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { reason: 'too_large', limitMb: 64 } } });
    expect(waiting()).toEqual([]);
  });

  it('refuses a body of unknown length as soon as it passes the limit, keeping nothing, and goes on serving', async () => {
    const answer = await chunkedUpload('font', MAX_UPLOAD_BYTES.font + 32 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(waiting()).toEqual([]);
    expect((await call('wang', 'listIssues', {})).status).toBe(200);
  }, 60_000);

  it('keeps nothing of a file whose sender went away mid-way', async () => {
    await chunkedUpload('photo', 20 * 1024 * 1024, 4 * 1024 * 1024);
    const deadline = Date.now() + 5000;
    while (waiting().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(waiting()).toEqual([]);
    expect(uploadsOf(library).figures().uploads).toBe(0);
  });

  it('takes a photo, which importPhoto then names; nobody else can use it, and it is gone once used', async () => {
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const sent = await upload('photo', '../运河 月明.jpg', jpeg);
    expect(sent).toMatchObject({ status: 200, envelope: { ok: true, value: { kind: 'photo', fileName: '运河 月明.jpg', size: jpeg.length } } });
    const uploadId = sent.envelope.value.uploadId as string;
    expect(waiting()).toEqual([`${process.pid}-${uploadId}`]);
    const input = { issueId: 1, articleId: null, placement: 'back-cover', upload: uploadId };
    // Another person holding the id gets what a wrong id gets.
    expect((await call('zhao', 'importPhoto', input)).envelope).toMatchObject({ ok: false, error: { code: 'not_found', details: { reason: 'upload_missing' } } });
    const imported = await call('wang', 'importPhoto', input);
    expect(imported.envelope).toMatchObject({ ok: true, value: { placement: 'back-cover', widthPx: 1200, heightPx: 800 } });
    expect(waiting()).toEqual([]);
    expect((await call('wang', 'importPhoto', input)).status).toBe(404);
  });
});
