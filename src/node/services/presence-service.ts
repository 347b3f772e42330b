// Two people, one article: who has it open, and a soft lock for editing. The first person to open an
// article for editing holds the lock; a second one is told who does and may open it read-only or take
// the lock over with a reason (recorded). Saving needs the lock (or takes it when nobody holds it), so
// the rule holds on the server and not only in the UI. Kept in memory: a restart frees every lock,
// and an entry not renewed within `ttlMs` (the editor renews it every 30 s) lapses.

import { allowedFor, type ArticlePresence, type Actor, type PresenceEntry } from '../../shared/auth';
import { QikanError } from '../../shared/errors';
import { contextOfCall, type ApiHandlers } from '../api/dispatch';
import type { Library } from '../library/open-library';

interface Seat {
  accountId: number;
  displayName: string;
  mode: 'edit' | 'read';
  since: number;
  seen: number;
}

export interface PresenceRegistry {
  /** Throws conflict 'locked' when someone else holds the article's lock; takes it when it is free. */
  assertMayEdit(articleId: number, actor: Actor): void;
  of(articleId: number): ArticlePresence;
  size(): number;
}

export function createPresenceRegistry(opts: { ttlMs?: number; now?: () => number } = {}) {
  const ttl = opts.ttlMs ?? 90_000;
  const now = opts.now ?? Date.now;
  const seats = new Map<number, Map<number, Seat>>();

  const live = (articleId: number): Map<number, Seat> => {
    const m = seats.get(articleId) ?? new Map<number, Seat>();
    const t = now();
    for (const [k, s] of m) if (t - s.seen > ttl) m.delete(k);
    if (m.size === 0) seats.delete(articleId);
    return m;
  };
  const entry = (s: Seat): PresenceEntry => ({ accountId: s.accountId, displayName: s.displayName, mode: s.mode, since: new Date(s.since).toISOString() });
  const of = (articleId: number): ArticlePresence => {
    const m = live(articleId);
    const editor = [...m.values()].find((s) => s.mode === 'edit');
    return { articleId, editor: editor ? entry(editor) : null, readers: [...m.values()].filter((s) => s.mode === 'read').map(entry) };
  };
  const seat = (articleId: number, actor: Actor, mode: 'edit' | 'read') => {
    const m = live(articleId);
    const t = now();
    const prev = m.get(actor.accountId);
    m.set(actor.accountId, { accountId: actor.accountId, displayName: actor.displayName, mode, since: prev && prev.mode === mode ? prev.since : t, seen: t });
    seats.set(articleId, m);
  };
  const holder = (articleId: number, except: number): Seat | undefined =>
    [...live(articleId).values()].find((s) => s.mode === 'edit' && s.accountId !== except);

  return {
    of,
    size: () => seats.size,
    assertMayEdit(articleId: number, actor: Actor) {
      const other = holder(articleId, actor.accountId);
      if (other) {
        throw new QikanError('conflict', `${other.displayName} is editing article ${articleId}`, {
          reason: 'locked',
          entity: 'article',
          id: articleId,
          name: other.displayName,
        });
      }
      seat(articleId, actor, 'edit');
    },
    enter(articleId: number, actor: Actor, mode: 'edit' | 'read', takeOver: boolean): 'edit' | 'read' {
      const other = holder(articleId, actor.accountId);
      if (mode === 'edit' && other && !takeOver) {
        seat(articleId, actor, 'read');
        return 'read';
      }
      if (mode === 'edit' && other && takeOver) other.mode = 'read';
      seat(articleId, actor, mode);
      return mode;
    },
    leave(articleId: number, accountId: number) {
      live(articleId).delete(accountId);
    },
    issue(articleIds: readonly number[]): ArticlePresence[] {
      return articleIds.map(of).filter((p) => p.editor || p.readers.length > 0);
    },
  };
}

export type Presence = ReturnType<typeof createPresenceRegistry>;

export function createPresenceService(lib: Library, presence: Presence): Pick<ApiHandlers, 'enterArticle' | 'leaveArticle' | 'getPresence'> {
  const db = lib.db;
  const exists = (articleId: number) => {
    if (!db.prepare('SELECT 1 FROM article WHERE id = ?').get(articleId)) throw new QikanError('not_found', `article ${articleId} not found`, { entity: 'article', id: articleId });
  };
  return {
    enterArticle: ({ articleId, mode, takeOverReason }, c) => {
      const ctx = contextOfCall(c);
      const actor = ctx.requireActor();
      exists(articleId);
      const before = presence.of(articleId).editor;
      const takeOver = takeOverReason !== undefined;
      // Only someone who may save the article may hold its lock: a reader asking for 'edit' (a 校对)
      // opens it read-only, so a lock never keeps the editors out; taking it over is refused outright.
      const permission = allowedFor('updateArticle', actor.roles);
      const mayEdit = permission.allowed;
      if (!permission.allowed && mode === 'edit' && takeOver) {
        throw new QikanError('forbidden', `${actor.displayName} may not edit article ${articleId}, so cannot take it over`, {
          reason: 'role',
          method: 'enterArticle',
          needed: permission.reason === 'role' ? permission.needed.join('、') : '',
        });
      }
      const granted = presence.enter(articleId, actor, mayEdit ? mode : 'read', takeOver);
      if (takeOver && before && before.accountId !== actor.accountId) {
        // Taking the lock from someone is a change of who edits: it goes to the record with the reason.
        ctx.record({ action: 'takeOverArticle', params: { from: before.displayName }, note: takeOverReason });
      }
      return { ...presence.of(articleId), granted };
    },
    leaveArticle: ({ articleId }, c) => {
      const ctx = contextOfCall(c);
      presence.leave(articleId, ctx.requireActor().accountId);
      return { left: true };
    },
    getPresence: ({ issueId }) => {
      const ids = (db.prepare('SELECT id FROM article WHERE issue_id = ?').all(issueId) as { id: number }[]).map((r) => r.id);
      return presence.issue(ids);
    },
  };
}
