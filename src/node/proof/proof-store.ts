// Reading proofreading rows back as the API's types, and the two checks other parts of the library
// run: the anchors after an article is saved, and the 付印 sign-off state before a print export.

import type Database from 'better-sqlite3';
import type { ArticleDoc } from '../../shared/article-doc';
import { stepsOfRound, type SignOffStep } from '../../shared/auth';
import type { Correction, CorrectionKind, CorrectionStatus, Person, ProofRound, RoundState, SignOff, SignOffState } from '../../shared/proof';
import { findMark, markIdsIn } from '../../shared/proof/anchor';
import type { AnchorSide } from '../../shared/proof/apply';
import { changedParts, issueCoverage, publicCoverage, type IssueCoverage, type StoredCoverage } from './coverage';

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
  opened_by_account: number | null;
  closed_by_account: number | null;
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
  author_account: number | null;
  resolved_by_account: number | null;
}

/** A person as a row names them; null when the row names nobody. */
export function personOf(name: string | null, role: string | null, accountId: number | null | undefined): Person | null {
  return name !== null && role !== null ? { accountId: accountId ?? null, name, role } : null;
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
    openedBy: personOf(row.opened_by_name, row.opened_by_role, row.opened_by_account),
    closedAt: row.closed_at,
    closedBy: personOf(row.closed_by_name, row.closed_by_role, row.closed_by_account),
    articles,
  };
}

/** Corrections as the API shows them; `bodies` gives each article's current body for the anchors. */
export function correctionsOf(db: Database.Database, rows: readonly CorrectionRow[], bodyOf: (articleId: number) => ArticleDoc): Correction[] {
  const replies = db.prepare('SELECT author_name, author_role, author_account, text, at FROM proof_reply WHERE correction_id = ? ORDER BY id');
  const verification = db.prepare('SELECT state, by_name, by_role, by_account, at, note FROM proof_verification WHERE correction_id = ? ORDER BY id DESC LIMIT 1');
  return rows.map((r) => {
    const v = verification.get(r.id) as
      | { state: 'confirmed' | 'reopened'; by_name: string; by_role: string; by_account: number | null; at: string; note: string }
      | undefined;
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
      author: personOf(r.author_name, r.author_role, r.author_account)!,
      createdAt: r.created_at,
      status: r.status,
      resolvedBy: personOf(r.resolved_by_name, r.resolved_by_role, r.resolved_by_account),
      resolvedAt: r.resolved_at,
      rejectReason: r.reject_reason,
      replies: (replies.all(r.id) as { author_name: string; author_role: string; author_account: number | null; text: string; at: string }[]).map((x) => ({
        author: personOf(x.author_name, x.author_role, x.author_account)!,
        text: x.text,
        at: x.at,
      })),
      // Also when a write that bypassed the save hook (e.g. a manuscript over the body) dropped the mark.
      orphaned: r.orphaned === 1 || (r.status === 'open' && anchor === null),
      anchor: r.status === 'accepted' ? null : anchor,
      verification: v ? { state: v.state, by: personOf(v.by_name, v.by_role, v.by_account)!, at: v.at, note: v.note } : null,
    };
  });
}

export interface SignOffRow {
  id: number;
  issue_id: number;
  round_id: number;
  step: SignOffStep;
  account_id: number | null;
  name: string;
  role: string;
  note: string;
  at: string;
  covers: string | null;
  recorded_by_name: string | null;
  recorded_by_role: string | null;
}

interface WithdrawalRow {
  sign_off_id: number;
  account_id: number;
  name: string;
  at: string;
  reason: string;
}

/** The hashes a signature row covered (with the titles beside them), or null on an old row. */
export function storedCoverage(row: SignOffRow): StoredCoverage | null {
  return row.covers === null ? null : (JSON.parse(row.covers) as StoredCoverage);
}

export function withdrawalOf(db: Database.Database, signOffId: number): WithdrawalRow | undefined {
  return db.prepare('SELECT sign_off_id, account_id, name, at, reason FROM proof_sign_off_withdrawal WHERE sign_off_id = ?').get(signOffId) as
    | WithdrawalRow
    | undefined;
}

