// The record (操作记录): one append-only row per change, per refused attempt that concerns a person,
// per login and logout. Written in the transaction of the change it records. Triggers refuse UPDATE
// and DELETE; the table has no foreign keys, so replacing an issue or disabling a person takes nothing
// of it along.

import type Database from 'better-sqlite3';
import type { ActivityEntry, ActivityQuery } from '../../shared/auth';

export interface ActivityInput {
  accountId: number | null;
  actorName: string;
  action: string;
  outcome: 'done' | 'refused';
  issueId?: number | null;
  articleId?: number | null;
  roundId?: number | null;
  params?: Record<string, string | number | boolean | null>;
  note?: string;
  origin: string;
}

export interface ActivityRow {
  id: number;
  at: string;
  account_id: number | null;
  actor_name: string;
  action: string;
  outcome: 'done' | 'refused';
  issue_id: number | null;
  article_id: number | null;
  round_id: number | null;
  params: string;
  note: string;
  origin: string;
}

export function recordActivity(db: Database.Database, e: ActivityInput): number {
  return Number(
    db
      .prepare(
        `INSERT INTO activity (at, account_id, actor_name, action, outcome, issue_id, article_id, round_id, params, note, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        new Date().toISOString(),
        e.accountId,
        e.actorName.slice(0, 100),
        e.action.slice(0, 64),
        e.outcome,
        e.issueId ?? null,
        e.articleId ?? null,
        e.roundId ?? null,
        JSON.stringify(e.params ?? {}),
        (e.note ?? '').slice(0, 2000),
        e.origin.slice(0, 100),
      ).lastInsertRowid,
  );
}

export function queryActivity(db: Database.Database, q: ActivityQuery): ActivityEntry[] {
  const rows = db
    .prepare(
      `SELECT * FROM activity
       WHERE (@issueId IS NULL OR issue_id = @issueId) AND (@accountId IS NULL OR account_id = @accountId)
         AND (@action IS NULL OR action = @action) AND (@outcome IS NULL OR outcome = @outcome)
         AND (@beforeId IS NULL OR id < @beforeId)
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({
      issueId: q.issueId ?? null,
      accountId: q.accountId ?? null,
      action: q.action ?? null,
      outcome: q.outcome ?? null,
      beforeId: q.beforeId ?? null,
      limit: q.limit ?? 200,
    }) as ActivityRow[];
  return rows.map(activityEntryOf);
}

/** A row as the API's entry; params that are not an object (never written so) read as none. */
export function activityEntryOf(r: ActivityRow): ActivityEntry {
  let params: ActivityEntry['params'] = {};
  try {
    const parsed = JSON.parse(r.params) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) params = parsed as ActivityEntry['params'];
  } catch {
    // The table's CHECK keeps params valid JSON; a line is never dropped for it anyway.
  }
  return {
    id: r.id,
    at: r.at,
    accountId: r.account_id,
    actorName: r.actor_name,
    action: r.action,
    outcome: r.outcome,
    issueId: r.issue_id,
    articleId: r.article_id,
    roundId: r.round_id,
    params,
    note: r.note,
    origin: r.origin,
  };
}
