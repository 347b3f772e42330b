// Everything dispatch() needs to know who is speaking: the library's sessions, the login limiter and
// password checks. One per open library, shared by the transports and the account service.

import type Database from 'better-sqlite3';
import type { Library } from '../library/open-library';
import { accountRow } from './account-store';
import { createLoginLimiter, type LoginLimiter, type LoginLimiterOptions } from './login-limiter';
import { verifyPassword } from './passwords';
import { createSessionStore, DEFAULT_SESSION_LIMITS, type SessionLimits, type SessionStore } from './session-store';

export interface Access {
  readonly db: Database.Database;
  readonly sessions: SessionStore;
  readonly limiter: LoginLimiter;
  /** The account's password matches (false for a disabled account or one without a password). */
  checkPassword(accountId: number, password: string): Promise<boolean>;
}

export interface AccessOptions {
  limits?: Partial<SessionLimits>;
  limiter?: LoginLimiterOptions;
  now?: () => number;
}

export function createAccess(lib: Library, opts: AccessOptions = {}): Access {
  const limits = { ...DEFAULT_SESSION_LIMITS, ...opts.limits };
  return {
    db: lib.db,
    sessions: createSessionStore(lib.db, limits, opts.now),
    limiter: createLoginLimiter({ ...opts.limiter, ...(opts.now ? { now: opts.now } : {}) }),
    async checkPassword(accountId, password) {
      const row = accountRow(lib.db, accountId);
      const ok = await verifyPassword(password, row.password_hash);
      return ok && row.disabled === 0;
    },
  };
}