export function signOffOf(db: Database.Database, r: SignOffRow): SignOff {
  const w = withdrawalOf(db, r.id);
  return {
    id: r.id,
    issueId: r.issue_id,
    roundId: r.round_id,
    step: r.step,
    signer: { accountId: r.account_id, name: r.name, role: r.role },
    note: r.note,
    at: r.at,
    covers: publicCoverage(storedCoverage(r)),
    // A withdrawal is the 主编's: the role is the one withdrawSignOff needs.
    withdrawn: w ? { by: { accountId: w.account_id, name: w.name, role: '主编' }, at: w.at, reason: w.reason } : null,
  };
}

export function signOffRowById(db: Database.Database, id: number): SignOffRow | undefined {
  return db.prepare('SELECT * FROM proof_sign_off WHERE id = ?').get(id) as SignOffRow | undefined;
}

/**
 * The signature that counts for each step of a round: the latest one not withdrawn (a step signed again
 * after a change has several rows; the newest stands).
 */
export function standingSignOffs(db: Database.Database, roundId: number): Map<SignOffStep, SignOffRow> {
  const rows = db
    .prepare(
      `SELECT so.* FROM proof_sign_off so
       WHERE so.round_id = ? AND NOT EXISTS (SELECT 1 FROM proof_sign_off_withdrawal w WHERE w.sign_off_id = so.id)
       ORDER BY so.id`,
    )
    .all(roundId) as SignOffRow[];
  const out = new Map<SignOffStep, SignOffRow>();
  for (const r of rows) out.set(r.step, r);
  return out;
}

/** The issue's last round (by position): the one whose signatures include 复审 and 终审 (付印). */
export function lastRoundOf(rounds: readonly RoundRow[]): RoundRow | undefined {
  return rounds[rounds.length - 1];
}

/** Each standing signature of the last round with what changed since it was given (legacy rows without hashes are left out). */
export function lastRoundChanges(
  db: Database.Database,
  issueId: number,
  coverage: IssueCoverage | null = null,
): { round: RoundRow; row: SignOffRow; changed: ReturnType<typeof changedParts> }[] {
  const last = lastRoundOf(roundsOf(db, issueId));
  if (!last) return [];
  const standing = [...standingSignOffs(db, last.id).values()].filter((r) => r.covers !== null);
  if (standing.length === 0) return [];
  const now = coverage ?? issueCoverage(db, issueId);
  if (!now) return [];
  return standing.map((row) => ({ round: last, row, changed: changedParts(storedCoverage(row)!, now) }));
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

/**
 * What still stands between the issue and 付印: open corrections, rounds not closed, signatures
 * missing (each closed round needs 责任校对 and 初审, the last one also 复审 and 终审), signatures of the
 * last round given to another text than the issue's now (stale: to be signed again), and whether the
 * 付印 stands (the issue is then frozen).
 */
export function signOffState(db: Database.Database, issueId: number): SignOffState {
  const empty: SignOffState = { issueId, openCorrections: 0, missing: [], stale: [], unclosedRounds: [], ready: false, frozen: false, frozenBy: null };
  if (!hasProofTables(db)) return empty;
  const rounds = roundsOf(db, issueId);
  const { n } = db.prepare("SELECT count(*) AS n FROM proof_correction WHERE issue_id = ? AND status = 'open'").get(issueId) as { n: number };
  const missing: SignOffState['missing'] = [];
  const unclosedRounds: SignOffState['unclosedRounds'] = [];
  const last = lastRoundOf(rounds);
  for (const r of rounds) {
    if (r.state !== 'closed') {
      unclosedRounds.push({ roundId: r.id, name: r.name });
      continue;
    }
    const standing = standingSignOffs(db, r.id);
    const steps = stepsOfRound(r.id === last?.id).filter((step) => !standing.has(step));
    if (steps.length > 0) missing.push({ roundId: r.id, name: r.name, steps });
  }
  const stale: SignOffState['stale'] = lastRoundChanges(db, issueId)
    .filter((c) => c.changed.length > 0)
    .map((c) => ({ roundId: c.round.id, name: c.round.name, step: c.row.step, changed: c.changed }));
  const frozenRow = last ? standingSignOffs(db, last.id).get('终审') : undefined;
  const ready = rounds.length > 0 && n === 0 && missing.length === 0 && unclosedRounds.length === 0 && stale.length === 0;
  return {
    issueId,
    openCorrections: n,
    missing,
    stale,
    unclosedRounds,
    ready,
    frozen: frozenRow !== undefined,
    frozenBy: frozenRow ? signOffOf(db, frozenRow) : null,
  };
}
