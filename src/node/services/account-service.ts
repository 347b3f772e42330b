// Accounts, sessions and the record as API methods. Who may call each is in METHOD_RULES (checked by
// dispatch before this runs); what depends on the payload (whose session, the last administrator) is
// checked here.

import { type AuthState } from '../../shared/auth';
import { QikanError } from '../../shared/errors';
import { contextOfCall, type ApiHandlers, type CallContext } from '../api/dispatch';
import type { Access } from '../auth/access';
import {
  accountByLogin,
  accountOf,
  accountRow,
  activeAccountCount,
  activeAdminCount,
  actorOf,
  insertAccount,
  listAccountRows,
  rolesOf,
  updateAccountRow,
} from '../auth/account-store';
import { hashPassword, verifyPassword } from '../auth/passwords';
import type { Library } from '../library/open-library';
import { queryActivity } from '../record/activity-store';
import { writeTransaction } from '../library/transaction';

export type AccountMethod =
  | 'getAuthState'
  | 'login'
  | 'setupFirstAdmin'
  | 'logout'
  | 'changeOwnPassword'
  | 'listSessions'
  | 'endSession'
  | 'listAccounts'
  | 'createAccount'
  | 'updateAccount'
  | 'resetPassword'
  | 'listActivity';

function isAdmin(ctx: CallContext): boolean {
  return ctx.actor?.roles.includes('管理员') ?? false;
}

