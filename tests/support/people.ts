// People for tests: accounts made straight in a library (with a cheap scrypt cost, read back from the
// hash like any other), a call context as dispatch() builds it, and calls through dispatch() itself.

import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api';
import { ROLES, type Actor, type Role } from '../../src/shared/auth';
import { QikanError, type Envelope } from '../../src/shared/errors';
import { dispatch, type ApiHandlers, type CallContext, type CallInfo } from '../../src/node/api/dispatch';
import { actorOf, insertAccount } from '../../src/node/auth/account-store';
import { createAccess, type Access } from '../../src/node/auth/access';
import { hashPassword } from '../../src/node/auth/passwords';
import type { Library } from '../../src/node/library/open-library';
import { recordActivity } from '../../src/node/record/activity-store';
import { scopeOf } from '../../src/node/record/scope';
import { createServices } from '../../src/node/services';
import { createAccountService } from '../../src/node/services/account-service';
import { uploadsOf } from '../../src/node/uploads/upload-store';
import type { UploadKind } from '../../src/shared/uploads';

/** Cheap enough for hundreds of accounts in a test run; production uses DEFAULT_SCRYPT. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 } as const;
export const TEST_PASSWORD = 'correct horse 9';

let counter = 0;

export async function addPerson(lib: Library, displayName: string, roles: readonly Role[], login?: string, password = TEST_PASSWORD): Promise<Actor> {
  counter += 1;
  const row = insertAccount(lib.db, {
    login: login ?? `p${counter}x${Math.floor(Math.random() * 1e6)}`,
    displayName,
    roles,
    passwordHash: await hashPassword(password, TEST_SCRYPT),
  });
  return actorOf(row);
}

/** A context for calling a service directly as `actor` (what dispatch gives it); its lines go to the record. */
export function contextAs(lib: Library, actor: Actor | null, input: Record<string, unknown> = {}): CallContext {
  const call: CallInfo = { token: null, origin: 'test', userAgent: 'vitest', setupAllowed: true };
  return {
    actor,
    sessionId: null,
    call,
    requireActor() {
      if (!actor) throw new QikanError('unauthenticated', 'no person', { reason: 'none' });
      return actor;
    },
    note() {},
    about() {},
    record(more) {
      const scope = scopeOf(lib.db, input);
      recordActivity(lib.db, {
        accountId: actor?.accountId ?? null,
        actorName: actor?.displayName ?? '',
        outcome: 'done',
        issueId: scope.issueId,
        articleId: scope.articleId,
        roundId: scope.roundId,
        origin: 'test',
        ...more,
      });
    },
    issueSession() {},
  };
}

/** A logged-in session through the real login path; returns a caller that goes through dispatch(). */
export async function sessionOf(handlers: ApiHandlers, access: Access, login: string, password = TEST_PASSWORD) {
  const info: CallInfo = { token: null, origin: '127.0.0.1', userAgent: 'vitest', setupAllowed: true };
  const res = await dispatch(handlers, access, 'login', { login, password }, info, () => undefined);
  if (!res.envelope.ok) throw QikanError.fromPayload(res.envelope.error);
  const token = res.session && res.session.token !== null ? res.session.token : null;
  return {
    token,
    /** Calls a method as this person; throws the QikanError the envelope carries. */
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
      const r = await dispatch(handlers, access, method, input, { ...info, token }, () => undefined);
      if (!r.envelope.ok) throw QikanError.fromPayload(r.envelope.error);
      return r.envelope.value as ApiOutputs[M];
    },
    /** The raw envelope, for refusals. */
    async raw(method: string, input: unknown) {
      return (await dispatch(handlers, access, method, input, { ...info, token }, () => undefined)).envelope;
    },
  };
}

/** Uploads a file as `actor` (what the transports' upload step does) and returns its id for the call that uses it. */
export function uploadAs(lib: Library, actor: Actor, kind: UploadKind, fileName: string, bytes: Uint8Array | string): string {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return uploadsOf(lib).receiveBytes(data, { kind, fileName, accountId: actor.accountId }).uploadId;
}

/** Every role: for tests about something other than who may do what. */
export const ALL_ROLES: readonly Role[] = ROLES;

export interface SignedIn {
  access: Access;
  handlers: ApiHandlers;
  actor: Actor;
  token: string | null;
  /** The envelope dispatch() answers for `method` called as this person. */
  dispatch(method: string, input: unknown): Promise<Envelope<unknown>>;
  /** Calls through dispatch() as this person and returns the value; throws the QikanError the envelope carries. */
  call<T = unknown>(method: string, input: unknown): Promise<T>;
  /** Uploads a file as this person; the id goes in the call that uses it (`upload`). */
  upload(kind: UploadKind, fileName: string, bytes: Uint8Array | string): string;
}

/**
 * One person (every role unless told otherwise) signed in to the library through the real login,
 * with the library's services (or the handlers given) behind dispatch().
 */
export async function signedIn(
  lib: Library,
  opts: { roles?: readonly Role[]; handlers?: ApiHandlers | ((access: Access) => ApiHandlers); name?: string } = {},
): Promise<SignedIn> {
  const access = createAccess(lib);
  const given = typeof opts.handlers === 'function' ? opts.handlers(access) : opts.handlers;
  // Handlers of one area are given the account methods too, so the person can log in through them.
  const handlers = given ? { ...createAccountService(lib, access), ...given } : createServices(lib, access);
  const actor = await addPerson(lib, opts.name ?? '全能', opts.roles ?? ALL_ROLES);
  const s = await sessionOf(handlers, access, actor.login);
  return {
    access,
    handlers,
    actor,
    token: s.token,
    dispatch: (method, input) => s.raw(method, input),
    async call<T>(method: string, input: unknown): Promise<T> {
      const envelope = await s.raw(method, input);
      if (!envelope.ok) throw QikanError.fromPayload(envelope.error);
      return envelope.value as T;
    },
    upload: (kind, fileName, bytes) => uploadAs(lib, actor, kind, fileName, bytes),
  };
}

export { createAccess };

/** A person with a call context, for calling a service directly with the files it uploads. */
export async function uploader(lib: Library, roles: readonly Role[] = ALL_ROLES) {
  const actor = await addPerson(lib, '编辑', roles);
  return {
    actor,
    ctx: contextAs(lib, actor),
    upload: (kind: UploadKind, fileName: string, bytes: Uint8Array | string) => uploadAs(lib, actor, kind, fileName, bytes),
  };
}
