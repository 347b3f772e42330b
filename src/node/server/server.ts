// Browser mode: one local HTTP server that serves the built renderer, the transport script and the
// API (POST /api/<method> → dispatch(), the same path the desktop IPC takes). Loopback by default;
// only same-origin requests reach the API.

import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { HTTP_API_PREFIX, isApiMethod } from '../../shared/api';
import { LARGE_REQUEST_BYTES, maxPayloadBytes, textWithinDepth, MAX_PAYLOAD_DEPTH } from '../../shared/payload-limits';
import os from 'node:os';
import { SESSION_COOKIE } from '../../shared/auth';
import { activeAdminCount } from '../auth/account-store';
import { createAccess, type Access, type AccessOptions } from '../auth/access';
import type { Envelope, ErrorCode, ErrorDetails } from '../../shared/errors';
import { dispatch, newRequestId, type ApiHandlers } from '../api/dispatch';
import { openLibrary, type Library } from '../library/open-library';
import { findResourcesDir } from '../paths';
import { EXPORT_DOWNLOAD_PREFIX, exportFileOfJob } from '../export/jobs';
import { createServices } from '../services';
import { ExportWorkerPool } from '../export/worker-pool';
import { contentTypeOf, lookupStatic } from './static-files';
import { TRANSPORT_SCRIPT_PATH, injectTransportTag, transportScript } from './transport-script';
import { HTTP_UPLOAD_PREFIX, isUploadKind, MAX_UPLOAD_BYTES } from '../../shared/uploads';
import { QikanError } from '../../shared/errors';
import { tooLargeUpload, uploadsOf, type UploadStore } from '../uploads/upload-store';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 5174;
/** Large requests (uploads, issue JSON) read at once; more wait for a turn or are told to come back. */
export const MAX_LARGE_REQUESTS = 2;
/** How long a large request waits for a turn before it is answered 503, ms. */
const LARGE_REQUEST_WAIT_MS = 10_000;
const RETRY_AFTER_SECONDS = 5;

/** Used when the renderer's index.html carries no CSP of its own. */
const FALLBACK_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const STATUS_OF: Record<ErrorCode, number> = {
  invalid_request: 400,
  import_invalid: 400,
  unknown_method: 404,
  not_found: 404,
  unauthenticated: 401,
  rate_limited: 429,
  busy: 503,
  conflict: 409,
  forbidden: 403,
  library_unreadable: 500,
  internal: 500,
};

export function httpStatusOf(envelope: Envelope<unknown>): number {
  return envelope.ok ? 200 : STATUS_OF[envelope.error.code] ?? 500;
}

export function defaultRendererDir(): string {
  return join(dirname(findResourcesDir()), 'out', 'renderer');
}