export function createAccountService(lib: Library, access: Access): Pick<ApiHandlers, AccountMethod> {
  const db = lib.db;

  const authState = (ctx: CallContext, me = ctx.actor): AuthState => ({
    needsSetup: activeAccountCount(db) === 0,
    setupAllowed: ctx.call.setupAllowed,
    me,
    idleMinutes: access.sessions.limits.idleMinutes,
    absoluteMinutes: access.sessions.limits.absoluteMinutes,
  });

  const startSession = (ctx: CallContext, accountId: number): void => {
    const s = access.sessions.create(accountId, ctx.call.origin, ctx.call.userAgent);
    db.prepare('UPDATE account SET last_login_at = ? WHERE id = ?').run(new Date().toISOString(), accountId);
    ctx.issueSession({ token: s.token, expiresAt: s.expiresAt });
  };

  /** An administrator may not lock the office out: the last one stays enabled and an administrator. */
  const keepsAnAdmin = (accountId: number, next: { disabled?: boolean; roles?: readonly string[] }) => {
    const row = accountRow(db, accountId);
    const wasActiveAdmin = row.disabled === 0 && row.password_hash !== null && rolesOf(row).includes('管理员');
    const staysAdmin = next.disabled !== true && (next.roles ?? rolesOf(row)).includes('管理员');
    if (wasActiveAdmin && !staysAdmin && activeAdminCount(db) <= 1) {
      throw new QikanError('conflict', 'the last administrator cannot be disabled or lose the role', { reason: 'last_admin', entity: 'account', id: accountId });
    }
  };

  return {
    getAuthState: (_input, c) => authState(contextOfCall(c)),

    setupFirstAdmin: async ({ login, displayName, password, roles }, c) => {
      const ctx = contextOfCall(c);
      if (!ctx.call.setupAllowed) {
        throw new QikanError('forbidden', 'the first administrator is created on the server machine itself (cli user add) or from a loopback address', {
          reason: 'setup_remote',
        });
      }
      if (activeAccountCount(db) > 0) throw new QikanError('conflict', 'the library already has accounts: log in', { reason: 'setup_done' });
      const hash = await hashPassword(password);
      return writeTransaction(db, () => {
        // Checked again: another setup may have finished while the password was hashed.
        if (activeAccountCount(db) > 0) throw new QikanError('conflict', 'the library already has accounts: log in', { reason: 'setup_done' });
        const row = insertAccount(db, { login, displayName, roles: [...new Set(['管理员' as const, ...(roles ?? [])])], passwordHash: hash });
        startSession(ctx, row.id);
        ctx.record({ action: 'setupFirstAdmin', accountId: row.id, actorName: row.display_name, params: { login: row.login, roles: rolesOf(row).join('、') } });
        return authState(ctx, actorOf(row));
      });
    },

    login: async ({ login, password }, c) => {
      const ctx = contextOfCall(c);
      const address = ctx.call.origin;
      const wait = access.limiter.retryAfter(login, address);
      const row = accountByLogin(db, login);
      const refuse = (reason: string, extraDetails: Record<string, number> = {}): never => {
        ctx.record({
          action: 'login',
          outcome: 'refused',
          accountId: row?.id ?? null,
          actorName: row?.display_name ?? '',
          params: { login: login.trim().slice(0, 64), reason },
        });
        if (reason === 'rate_limited') {
          throw new QikanError('rate_limited', `too many failed logins: wait ${extraDetails['retryAfterSeconds']} s`, extraDetails);
        }
        throw new QikanError('unauthenticated', `login refused (${reason})`, { reason });
      };
      if (wait > 0) return refuse('rate_limited', { retryAfterSeconds: wait });
      const ok = await verifyPassword(password, row?.password_hash ?? null);
      if (!row || !ok) {
        access.limiter.failed(login, address);
        return refuse(row && row.password_hash === null ? 'no_password' : 'wrong_credentials');
      }
      if (row.disabled === 1) return refuse('disabled');
      access.limiter.succeeded(login, address);
      return writeTransaction(db, () => {
        startSession(ctx, row.id);
        ctx.record({ action: 'login', accountId: row.id, actorName: row.display_name, params: { login: row.login } });
        return authState(ctx, actorOf(accountRow(db, row.id)));
      });
    },

    logout: (_input, c) => {
      const ctx = contextOfCall(c);
      if (ctx.sessionId) access.sessions.end(ctx.sessionId, 'logout');
      ctx.issueSession({ token: null });
      return { loggedOut: true };
    },

    changeOwnPassword: async ({ current, next }, c) => {
      const ctx = contextOfCall(c);
      const me = ctx.requireActor();
      // The current password is a password check like a login: limited the same way, so a session
      // left open cannot be used to guess it.
      const wait = access.limiter.retryAfter(me.login, ctx.call.origin);
      if (wait > 0) throw new QikanError('rate_limited', `too many wrong passwords: wait ${wait} s`, { retryAfterSeconds: wait });
      if (!(await access.checkPassword(me.accountId, current))) {
        access.limiter.failed(me.login, ctx.call.origin);
        throw new QikanError('unauthenticated', 'the current password is wrong', { reason: 'wrong_password' });
      }
      const hash = await hashPassword(next);
      writeTransaction(db, () => {
        updateAccountRow(db, me.accountId, { passwordHash: hash });
        ctx.record({ action: 'changeOwnPassword' });
        // Every other session of the person ends: a stolen one stops working.
        const others = access.sessions.list({ accountId: me.accountId }, ctx.sessionId).filter((s) => !s.current);
        for (const s of others) access.sessions.end(s.id, 'password_changed');
      });
      return { changed: true };
    },

    listSessions: ({ accountId, all }, c) => {
      const ctx = contextOfCall(c);
      const me = ctx.requireActor();
      const wanted = all ? undefined : (accountId ?? me.accountId);
      if (wanted !== me.accountId && !isAdmin(ctx)) {
        throw new QikanError('forbidden', "only an administrator sees other people's sessions", { reason: 'role', needed: '管理员' });
      }
      return access.sessions.list(wanted === undefined ? {} : { accountId: wanted }, ctx.sessionId);
    },

    endSession: ({ sessionId }, c) => {
      const ctx = contextOfCall(c);
      const me = ctx.requireActor();
      const owner = access.sessions.owner(sessionId);
      if (owner === null) throw new QikanError('not_found', `session ${sessionId} not found`, { entity: 'session', id: sessionId });
      if (owner !== me.accountId && !isAdmin(ctx)) {
        throw new QikanError('forbidden', "only an administrator ends other people's sessions", { reason: 'role', needed: '管理员' });
      }
      access.sessions.end(sessionId, owner === me.accountId ? 'ended_by_self' : 'ended_by_admin');
      ctx.note({ session: sessionId, account: accountRow(db, owner).display_name });
      if (sessionId === ctx.sessionId) ctx.issueSession({ token: null });
      return { ended: true };
    },

    listAccounts: () => listAccountRows(db).map(accountOf),

    createAccount: async ({ login, displayName, roles, password }, c) => {
      const ctx = contextOfCall(c);
      const hash = await hashPassword(password);
      return writeTransaction(db, () => {
        const row = insertAccount(db, { login, displayName, roles, passwordHash: hash });
        ctx.record({ action: 'createAccount', params: { account: row.display_name, login: row.login, roles: rolesOf(row).join('、') } });
        return accountOf(row);
      });
    },

    updateAccount: ({ accountId, login, displayName, roles, disabled }, c) => {
      const ctx = contextOfCall(c);
      keepsAnAdmin(accountId, { ...(disabled !== undefined ? { disabled } : {}), ...(roles ? { roles } : {}) });
      const before = accountRow(db, accountId);
      const row = updateAccountRow(db, accountId, {
        ...(login !== undefined ? { login } : {}),
        ...(displayName !== undefined ? { displayName } : {}),
        ...(roles !== undefined ? { roles } : {}),
        ...(disabled !== undefined ? { disabled } : {}),
      });
      if (disabled === true) access.sessions.endAllOf(accountId, 'disabled');
      const changes: Record<string, string> = { account: row.display_name };
      if (before.login !== row.login) changes['login'] = `${before.login} → ${row.login}`;
      if (before.display_name !== row.display_name) changes['name'] = `${before.display_name} → ${row.display_name}`;
      if (before.roles !== row.roles) changes['roles'] = `${rolesOf(before).join('、')} → ${rolesOf(row).join('、')}`;
      if (before.disabled !== row.disabled) changes['disabled'] = row.disabled === 1 ? 'yes' : 'no';
      ctx.note(changes);
      return accountOf(row);
    },

    resetPassword: async ({ accountId, password }, c) => {
      const ctx = contextOfCall(c);
      accountRow(db, accountId);
      const hash = await hashPassword(password);
      return writeTransaction(db, () => {
        const row = updateAccountRow(db, accountId, { passwordHash: hash });
        access.sessions.endAllOf(accountId, 'password_reset');
        ctx.record({ action: 'resetPassword', params: { account: row.display_name } });
        return accountOf(row);
      });
    },

    listActivity: (q) => queryActivity(db, q),
  };
}
