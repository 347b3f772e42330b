// How much a request may carry, by API method, and how deep its JSON may nest. The server refuses a
// larger body from its Content-Length, or as soon as the stream passes the limit, before buffering
// or parsing it; a payload nested deeper than any real one is refused before a schema (or anything
// recursive) walks it. The limits sit just above what each method's schema accepts. Pure.

import type { ApiMethod } from './api';

const KB = 1024;
const MB = 1024 * KB;

/** Everything not listed below: ids, names, settings, corrections. */
export const DEFAULT_PAYLOAD_BYTES = 1 * MB;

/** Methods that carry an article body (at most 5 M characters of JSON, up to 3 bytes each). Files
 *  never travel inside a call: they are uploaded first (shared/uploads.ts) and named by id. */
const LARGE_PAYLOAD_BYTES: Partial<Record<ApiMethod, number>> = {
  updateArticle: 16 * MB,
  layoutArticle: 16 * MB,
};

export function maxPayloadBytes(method: ApiMethod): number {
  return LARGE_PAYLOAD_BYTES[method] ?? DEFAULT_PAYLOAD_BYTES;
}

/** A request above this size counts as large: only a few are read at once (the rest wait their turn). */
export const LARGE_REQUEST_BYTES = 2 * MB;

/** An article's document is root → block → list item → text, a few levels; settings a few more. */
export const MAX_PAYLOAD_DEPTH = 32;

/** The nesting depth of a JSON value is at most `max` (arrays and objects count a level each). */
export function withinDepth(value: unknown, max: number = MAX_PAYLOAD_DEPTH): boolean {
  // An explicit stack: the check itself must not recurse on what it is there to bound.
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return false;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
  }
  return true;
}

/** The nesting depth of JSON text is at most `max`, judged before JSON.parse (brackets outside strings). */
export function textWithinDepth(text: string, max: number = MAX_PAYLOAD_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (inString) {
      if (c === 0x5c) k++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return false;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return true;
}