/** The CSP meta tag of index.html (the UI's single source), plus what only a header can say. */
export function contentSecurityPolicy(indexHtml: string): string {
  const meta = /<meta\s+[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(indexHtml)?.[0];
  const content = meta ? /content=(["'])([\s\S]*?)\1/i.exec(meta)?.[2] : undefined;
  const base = (content ?? FALLBACK_CSP).replace(/\s+/g, ' ').trim().replace(/;\s*$/, '');
  return /frame-ancestors/.test(base) ? base : `${base}; frame-ancestors 'none'`;
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}

function isLoopbackAddress(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** The session cookie's name carries the library's id: a cookie of another library is never read here. */
export function sessionCookieName(libraryId: string): string {
  return `${SESSION_COOKIE}_${libraryId.slice(0, 12)}`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

export interface HttpTransportOptions {
  handlers: ApiHandlers;
  /** Sessions and password checks of the library served. */
  access: Access;
  /** The library's id (library_meta), naming the session cookie. */
  libraryId: string;
  rendererDir: string;
  host?: string;
  port?: number;
  log?: (line: string) => void;
  /** Finished exports offered for download at /exports/<jobId>: the file of a job, or an error. */
  exportFile?: (jobId: string) => string;
  /** More names the office reaches the server by (a DNS name, say), besides its own host name and addresses. */
  allowedHosts?: string[];
  /** Large requests read at once and how long another waits for a turn (tests shorten the wait). */
  largeRequests?: { slots: number; waitMs: number };
  /** Where POST /uploads/<kind> streams files to (absent: uploads are refused). */
  uploads?: UploadStore;
}

function bareHost(name: string): string {
  return name.toLowerCase().replace(/^\[(.*)\]$/u, '$1').replace(/\.$/u, '');
}

/**
 * The names a Host header may carry (against DNS rebinding: a page of another site that made its
 * name point here still sends its own name). On loopback: the loopback names. Beyond it: also the
 * machine's host name and the addresses of its interfaces (or the one address it is bound to), and
 * the names the office configured.
 */
export function servedHostNames(host: string, extra: readonly string[] = [], interfaces = os.networkInterfaces(), hostname = os.hostname()): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  for (const n of extra) names.add(bareHost(n));
  if (isLoopback(host)) return names;
  const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]';
  if (!wildcard) names.add(bareHost(host));
  names.add(bareHost(hostname));
  if (wildcard) for (const list of Object.values(interfaces)) for (const a of list ?? []) names.add(bareHost(a.address));
  return names;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

function tooLarge(limit: number): RequestError {
  return new RequestError(413, 'invalid_request', `request body larger than ${limit} bytes`, {
    path: '(payload)',
    expected: `at most ${limit} bytes`,
    reason: 'too_large',
    limitMb: Math.round((limit / (1024 * 1024)) * 10) / 10,
  });
}

/** Turns for reading large request bodies: at most `slots` at once, the others queue a while. */
class LargeRequestTurns {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly slots: number) {}

  /** Resolves with a release function, or null when no turn came within `waitMs`. */
  take(waitMs: number): Promise<(() => void) | null> {
    const release = (): void => {
      this.active--;
      this.waiting.shift()?.();
    };
    if (this.active < this.slots) {
      this.active++;
      return Promise.resolve(once(release));
    }
    return new Promise((resolve) => {
      const turn = (): void => {
        clearTimeout(timer);
        this.active++;
        resolve(once(release));
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(turn);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(null);
      }, waitMs);
      this.waiting.push(turn);
    });
  }
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      f();
    }
  };
}

