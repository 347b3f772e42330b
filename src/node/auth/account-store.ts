// Accounts as rows: read, create, change. Accounts are never deleted (a trigger refuses it): a person
// who leaves is disabled and their history keeps naming them.

import type Database from 'better-sqlite3';
import { ROLES, type Account, type Actor, type Role } from '../../shared/auth';
import { QikanError } from '../../shared/errors';

export interface AccountRow {
  id: number;
  login: string;
  display_name: string;
  roles: string;
  password_hash: string | null;
  disabled: number;
  created_at: string;
  last_login_at: string | null;
}

export function rolesOf(row: Pick<AccountRow, 'roles'>): Role[] {
  const parsed = JSON.parse(row.roles) as unknown;
  return Array.isArray(parsed) ? ROLES.filter((r) => parsed.includes(r)) : [];
}

export function accountOf(row: AccountRow): Account {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    roles: rolesOf(row),
    disabled: row.disabled === 1,
    needsPassword: row.password_hash === null,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

export function actorOf(row: AccountRow): Actor {
  return { accountId: row.id, login: row.login, displayName: row.display_name, roles: rolesOf(row) };
}

export function accountRow(db: Database.Database, id: number): AccountRow {
  const row = db.prepare('SELECT * FROM account WHERE id = ?').get(id) as AccountRow | undefined;
  if (!row) throw new QikanError('not_found', `account ${id} not found`, { entity: 'account', id });
  return row;
}

export function accountByLogin(db: Database.Database, login: string): AccountRow | undefined {
  return db.prepare('SELECT * FROM account WHERE login = ?').get(login.trim()) as AccountRow | undefined;
}

export function listAccountRows(db: Database.Database): AccountRow[] {
  return db.prepare('SELECT * FROM account ORDER BY disabled, id').all() as AccountRow[];
}

/** Accounts that can log in now: enabled and with a password. */
export function activeAccountCount(db: Database.Database): number {
  return (db.prepare('SELECT count(*) AS n FROM account WHERE disabled = 0 AND password_hash IS NOT NULL').get() as { n: number }).n;
}

/** Enabled administrators with a password. */
export function activeAdminCount(db: Database.Database): number {
  const rows = db.prepare('SELECT roles FROM account WHERE disabled = 0 AND password_hash IS NOT NULL').all() as { roles: string }[];
  return rows.filter((r) => rolesOf(r).includes('管理员')).length;
}

export function insertAccount(
  db: Database.Database,
  a: { login: string; displayName: string; roles: readonly Role[]; passwordHash: string | null },
): AccountRow {
  if (accountByLogin(db, a.login)) {
    throw new QikanError('conflict', `the login name "${a.login}" is taken`, { reason: 'login_taken', entity: 'account', id: a.login });
  }
  const id = Number(
    db
      .prepare('INSERT INTO account (login, display_name, roles, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, 0, ?)')
      .run(a.login.trim().toLowerCase(), a.displayName.trim(), JSON.stringify([...new Set(a.roles)]), a.passwordHash, new Date().toISOString())
      .lastInsertRowid,
  );
  return accountRow(db, id);
}

export function updateAccountRow(
  db: Database.Database,
  id: number,
  patch: { login?: string; displayName?: string; roles?: readonly Role[]; disabled?: boolean; passwordHash?: string },
): AccountRow {
  const before = accountRow(db, id);
  if (patch.login !== undefined && patch.login.toLowerCase() !== before.login.toLowerCase() && accountByLogin(db, patch.login)) {
    throw new QikanError('conflict', `the login name "${patch.login}" is taken`, { reason: 'login_taken', entity: 'account', id: patch.login });
  }
  db.prepare(
    `UPDATE account SET login = ?, display_name = ?, roles = ?, disabled = ?, password_hash = ? WHERE id = ?`,
  ).run(
    patch.login?.trim().toLowerCase() ?? before.login,
    patch.displayName?.trim() ?? before.display_name,
    patch.roles ? JSON.stringify([...new Set(patch.roles)]) : before.roles,
    patch.disabled === undefined ? before.disabled : patch.disabled ? 1 : 0,
    patch.passwordHash ?? before.password_hash,
    id,
  );
  return accountRow(db, id);
}
