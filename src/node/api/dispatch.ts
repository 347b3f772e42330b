// The single entry both transports call. In order: who is speaking (the session), may they call this
// method (METHOD_RULES, before the payload is even validated), is the payload valid, does the call
// need the password again (a signature), is the issue frozen by its 付印; then the service runs and,
// for a change, its line in the record (操作记录) is written in the same transaction.
// IPC (src/main/ipc.ts) and HTTP (src/node/server) add only their own sender checks around it.

import { type ApiInput, type ApiMethod, type ApiOutputs } from '../../shared/api';
import { allowedFor, METHOD_RULES, mutates, type Actor } from '../../shared/auth';
import { QikanError, type Envelope } from '../../shared/errors';
import { assertMethod, validateInput } from '../../shared/validate';
import { MAX_PAYLOAD_DEPTH, withinDepth } from '../../shared/payload-limits';
import { randomBytes } from 'node:crypto';
import type { Access } from '../auth/access';
import { isFrozen } from '../proof/freeze';
import { recordActivity, type ActivityInput } from '../record/activity-store';
import { scopeOf, type CallScope } from '../record/scope';
import { readTransaction, writeTransaction } from '../library/transaction';

/** What a transport knows about a call. */
export interface CallInfo {
  /** The session token (cookie or the desktop window's), or null. */
  token: string | null;
  /** Address of the caller, or 'desktop'. */
  origin: string;
  userAgent: string;
  /** The first administrator may be created from here (loopback or the desktop app). */
  setupAllowed: boolean;
}

type RecordParams = Record<string, string | number | boolean | null>;

/** What a service gets besides the payload. */
export interface CallContext {
  readonly actor: Actor | null;
  readonly sessionId: string | null;
  readonly call: CallInfo;
  /** The signed-in person; a service asking for it on a public method is a bug. */
  requireActor(): Actor;
  /** Adds to this call's record line: params it shows, a note (a reason) the person gave. */
  note(params: RecordParams, text?: string): void;
  /** Names what the call made or replaced (a new issue, article), for its record line. */
  about(ids: { issueId?: number; articleId?: number; roundId?: number }): void;
  /** Writes a line of its own now (a login, a take-over), in the running transaction. */
  record(line: Partial<ActivityInput> & { action: string }): void;
  /** Set by login, setup and logout: the session the transport must keep, or drop (token null). */
  issueSession(session: { token: string; expiresAt: string } | { token: null }): void;
}

/** Every service method. `ctx` is always given by dispatch(); tests of services that need no person omit it. */
export type ApiHandlers = {
  [M in ApiMethod]: (input: ApiInput<M>, ctx?: CallContext) => ApiOutputs[M] | Promise<ApiOutputs[M]>;
};

/** The signed-in person of a call; a service that needs one and has none refuses (never guesses). */
export function actorOfCall(ctx: CallContext | undefined): Actor {
  if (!ctx?.actor) throw new QikanError('unauthenticated', 'this needs a signed-in person', { reason: 'none' });
  return ctx.actor;
}

/** The context itself, for services that must have one (accounts, presence, proofreading). */
export function contextOfCall(ctx: CallContext | undefined): CallContext {
  if (!ctx) throw new QikanError('unauthenticated', 'this needs a call context', { reason: 'none' });
  return ctx;
}

export type Logger = (message: string, error?: unknown) => void;

const defaultLogger: Logger = (message, error) => console.error(message, error ?? '');

/** Changes still allowed on an issue whose 付印 stands: they do not touch what was signed. */
const ALLOWED_WHEN_FROZEN: ReadonlySet<ApiMethod> = new Set<ApiMethod>(['withdrawSignOff', 'signRound', 'startExport', 'startProofExport', 'replyToCorrection']);

/** Methods whose payload carries the person's password again (a signature, a withdrawal). */
const REAUTH: ReadonlySet<ApiMethod> = new Set<ApiMethod>(['signRound', 'withdrawSignOff']);

/** Refusals that concern a person: written to the record (a role they lack, a wrong password, an edit
 *  of a signed-off issue, a save against someone else's lock). */
const RECORDED_REFUSALS = new Set(['forbidden', 'unauthenticated', 'rate_limited']);
const RECORDED_CONFLICTS = new Set(['signed_off', 'locked', 'same_person', 'stale_revision']);

export interface DispatchResult {
  envelope: Envelope<unknown>;
  /** A session the call opened or closed, for the transport to keep. */
  session?: { token: string; expiresAt: string } | { token: null };
}

/**
 * Reading methods whose handler may still write: the first look at an issue's rounds creates the
 * default ones, and taking over an article writes a line in the record. Their transaction must be a
 * write transaction like a change's: a write inside a read transaction fails at once ("database is
 * locked") when another process (the command line) is writing.
 */
const READS_THAT_WRITE: ReadonlySet<ApiMethod> = new Set<ApiMethod>(['listRounds', 'getQualityFigures', 'getSignOffState', 'enterArticle']);

/** Whether a call may write: a change, a public method (logging in, the first-run setup) or one of READS_THAT_WRITE. */
function mayWrite(m: ApiMethod): boolean {
  return METHOD_RULES[m].kind === 'public' || mutates(m) || READS_THAT_WRITE.has(m);
}