/** Starts the HTTP transport over the given handlers (tests pass spies; startServer the library). */
export async function startHttpTransport(opts: HttpTransportOptions): Promise<RunningServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const log = opts.log ?? (() => undefined);
  const indexFile = join(opts.rendererDir, 'index.html');
  if (!existsSync(indexFile)) {
    throw new Error(`No built app at ${opts.rendererDir}. Run \`npm run build\` first.`);
  }
  const indexHtml = injectTransportTag(readFileSync(indexFile, 'utf8'));
  const csp = contentSecurityPolicy(indexHtml);
  const script = transportScript();
  const cookieName = sessionCookieName(opts.libraryId);

  const securityHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };

  const send = (res: ServerResponse, status: number, type: string | null, body: string | Buffer | null, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...securityHeaders, ...(type ? { 'Content-Type': type } : {}), ...extra });
    res.end(body ?? undefined);
  };
  const sendEnvelope = (res: ServerResponse, status: number, envelope: Envelope<unknown>, extra: Record<string, string> = {}): void =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(envelope), { 'Cache-Control': 'no-store', ...extra });
  const sendError = (res: ServerResponse, err: RequestError, extra: Record<string, string> = {}): void =>
    sendEnvelope(res, err.status, { ok: false, error: { code: err.code, message: err.message, details: err.details } }, extra);

  /**
   * Host check for everything (against DNS rebinding); for the API also a same-origin check, so a
   * page on another site cannot drive it. Plain GETs of the app from elsewhere are harmless.
   */
  // Interfaces change (a laptop joins another network): the names are read again after a minute.
  let names: { at: number; set: Set<string> } | null = null;
  const hostNames = (): Set<string> => {
    if (!names || Date.now() - names.at > 60_000) names = { at: Date.now(), set: servedHostNames(host, opts.allowedHosts ?? []) };
    return names.set;
  };
  const refusal = (req: IncomingMessage, api: boolean): RequestError | null => {
    const hostHeader = req.headers.host ?? '';
    let hostName: string;
    try {
      hostName = new URL(`http://${hostHeader}`).hostname;
    } catch {
      return new RequestError(400, 'forbidden', 'malformed Host header', { reason: 'host' });
    }
    if (!hostNames().has(bareHost(hostName))) {
      return new RequestError(403, 'forbidden', `requests for host "${hostHeader.slice(0, 100)}" are refused`, { reason: 'host' });
    }
    if (!api) return null;
    const origin = req.headers.origin;
    // Browsers send Origin with every POST; a call without one is no page of ours (and no script of
    // another site gets to leave it out), so the API refuses it like a foreign one.
    if (origin === undefined) {
      return new RequestError(403, 'forbidden', 'API calls must come from the app (no Origin header)', { reason: 'origin' });
    }
    if (origin !== `http://${hostHeader}`) {
      return new RequestError(403, 'forbidden', `cross-origin request from ${origin} refused`, { reason: 'origin' });
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return new RequestError(403, 'forbidden', `cross-site request (${String(site)}) refused`, { reason: 'origin' });
    }
    return null;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string): Promise<void> => {
    if (req.method !== 'POST') {
      sendError(res, new RequestError(405, 'invalid_request', 'API calls use POST', { path: '(payload)', expected: 'POST' }), { Allow: 'POST' });
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    // Only JSON: a cross-site HTML form cannot send it without a CORS preflight, which is never granted.
    if (type !== 'application/json') {
      sendError(res, new RequestError(415, 'invalid_request', 'API calls send application/json', { path: '(payload)', expected: 'application/json' }));
      return;
    }
    // The method's own limit, from the Content-Length before anything is read (an unknown method gets
    // the default and its 404 from dispatch).
    const limit = isApiMethod(method) ? maxPayloadBytes(method) : maxPayloadBytes('getAuthState');
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      sendError(res, tooLarge(limit), { Connection: 'close' });
      req.resume();
      return;
    }
    const release = await largeTurn(req, res, declared);
    if (release === false) return;
    let raw: unknown;
    try {
      const text = await readBody(req, limit);
      if (!textWithinDepth(text)) {
        sendError(res, new RequestError(400, 'invalid_request', `request nested deeper than ${MAX_PAYLOAD_DEPTH} levels`, {
          path: '(payload)', expected: `at most ${MAX_PAYLOAD_DEPTH} levels of nesting`, reason: 'too_deep', depth: MAX_PAYLOAD_DEPTH,
        }));
        return;
      }
      raw = text.trim() === '' ? undefined : JSON.parse(text);
    } catch (err) {
      if (err instanceof RequestError) {
        // Stop reading the rest of an oversized body; the connection closes after the answer.
        sendError(res, err, { Connection: 'close' });
        req.resume();
        return;
      }
      sendError(res, new RequestError(400, 'invalid_request', 'request body is not JSON', { path: '(payload)', expected: 'JSON' }));
      return;
    } finally {
      // The body is read (or refused): the next large request may start while this one is served.
      release?.();
    }
    const address = req.socket.remoteAddress ?? '';
    const { envelope, session } = await dispatch(
      opts.handlers,
      opts.access,
      method,
      raw,
      {
        token: cookieValue(req.headers.cookie, cookieName),
        origin: address.replace(/^::ffff:/, ''),
        userAgent: String(req.headers['user-agent'] ?? ''),
        // The first administrator is created from the server machine itself, never over the network.
        setupAllowed: isLoopbackAddress(address),
      },
      (message, error) => log(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
    const cookie: Record<string, string> = {};
    if (session) {
      const maxAge = session.token === null ? 0 : Math.max(0, Math.floor((Date.parse(session.expiresAt) - Date.now()) / 1000));
      cookie['Set-Cookie'] = `${cookieName}=${session.token ?? ''}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`;
    }
    sendEnvelope(res, httpStatusOf(envelope), envelope, cookie);
  };

  /**
   * A large body (or one of unknown length) waits for one of a few turns, so a burst of uploads cannot
   * fill the memory or the disk's bandwidth; one that gets no turn in time is told when to come back
   * (false: answered). A small body needs no turn (null).
   */
  const largeTurn = async (req: IncomingMessage, res: ServerResponse, declared: number): Promise<(() => void) | null | false> => {
    if (Number.isFinite(declared) && declared <= LARGE_REQUEST_BYTES) return null;
    const release = await largeTurns.take(largeWaitMs);
    if (!release) {
      sendError(
        res,
        new RequestError(503, 'busy', 'the server is reading other large requests: try again shortly', { retryAfterSeconds: RETRY_AFTER_SECONDS }),
        { 'Retry-After': String(RETRY_AFTER_SECONDS), Connection: 'close' },
      );
      req.resume();
      return false;
    }
    res.once('close', release);
    return release;
  };

  /** POST /uploads/<kind>?name=…: the file's bytes streamed to the library's uploads/, for the person
   *  signed in; answered with the receipt whose id the method that uses the file names. */
  const handleUpload = async (req: IncomingMessage, res: ServerResponse, rawUrl: string, kindText: string): Promise<void> => {
    const refuse = (status: number, code: ErrorCode, message: string, details: ErrorDetails): void => {
      sendError(res, new RequestError(status, code, message, details), { Connection: 'close' });
      req.resume();
    };
    if (req.method !== 'POST') return refuse(405, 'invalid_request', 'uploads use POST', { path: '(upload)', expected: 'POST' });
    if (!opts.uploads || !isUploadKind(kindText)) return refuse(404, 'not_found', `no upload kind "${kindText.slice(0, 40)}"`, { entity: 'upload kind', id: kindText.slice(0, 40) });
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    // Not a type an HTML form can send: a cross-site page cannot upload without a preflight.
    if (type !== 'application/octet-stream') {
      return refuse(415, 'invalid_request', 'uploads send application/octet-stream', { path: '(upload)', expected: 'application/octet-stream' });
    }
    const actor = opts.access.sessions.resolve(cookieValue(req.headers.cookie, cookieName)).actor;
    if (!actor) return refuse(401, 'unauthenticated', 'log in first', { reason: 'none' });
    let fileName: string;
    try {
      fileName = new URL(rawUrl, 'http://upload').searchParams.get('name') ?? '';
    } catch {
      fileName = '';
    }
    if (fileName.trim() === '' || fileName.length > 255) {
      return refuse(400, 'invalid_request', 'an upload names its file (?name=, at most 255 characters)', { path: 'name', expected: 'a file name' });
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES[kindText]) {
      const err = tooLargeUpload(kindText);
      return refuse(413, err.code, err.message, err.details);
    }
    const release = await largeTurn(req, res, declared);
    if (release === false) return;
    try {
      const receipt = await opts.uploads.receive(req, { kind: kindText, fileName, accountId: actor.accountId });
      sendEnvelope(res, 200, { ok: true, value: receipt });
    } catch (err) {
      if (err instanceof QikanError) {
        const status = err.details.reason === 'too_large' ? 413 : httpStatusOf({ ok: false, error: err.toPayload() });
        return refuse(status, err.code, err.message, err.details);
      }
      // The client went away mid-upload: nobody to answer.
      if (req.destroyed || req.readableAborted) return;
      throw err;
    } finally {
      release?.();
    }
  };

  /** Downloads need a session like the API: a finished print file is not for anyone who guesses its id. */
  const signedIn = (req: IncomingMessage): boolean => opts.access.sessions.resolve(cookieValue(req.headers.cookie, cookieName)).actor !== null;

  const sendExport = (res: ServerResponse, jobId: string, head: boolean): void => {
    let file: string;
    try {
      file = opts.exportFile!(jobId);
    } catch {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
      return;
    }
    if (!existsSync(file)) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
      return;
    }
    res.writeHead(200, {
      ...securityHeaders,
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(basename(file))}`,
      'Cache-Control': 'no-store',
    });
    if (head) {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  const handleStatic = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const head = req.method === 'HEAD';
    if (path === '/favicon.ico') {
      send(res, 204, null, null);
      return;
    }
    if (path === TRANSPORT_SCRIPT_PATH) {
      send(res, 200, 'text/javascript; charset=utf-8', head ? null : script, { 'Cache-Control': 'no-store' });
      return;
    }
    if (path.startsWith(EXPORT_DOWNLOAD_PREFIX) && opts.exportFile) {
      if (!signedIn(req)) return send(res, 401, 'text/plain; charset=utf-8', 'Log in first\n');
      let jobId: string;
      try {
        jobId = decodeURIComponent(path.slice(EXPORT_DOWNLOAD_PREFIX.length));
      } catch {
        return send(res, 400, 'text/plain; charset=utf-8', 'Bad request\n');
      }
      sendExport(res, jobId, head);
      return;
    }
    if (path === '/' || path === '/index.html') {
      send(res, 200, 'text/html; charset=utf-8', head ? null : indexHtml, { 'Cache-Control': 'no-store' });
      return;
    }
    const found = lookupStatic(opts.rendererDir, path);
    if (found.kind === 'forbidden') return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden\n');
    if (found.kind === 'bad_request') return send(res, 400, 'text/plain; charset=utf-8', 'Bad request\n');
    if (found.kind === 'not_found') return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    res.writeHead(200, { ...securityHeaders, 'Content-Type': contentTypeOf(found.file) });
    if (head) {
      res.end();
      return;
    }
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  /** The one error boundary: a bug in any route answers 500 with a request id (and is logged with it);
   *  the server goes on serving. */
  const failed = (req: IncomingMessage, res: ServerResponse, err: unknown): void => {
    const requestId = newRequestId();
    log(`qikan: ${req.method ?? '?'} ${String(req.url ?? '').slice(0, 200)} failed [${requestId}]: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    try {
      if (!res.headersSent) sendError(res, new RequestError(500, 'internal', `internal error (request ${requestId})`, { requestId }));
      else res.destroy();
    } catch {
      res.destroy();
    }
  };

  const largeTurns = new LargeRequestTurns(opts.largeRequests?.slots ?? MAX_LARGE_REQUESTS);
  const largeWaitMs = opts.largeRequests?.waitMs ?? LARGE_REQUEST_WAIT_MS;

  const server: Server = createServer((req, res) => {
    // A request stream that fails (a client gone mid-upload) must not take the process with it.
    req.on('error', () => res.destroy());
    res.on('error', () => undefined);
    try {
      const rawUrl = req.url ?? '/';
      const path = rawUrl.split(/[?#]/)[0]!;
      const refused = refusal(req, path.startsWith(HTTP_API_PREFIX) || path.startsWith(HTTP_UPLOAD_PREFIX));
      if (refused) {
        log(`qikan: refused ${req.method ?? '?'} ${path.slice(0, 200)}: ${refused.message}`);
        sendError(res, refused);
        return;
      }
      if (path.startsWith(HTTP_API_PREFIX)) {
        handleApi(req, res, path.slice(HTTP_API_PREFIX.length)).catch((err: unknown) => failed(req, res, err));
        return;
      }
      if (path.startsWith(HTTP_UPLOAD_PREFIX)) {
        handleUpload(req, res, rawUrl, path.slice(HTTP_UPLOAD_PREFIX.length)).catch((err: unknown) => failed(req, res, err));
        return;
      }
      handleStatic(req, res, path);
    } catch (err) {
      failed(req, res, err);
    }
  });
  // Malformed HTTP (bad request lines, oversized headers) is answered and the connection closed.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export interface ServerOptions {
  dataDir: string;
  host?: string;
  port?: number;
  rendererDir?: string;
  log?: (line: string) => void;
  /** Session limits and the login limiter (tests shorten them). */
  access?: AccessOptions;
  /** The export worker's script (default: out/node/export-worker.cjs beside this bundle); null runs exports in this thread. */
  exportWorker?: string | null;
  /** Names besides the machine's own the office reaches the server by (checked against Host). */
  allowedHosts?: string[];
}

/** Raised when the server would listen beyond loopback on a library with no administrator. */
export class NoAdministratorError extends Error {
  constructor(readonly host: string) {
    super(`no administrator account: create one with "npm run cli -- user add" before serving on ${host}`);
    this.name = 'NoAdministratorError';
  }
}

export function libraryIdOf(lib: Library): string {
  return (lib.db.prepare("SELECT value FROM library_meta WHERE key = 'library_id'").get() as { value: string }).value;
}

/** Opens the library at dataDir and serves it; close() stops the server and closes the library. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built app at ${rendererDir}. Run \`npm run build\` first.`);
  }
  const library = openLibrary({ dataDir: opts.dataDir });
  try {
    const host = opts.host ?? DEFAULT_HOST;
    // Beyond loopback anyone on the network could claim the first-run setup: accounts come first.
    if (!isLoopback(host) && activeAdminCount(library.db) === 0) throw new NoAdministratorError(host);
    const access = createAccess(library, opts.access);
    // Exports run in worker threads when the worker is built beside this bundle (always for `npm run web`).
    const workerFile = opts.exportWorker === undefined ? ExportWorkerPool.besideBundle() : opts.exportWorker;
    const exportPool = workerFile ? new ExportWorkerPool(workerFile) : null;
    const transport = await startHttpTransport({
      handlers: createServices(library, access, { exportPool }),
      access,
      libraryId: libraryIdOf(library),
      rendererDir,
      exportFile: (jobId) => exportFileOfJob(library, jobId),
      uploads: uploadsOf(library),
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.log ? { log: opts.log } : {}),
      ...(opts.allowedHosts ? { allowedHosts: opts.allowedHosts } : {}),
    });
    return {
      url: transport.url,
      close: async () => {
        try {
          await transport.close();
          await exportPool?.close();
        } finally {
          uploadsOf(library).clear();
          library.close();
        }
      },
    };
  } catch (err) {
    library.close();
    throw err;
  }
}
