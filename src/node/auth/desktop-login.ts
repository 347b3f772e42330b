// The desktop app on a library of one person: that person is logged in without a password, as the
// owner of the machine already is. Never used by the HTTP server. A library with two or more
// accounts asks for a login on the desktop like in the browser.

import { recordActivity } from '../record/activity-store';
import type { Access } from './access';
import { writeTransaction } from '../library/transaction';

/** A new session token for the only enabled account, or null when there is not exactly one. */
export function desktopAutoLogin(access: Access): string | null {
  const rows = access.db.prepare('SELECT id, display_name FROM account WHERE disabled = 0 AND password_hash IS NOT NULL').all() as {
    id: number;
    display_name: string;
  }[];
  if (rows.length !== 1) return null;
  const only = rows[0]!;
  return writeTransaction(access.db, () => {
    const s = access.sessions.create(only.id, 'desktop', 'desktop');
    recordActivity(access.db, { accountId: only.id, actorName: only.display_name, action: 'login', outcome: 'done', params: { automatic: true }, origin: 'desktop' });
    return s.token;
  });
}
