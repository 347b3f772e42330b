// Static files from the built renderer, confined to its folder.

import { realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.icc': 'application/vnd.iccprofile',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { kind: 'file'; file: string }
  | { kind: 'not_found' }
  | { kind: 'forbidden' } // escapes the folder, or a malformed path
  | { kind: 'bad_request' };

/**
 * Maps a raw request path ("/assets/a.js", percent-encoded) to a file inside root. Any path that
 * would leave root — "..", encoded or not, a backslash, a NUL, a symlink out — is forbidden.
 */
export function lookupStatic(root: string, rawPath: string): StaticLookup {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'bad_request' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden' };
  if (decoded.split('/').some((segment) => segment === '..')) return { kind: 'forbidden' };
  const rootResolved = resolve(root);
  const candidate = resolve(join(rootResolved, decoded === '/' ? 'index.html' : decoded));
  if (candidate !== rootResolved && !candidate.startsWith(rootResolved + sep)) return { kind: 'forbidden' };
  try {
    const real = realpathSync(candidate);
    const realRoot = realpathSync(rootResolved);
    if (!real.startsWith(realRoot + sep)) return { kind: 'forbidden' };
    if (!statSync(real).isFile()) return { kind: 'not_found' };
    return { kind: 'file', file: real };
  } catch {
    return { kind: 'not_found' };
  }
}
