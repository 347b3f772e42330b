// Reading proofreading rows back as the API's types, and the two checks other parts of the library
// run: the anchors after an article is saved, and the 付印 sign-off state before a print export.

import type Database from 'better-sqlite3';
import type { ArticleDoc } from '../../shared/article-doc';
import {
  SIGN_OFF_ROLES,
  type Correction,
  type CorrectionKind,
  type CorrectionStatus,
  type PersonRole,
  type ProofRound,
  type RoundState,
  type SignOff,
  type SignOffRole,
  type SignOffState,
} from '../../shared/proof';
import { findMark, markIdsIn } from '../../shared/proof/anchor';
import type { AnchorSide } from '../../shared/proof/apply';

/** The library version that holds the proofreading tables (tests build older libraries too). */
export const PROOF_SCHEMA_VERSION = 5;

export function hasProofTables(db: Database.Database): boolean {
  return (db.pragma('user_version', { simple: true }) as number) >= PROOF_SCHEMA_VERSION;
}

export interface RoundRow {
  id: number;
  issue_id: number;
  position: number;
  name: string;
  state: RoundState;
  opened_at: string | null;
  opened_by_name: string | null;
  opened_by_role: string | null;
  closed_at: string | null;
  closed_by_name: string | null;
  closed_by_role: string | null;
}

export interface CorrectionRow {
  id: number;
  issue_id: number;
  article_id: number;
  round_id: number;
  mark_id: string;
  kind: CorrectionKind;
  original: string;
  proposed: string;
  note: string;
  anchor_side: AnchorSide | null;
  author_name: string;
  author_role: string;
  created_at: string;
  status: CorrectionStatus;
  resolved_by_name: string | null;
  resolved_by_role: string | null;
  resolved_at: string | null;
  reject_reason: string | null;
  accepted_in_round_id: number | null;
  orphaned: number;
}

function person(name: string | null, role: string | null) {
  return name !== null && role !== null ? { name, role: role as PersonRole } : null;
}

export function roundsOf(db: Database.Database, issueId: number): RoundRow[] {
  return db.prepare('SELECT * FROM proof_round WHERE issue_id = ? ORDER BY position, id').all(issueId) as RoundRow[];
}

export function roundOf(db: Database.Database, row: RoundRow): ProofRound {
  const articles = db
    .prepare(
      `SELECT ra.article_id AS articleId, ra.proofreader FROM proof_round_article ra
       JOIN article a ON a.id = ra.article_id JOIN section s ON s.id = a.section_id
       WHERE ra.round_id = ? ORDER BY s.position, a.position`,
    )
    .all(row.id) as { articleId: number; proofreader: string | null }[];
  return {
    id: row.id,
    issueId: row.issue_id,
    position: row.position,
    name: row.name,
    state: row.state,
    openedAt: row.opened_at,
    openedBy: person(row.opened_by_name, row.opened_by_role),
    closedAt: row.closed_at,
    closedBy: person(row.closed_by_name, row.closed_by_role),
    articles,
  };
}

/** Corrections as the API shows them; `bodies` gives each article's current body for the anchors. */
export function correctionsOf(db: Database.Database, rows: readonly CorrectionRow[], bodyOf: (articleId: number) => ArticleDoc): Correction[] {
  const replies = db.prepare('SELECT author_name, author_role, text, at FROM proof_reply WHERE correction_id = ? ORDER BY id');
  const verification = db.prepare('SELECT state, by_name, by_role, at, note FROM proof_verification WHERE correction_id = ? ORDER BY id DESC LIMIT 1');
  return rows.map((r) => {
    const v = verification.get(r.id) as { state: 'confirmed' | 'reopened'; by_name: string; by_role: string; at: string; note: string } | undefined;
    const anchor = r.status === 'open' || r.status === 'rejected' ? findMark(bodyOf(r.article_id), r.mark_id) : null;
    return {
      id: r.id,
      issueId: r.issue_id,
      articleId: r.article_id,
      roundId: r.round_id,
      markId: r.mark_id,
      kind: r.kind,
      original: r.original,
      proposed: r.proposed,
      note: r.note,
      author: { name: r.author_name, role: r.author_role as PersonRole },
      createdAt: r.created_at,
      status: r.status,
      resolvedBy: person(r.resolved_by_name, r.resolved_by_role),
      resolvedAt: r.resolved_at,
      rejectReason: r.reject_reason,
      replies: (replies.all(r.id) as { author_name: string; author_role: string; text: string; at: string }[]).map((x) => ({
        author: { name: x.author_name, role: x.author_role as PersonRole },
        text: x.text,
        at: x.at,
      })),
      // Also when a write that bypassed the save hook (e.g. a manuscript over the body) dropped the mark.
      orphaned: r.orphaned === 1 || (r.status === 'open' && anchor === null),
      anchor: r.status === 'accepted' ? null : anchor,
      verification: v ? { state: v.state, by: { name: v.by_name, role: v.by_role as PersonRole }, at: v.at, note: v.note } : null,
    };
  });
}