/** A short id for a request that failed on a bug: the person quotes it, the log line carries it. */
export function newRequestId(): string {
  return randomBytes(4).toString('hex');
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

export async function dispatch(
  handlers: ApiHandlers,
  access: Access,
  method: string,
  raw: unknown,
  call: CallInfo,
  log: Logger = defaultLogger,
): Promise<DispatchResult> {
  const db = access.db;
  let actor: Actor | null = null;
  let scope: CallScope = { issueId: null, articleId: null, roundId: null, params: {} };
  let session: DispatchResult['session'];
  const extra: { params: RecordParams; note: string } = { params: {}, note: '' };
  // A service that writes its call's line itself (an async one, inside its own transaction) is not written twice.
  let selfRecorded = false;

  const line = (m: string, outcome: 'done' | 'refused', more: Partial<ActivityInput> = {}): ActivityInput => ({
    accountId: actor?.accountId ?? null,
    actorName: actor?.displayName ?? '',
    action: m,
    outcome,
    issueId: scope.issueId,
    articleId: scope.articleId,
    roundId: scope.roundId,
    params: { ...scope.params, ...extra.params },
    note: extra.note,
    origin: call.origin,
    ...more,
  });

  try {
    const m = assertMethod(method);
    const resolved = access.sessions.resolve(call.token);
    actor = resolved.actor;
    const rawObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const permission = allowedFor(m, actor?.roles ?? null, rawObject);
    if (!permission.allowed) {
      if (permission.reason === 'not_signed_in') {
        throw new QikanError('unauthenticated', `${m} needs a signed-in person`, { reason: resolved.actor ? 'none' : resolved.reason, method: m });
      }
      scope = scopeOf(db, rawObject);
      throw new QikanError('forbidden', `${actor!.displayName} lacks the role for ${m} (needs ${permission.needed.join(', ')})`, {
        reason: 'role',
        method: m,
        needed: permission.needed.join('、'),
      });
    }
    // Before the schema walks it (recursively): a payload nested deeper than any real one is refused.
    if (!withinDepth(raw)) {
      throw new QikanError('invalid_request', `payload nested deeper than ${MAX_PAYLOAD_DEPTH} levels`, {
        path: '(payload)', expected: `at most ${MAX_PAYLOAD_DEPTH} levels of nesting`, reason: 'too_deep', depth: MAX_PAYLOAD_DEPTH,
      });
    }
    const input = validateInput(m, raw) as Record<string, unknown>;
    if (METHOD_RULES[m].kind !== 'public') scope = scopeOf(db, input);

    if (REAUTH.has(m) && actor) {
      const wait = access.limiter.retryAfter(actor.login, call.origin);
      if (wait > 0) throw new QikanError('rate_limited', `too many wrong passwords: wait ${wait} s`, { retryAfterSeconds: wait });
      if (!(await access.checkPassword(actor.accountId, String(input['password'])))) {
        access.limiter.failed(actor.login, call.origin);
        throw new QikanError('unauthenticated', 'the password is wrong', { reason: 'wrong_password' });
      }
    }
    if (mutates(m) && !ALLOWED_WHEN_FROZEN.has(m) && scope.issueId !== null && isFrozen(db, scope.issueId)) {
      throw new QikanError('conflict', `issue ${scope.issueId} is signed off for print (付印): the 主编 must withdraw the signature before it changes`, {
        reason: 'signed_off',
        id: scope.issueId,
      });
    }

    const ctx: CallContext = {
      actor,
      sessionId: resolved.actor ? resolved.sessionId : null,
      call,
      requireActor() {
        if (!actor) throw new QikanError('unauthenticated', `${m} needs a signed-in person`, { reason: 'none', method: m });
        return actor;
      },
      note(params, text) {
        Object.assign(extra.params, params);
        if (text !== undefined) extra.note = text;
      },
      about(ids) {
        if (ids.issueId !== undefined) scope.issueId = ids.issueId;
        if (ids.articleId !== undefined) scope.articleId = ids.articleId;
        if (ids.roundId !== undefined) scope.roundId = ids.roundId;
      },
      record(more) {
        if (more.action === m) selfRecorded = true;
        recordActivity(db, line(more.action, more.outcome ?? 'done', more));
      },
      issueSession(s) {
        session = s;
      },
    };
    const reason = input['reason'] ?? input['overrideReason'] ?? input['takeOverReason'];
    if (typeof reason === 'string') extra.note = reason;

    const handler = handlers[m] as (input: unknown, ctx: CallContext) => unknown;
    let pending: PromiseLike<unknown> | null = null;
    let value: unknown;
    // The change and its record line commit together. An async service's first synchronous part runs
    // in the transaction too; its line is written once it has finished. A call that may write takes the
    // write lock first (BEGIN IMMEDIATE, see library/transaction.ts); a pure read reads one snapshot.
    (mayWrite(m) ? writeTransaction : readTransaction)(db, () => {
      value = handler(input, ctx);
      if (isThenable(value)) pending = value;
      else if (mutates(m) && !selfRecorded) recordActivity(db, line(m, 'done'));
    });
    if (pending) {
      value = await pending;
      if (mutates(m) && !selfRecorded) recordActivity(db, line(m, 'done'));
    }
    return { envelope: { ok: true, value }, ...(session ? { session } : {}) };
  } catch (err) {
    if (err instanceof QikanError) {
      const recorded = RECORDED_REFUSALS.has(err.code) || (err.code === 'conflict' && RECORDED_CONFLICTS.has(String(err.details.reason)));
      if (recorded && actor && method !== 'login') {
        try {
          recordActivity(db, line(method, 'refused', { params: { ...scope.params, code: err.code, reason: String(err.details.reason ?? '') } }));
        } catch (recordErr) {
          log(`qikan: could not record a refused ${method}`, recordErr);
        }
      }
      return { envelope: { ok: false, error: err.toPayload() }, ...(session ? { session } : {}) };
    }
    // A bug: the person sees an id that names this line of the log, not the error's own text.
    const requestId = newRequestId();
    log(`qikan: ${method} failed [${requestId}]`, err);
    return { envelope: { ok: false, error: { code: 'internal', message: `internal error (request ${requestId})`, details: { requestId } } } };
  }
}
