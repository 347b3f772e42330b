// Errors that cross a process boundary. Each carries a stable code (the renderer and the command
// line translate it through the locale files) and details naming what was wrong.
// Pure.

export type ErrorCode =
  | 'invalid_request' // a payload failed validation: details.path, details.expected
  | 'unknown_method'
  | 'not_found' // details.entity, details.id
  | 'conflict' // e.g. a stale revision or a duplicate issue: details.reason
  | 'import_invalid' // an issue JSON that does not match the schema: details.path, details.expected
  | 'library_unreadable' // the library file is not a database or is corrupt: details.file
  | 'forbidden' // IPC from a frame that is not the app's; a role the person lacks: details.reason 'role', details.needed
  | 'unauthenticated' // no session, an expired or unknown one, a wrong password: details.reason
  | 'rate_limited' // too many failed logins: details.retryAfterSeconds
  | 'busy' // the server is reading as many large requests as it takes at once: details.retryAfterSeconds
  | 'internal'; // a bug: details.requestId names the line in the server's log

export interface ErrorDetails {
  path?: string;
  expected?: string;
  entity?: string;
  id?: string | number;
  reason?: string;
  file?: string;
  [key: string]: string | number | undefined;
}

export interface ErrorPayload {
  code: ErrorCode;
  /** English, for logs and scripts; the UI shows the locale text for `code` instead. */
  message: string;
  details: ErrorDetails;
}

export class QikanError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'QikanError';
    this.code = code;
    this.details = details;
  }
  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message, details: this.details };
  }
  static fromPayload(p: ErrorPayload): QikanError {
    return new QikanError(p.code, p.message, p.details ?? {});
  }
}

/** What every transport returns: the renderer unwraps it the same way for IPC and HTTP. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };
