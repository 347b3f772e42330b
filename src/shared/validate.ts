// Payload validation used by both transports before a service is reached. Pure.

import type { z } from 'zod';
import { apiInputs, isApiMethod, type ApiInput, type ApiMethod } from './api';
import { QikanError } from './errors';

/** "patch.titleLines[0]" from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || '(payload)';
}

/** A short English statement of what a zod issue expected. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `${issue.expected}`;
    case 'too_small':
      return `${issue.origin === 'string' ? 'length' : issue.origin === 'array' ? 'items' : 'value'} >= ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.origin === 'string' ? 'length' : issue.origin === 'array' ? 'items' : 'value'} <= ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `no key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** Validates with any zod schema; the first problem becomes a QikanError naming the path. */
export function parseOrThrow<T>(schema: z.ZodType<T>, raw: unknown, code: 'invalid_request' | 'import_invalid' = 'invalid_request', pathPrefix = ''): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const unrecognized = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const path = (pathPrefix ? pathPrefix + (unrecognized.length ? '.' : '') : '') + (unrecognized.length || !pathPrefix ? formatPath(unrecognized) : '');
  const expected = describeIssue(issue);
  throw new QikanError(code, `${path}: expected ${expected}`, { path, expected });
}

export function validateInput<M extends ApiMethod>(method: M, raw: unknown): ApiInput<M> {
  return parseOrThrow(apiInputs[method] as unknown as z.ZodType<ApiInput<M>>, raw);
}

export function assertMethod(m: string): ApiMethod {
  if (!isApiMethod(m)) throw new QikanError('unknown_method', `unknown method "${m}"`, { id: m });
  return m;
}