export function signOffOf(r: {
  id: number;
  issue_id: number;
  round_id: number;
  role: SignOffRole;
  name: string;
  note: string;
  at: string;
  recorded_by_name: string;
  recorded_by_role: string;
}): SignOff {
  return {
    id: r.id,
    issueId: r.issue_id,
    roundId: r.round_id,
    role: r.role,
    name: r.name,
    note: r.note,
    at: r.at,
    recordedBy: { name: r.recorded_by_name, role: r.recorded_by_role as PersonRole },
  };
}

/**
 * After an article is saved: an open correction whose mark id no longer occurs in the body is
 * orphaned (kept and listed with its original text, never dropped); one whose mark came back (an
 * undo) is anchored again. Runs inside the saving transaction.
 */
export function refreshAnchors(db: Database.Database, articleId: number, body: ArticleDoc): void {
  if (!hasProofTables(db)) return;
  const open = db.prepare("SELECT id, mark_id, orphaned FROM proof_correction WHERE article_id = ? AND status = 'open'").all(articleId) as {
    id: number;
    mark_id: string;
    orphaned: number;
  }[];
  if (open.length === 0) return;
  const present = markIdsIn(body);
  const set = db.prepare('UPDATE proof_correction SET orphaned = ? WHERE id = ?');
  for (const c of open) {
    const orphaned = present.has(c.mark_id) ? 0 : 1;
    if (orphaned !== c.orphaned) set.run(orphaned, c.id);
  }
}

/** Whether the issue has entered 三审三校: some round has been opened. */
export function proofreadingStarted(db: Database.Database, issueId: number): boolean {
  if (!hasProofTables(db)) return false;
  return db.prepare("SELECT 1 FROM proof_round WHERE issue_id = ? AND state <> 'planned'").get(issueId) !== undefined;
}

/** What still stands between the issue and 付印: open corrections, rounds not closed, signatures missing. */
export function signOffState(db: Database.Database, issueId: number): SignOffState {
  if (!hasProofTables(db)) return { issueId, openCorrections: 0, missing: [], unclosedRounds: [], ready: false };
  const rounds = roundsOf(db, issueId);
  const { n } = db.prepare("SELECT count(*) AS n FROM proof_correction WHERE issue_id = ? AND status = 'open'").get(issueId) as { n: number };
  const signedRoles = db.prepare('SELECT role FROM proof_sign_off WHERE round_id = ?');
  const missing: SignOffState['missing'] = [];
  const unclosedRounds: SignOffState['unclosedRounds'] = [];
  for (const r of rounds) {
    if (r.state !== 'closed') {
      unclosedRounds.push({ roundId: r.id, name: r.name });
      continue;
    }
    const signed = new Set((signedRoles.all(r.id) as { role: SignOffRole }[]).map((x) => x.role));
    const roles = SIGN_OFF_ROLES.filter((role) => !signed.has(role));
    if (roles.length > 0) missing.push({ roundId: r.id, name: r.name, roles });
  }
  const ready = rounds.length > 0 && n === 0 && missing.length === 0 && unclosedRounds.length === 0;
  return { issueId, openCorrections: n, missing, unclosedRounds, ready };
}
