// 付印 freezes what was signed: while the 终审 signature of the issue's last round stands (not
// withdrawn), the issue is read-only for everyone. dispatch() asks this before any call that changes
// an issue; the 主编 withdraws the signature (withdrawSignOff) to edit again.

import type Database from 'better-sqlite3';

/** The standing 付印 signature's id, or null when the issue may be edited. */
export function standingPrintSignOff(db: Database.Database, issueId: number): number | null {
  const row = db
    .prepare(
      `SELECT so.id FROM proof_sign_off so
       WHERE so.issue_id = ? AND so.step = '终审'
         AND so.round_id = (SELECT id FROM proof_round WHERE issue_id = so.issue_id ORDER BY position DESC, id DESC LIMIT 1)
         AND NOT EXISTS (SELECT 1 FROM proof_sign_off_withdrawal w WHERE w.sign_off_id = so.id)
       ORDER BY so.id DESC LIMIT 1`,
    )
    .get(issueId) as { id: number } | undefined;
  return row?.id ?? null;
}

export function isFrozen(db: Database.Database, issueId: number): boolean {
  return standingPrintSignOff(db, issueId) !== null;
}
