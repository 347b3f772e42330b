// Sessions: a random token in an HttpOnly cookie (browser) or held by the main process (desktop); the
// library keeps only its SHA-256, so a copied database file opens no session. Each session has an
// idle limit (extended on use) and an absolute limit from login. Ended sessions stay as rows (who was
// logged in when) and are trimmed after 90 days.

import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { SessionInfo } from '../../shared/auth';
import { accountRow, actorOf, type AccountRow } from './account-store';
import type { Actor } from '../../shared/auth';

export interface SessionLimits {
  idleMinutes: number;
  absoluteMinutes: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMinutes: 8 * 60, absoluteMinutes: 7 * 24 * 60 };

interface SessionRow {
  id: string;
  token_hash: string;
  account_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  address: string;
  user_agent: string;
  ended_at: string | null;
  ended_reason: string | null;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type Resolved = { actor: Actor; sessionId: string } | { actor: null; reason: 'none' | 'unknown' | 'expired' | 'ended' | 'disabled' };

export interface SessionStore {
  create(accountId: number, address: string, userAgent: string): { token: string; sessionId: string; expiresAt: string };
  resolve(token: string | null): Resolved;
  end(sessionId: string, reason: string): boolean;
  endAllOf(accountId: number, reason: string): number;
  list(filter: { accountId?: number }, currentId: string | null): SessionInfo[];
  owner(sessionId: string): number | null;
  readonly limits: SessionLimits;
}

export function createSessionStore(db: Database.Database, limits: SessionLimits = DEFAULT_SESSION_LIMITS, now: () => number = Date.now): SessionStore {
  const iso = (ms: number) => new Date(ms).toISOString();
  // Touching last_seen on every call would write on every read; once a minute is enough for the idle limit.
  const TOUCH_EVERY_MS = 60_000;

  const expiryOf = (row: Pick<SessionRow, 'created_at' | 'last_seen_at'>): number =>
    Math.min(Date.parse(row.last_seen_at) + limits.idleMinutes * 60_000, Date.parse(row.created_at) + limits.absoluteMinutes * 60_000);

  return {
    limits,
    create(accountId, address, userAgent) {
      const token = randomBytes(32).toString('base64url');
      const sessionId = randomBytes(9).toString('base64url');
      const t = now();
      const expiresAt = iso(Math.min(t + limits.idleMinutes * 60_000, t + limits.absoluteMinutes * 60_000));
      db.prepare(
        `INSERT INTO session (id, token_hash, account_id, created_at, last_seen_at, expires_at, address, user_agent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(sessionId, tokenHash(token), accountId, iso(t), iso(t), expiresAt, address.slice(0, 100), userAgent.slice(0, 300));
      db.prepare("DELETE FROM session WHERE ended_at IS NOT NULL AND ended_at < ?").run(iso(t - 90 * 24 * 3600_000));
      return { token, sessionId, expiresAt };
    },
    resolve(token) {
      if (!token) return { actor: null, reason: 'none' };
      const row = db.prepare('SELECT * FROM session WHERE token_hash = ?').get(tokenHash(token)) as SessionRow | undefined;
      if (!row) return { actor: null, reason: 'unknown' };
      if (row.ended_at !== null) return { actor: null, reason: 'ended' };
      const t = now();
      if (t >= expiryOf(row)) {
        db.prepare("UPDATE session SET ended_at = ?, ended_reason = 'expired' WHERE id = ?").run(iso(t), row.id);
        return { actor: null, reason: 'expired' };
      }
      const account: AccountRow = accountRow(db, row.account_id);
      if (account.disabled === 1 || account.password_hash === null) {
        db.prepare("UPDATE session SET ended_at = ?, ended_reason = 'disabled' WHERE id = ?").run(iso(t), row.id);
        return { actor: null, reason: 'disabled' };
      }
      if (t - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
        const touched = { created_at: row.created_at, last_seen_at: iso(t) };
        db.prepare('UPDATE session SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(iso(t), iso(expiryOf(touched)), row.id);
      }
      return { actor: actorOf(account), sessionId: row.id };
    },
    end(sessionId, reason) {
      return db.prepare('UPDATE session SET ended_at = ?, ended_reason = ? WHERE id = ? AND ended_at IS NULL').run(iso(now()), reason, sessionId).changes > 0;
    },
    endAllOf(accountId, reason) {
      return db.prepare('UPDATE session SET ended_at = ?, ended_reason = ? WHERE account_id = ? AND ended_at IS NULL').run(iso(now()), reason, accountId).changes;
    },
    list(filter, currentId) {
      const rows = db
        .prepare(
          `SELECT s.*, a.display_name FROM session s JOIN account a ON a.id = s.account_id
           WHERE s.ended_at IS NULL AND (@accountId IS NULL OR s.account_id = @accountId) ORDER BY s.last_seen_at DESC`,
        )
        .all({ accountId: filter.accountId ?? null }) as (SessionRow & { display_name: string })[];
      const t = now();
      return rows
        .filter((r) => expiryOf(r) > t)
        .map((r) => ({
          id: r.id,
          accountId: r.account_id,
          displayName: r.display_name,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
          expiresAt: iso(expiryOf(r)),
          address: r.address,
          userAgent: r.user_agent,
          current: r.id === currentId,
        }));
    },
    owner(sessionId) {
      const row = db.prepare('SELECT account_id FROM session WHERE id = ?').get(sessionId) as { account_id: number } | undefined;
      return row?.account_id ?? null;
    },
  };
}
