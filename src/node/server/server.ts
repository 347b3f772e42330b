// Browser mode: one local HTTP server that serves the built renderer, the transport script and the
// API (POST /api/<method> → dispatch(), the same path the desktop IPC takes). Loopback by default;
// only same-origin requests reach the API.

import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { HTTP_API_PREFIX } from '../../shared/api';
import { SESSION_COOKIE } from '../../shared/auth';
import { activeAdminCount } from '../auth/account-store';
import { createAccess, type Access, type AccessOptions } from '../auth/access';
import type { Envelope, ErrorCode, ErrorDetails } from '../../shared/errors';
import { dispatch, type ApiHandlers } from '../api/dispatch';
import { openLibrary, type Library } from '../library/open-library';
import { findResourcesDir } from '../paths';
import { EXPORT_DOWNLOAD_PREFIX, exportFileOfJob } from '../export/jobs';
import { createServices } from '../services';
import { ExportWorkerPool } from '../export/worker-pool';
import { contentTypeOf, lookupStatic } from './static-files';
import { TRANSPORT_SCRIPT_PATH, injectTransportTag, transportScript } from './transport-script';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 5174;
/** An import of the largest issue JSON the API accepts (20 M characters, up to 3 bytes each) fits. */
export const MAX_BODY_BYTES = 100 * 1024 * 1024; // above the largest payload the contract allows (90 million base64 characters)

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
  });
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
  const refusal = (req: IncomingMessage, api: boolean): RequestError | null => {
    const hostHeader = req.headers.host ?? '';
    let hostName: string;
    try {
      hostName = new URL(`http://${hostHeader}`).hostname;
    } catch {
      return new RequestError(400, 'forbidden', 'malformed Host header', { reason: 'host' });
    }
    if (isLoopback(host) && !isLoopback(hostName)) {
      return new RequestError(403, 'forbidden', `requests for host "${hostHeader}" are refused`, { reason: 'host' });
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
    let raw: unknown;
    try {
      const text = await readBody(req, MAX_BODY_BYTES);
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

  const server: Server = createServer((req, res) => {
    const rawUrl = req.url ?? '/';
    const path = rawUrl.split(/[?#]/)[0]!;
    const refused = refusal(req, path.startsWith(HTTP_API_PREFIX));
    if (refused) {
      log(`qikan: refused ${req.method ?? '?'} ${path}: ${refused.message}`);
      sendError(res, refused);
      return;
    }
    if (path.startsWith(HTTP_API_PREFIX)) {
      handleApi(req, res, path.slice(HTTP_API_PREFIX.length)).catch((err: unknown) => {
        log(`qikan: ${path} failed: ${String(err)}`);
        if (!res.headersSent) sendError(res, new RequestError(500, 'internal', 'internal error', {}));
        else res.destroy();
      });
      return;
    }
    handleStatic(req, res, path);
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
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
    return {
      url: transport.url,
      close: async () => {
        try {
          await transport.close();
          await exportPool?.close();
        } finally {
          library.close();
        }
      },
    };
  } catch (err) {
    library.close();
    throw err;
  }
}
