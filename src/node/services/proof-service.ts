// Proofreading under 三审三校 (tracker issues 6 and 9): rounds, corrections anchored in the text, 核红,
// the differences between rounds, quality figures and the signatures up to the 付印.
//
// Who may call what is the permission table (src/shared/auth.ts METHOD_RULES), checked by dispatch()
// before a call reaches this service; the person is the session's (actorOfCall), never the payload's.
// Every row names the account, its display name and the role of theirs that permitted the action.
// What depends on the payload is checked here: the signature a person gives needs that step's role
// (SIGNATURE_ROLES), and the separation of duties.
//
// Rounds: an issue gets 一校, 二校, 三校, 通读 the first time its rounds are asked for. Only the first
// planned round opens, and only once every round before it is closed; opening records the articles it
// covers (default: all), their proofreaders, and each article's text as it stands (the base of the
// differences between rounds). A round with open corrections does not close: the editor accepts or
// rejects each first (there is no silent carry-over, so nothing is left behind unseen).
//
// Corrections: proposals go to the open round, for an article it covers, against the article's current
// revision (stale → conflict). The proposal adds a Lexical mark "qk-c<id>" to the stored body (the text
// itself never changes) and bumps the revision. Accepting applies the change and removes the mark in one
// revision; rejecting leaves the text and the (now inert) mark alone, so an editor's open copy stays
// current. Reopening at 核红 marks the accepted change's place again and bumps the revision.
//
// Signatures: every closed round is signed by its 责任校对 and its 初审; the last round also by the 复审
// and the 终审, whose signature is the 付印 and comes last (every other signature standing, nothing open).
// A round's 校对 is none of its 审, and the three 审 of the last round are three people. Each signature
// keeps the hashes of what it covers (src/node/proof/coverage.ts); a change after it makes it stale, and
// the step is signed again (a new row). The 主编 withdraws a signature with a reason (a row of its own).

import { actorOfCall, type ApiHandlers, type CallContext } from '../api/dispatch';
import type { ArticleDoc } from '../../shared/article-doc';
import { METHOD_RULES, SIGNATURE_ROLES, stepsOfRound, type Actor, type SignOffStep } from '../../shared/auth';
import type { ApiMethod } from '../../shared/api';
import { QikanError } from '../../shared/errors';
import type { Correction, ProofRound, SignOffCoverage } from '../../shared/proof';
import { AnchorError, blockTexts, correctionMarkId, insertMark, type AnchorRange } from '../../shared/proof/anchor';
import { appliedRange, applyCorrection, CorrectionError, placeCorrection } from '../../shared/proof/apply';
import { diffBlocks } from '../../shared/proof/diff';
import { qualityFigures } from '../../shared/proof/quality';
import { charCountOf, indexArticle, nowIso } from '../library/article-store';
import type { Library } from '../library/open-library';
import type { ArticleTextRow } from './article-rows';
import { issueCoverage, publicCoverage } from '../proof/coverage';
import {
  correctionsOf,
  lastRoundChanges,
  lastRoundOf,
  refreshAnchors,
  roundOf,
  roundsOf,
  signOffOf,
  signOffRowById,
  signOffState,
  standingSignOffs,
  withdrawalOf,
  type CorrectionRow,
  type RoundRow,
  type SignOffRow,
} from '../proof/proof-store';
import { readTransaction, writeTransaction } from '../library/transaction';

export const DEFAULT_ROUND_NAMES = ['一校', '二校', '三校', '通读'] as const;

export type ProofMethod =
  | 'listRounds'
  | 'setRounds'
  | 'openRound'
  | 'closeRound'
  | 'listCorrections'
  | 'proposeCorrection'
  | 'replyToCorrection'
  | 'acceptCorrection'
  | 'rejectCorrection'
  | 'listVerifications'
  | 'verifyCorrection'
  | 'getArticleDiff'
  | 'getQualityFigures'
  | 'signRound'
  | 'withdrawSignOff'
  | 'listSignOffs'
  | 'getSignOffState'
  | 'getSignOffCoverage';

/** The person acting, as a proofreading row records them. */
interface Acting {
  accountId: number;
  name: string;
  role: string;
}

/**
 * The role of the actor's that permitted `method`: the first of the rule's roles they hold (for
 * acceptCorrection the first of 主编/编辑部主任/责任编辑); for a method any signed-in person may call,
 * their first role.
 */
export function actingRole(actor: Actor, method: ApiMethod): string {
  const rule = METHOD_RULES[method];
  if (rule.kind === 'roles') {
    const held = rule.roles.find((r) => actor.roles.includes(r));
    if (held) return held;
  }
  return actor.roles[0] ?? '';
}

function acting(ctx: CallContext | undefined, method: ApiMethod): Acting {
  const actor = actorOfCall(ctx);
  return { accountId: actor.accountId, name: actor.displayName, role: actingRole(actor, method) };
}

function notFound(entity: string, id: number): QikanError {
  return new QikanError('not_found', `${entity} ${id} not found`, { entity, id });
}

function conflict(reason: string, message: string, details: Record<string, string | number> = {}): QikanError {
  return new QikanError('conflict', message, { reason, ...details });
}

const INPUT_REASONS = new Set(['position_expected', 'proposed_required', 'proposed_not_allowed', 'line_break_in_proposed', 'not_a_transposition']);

/** The pure anchoring errors as the API reports them: a malformed proposal or a clash with the text. */
function asQikanError(err: unknown): unknown {
  if (err instanceof CorrectionError && INPUT_REASONS.has(err.reason)) {
    return new QikanError('invalid_request', err.message, { path: err.reason === 'position_expected' ? 'end' : 'proposed', expected: err.message, reason: err.reason });
  }
  if (err instanceof CorrectionError || err instanceof AnchorError) return conflict(err.reason, err.message);
  return err;
}

interface ArticleBodyRow extends ArticleTextRow {
  revision: number;
}

export function createProofService(lib: Library): Pick<ApiHandlers, ProofMethod> {
  const db = lib.db;

  const issueExists = (issueId: number) => {
    if (!db.prepare('SELECT 1 FROM issue WHERE id = ?').get(issueId)) throw notFound('issue', issueId);
  };
  const roundRow = (roundId: number): RoundRow => {
    const r = db.prepare('SELECT * FROM proof_round WHERE id = ?').get(roundId) as RoundRow | undefined;
    if (!r) throw notFound('round', roundId);
    return r;
  };
  const articleRow = (articleId: number): ArticleBodyRow => {
    const a = db.prepare('SELECT id, issue_id, title_lines, subtitle, byline, author_info, body, revision FROM article WHERE id = ?').get(articleId) as
      | ArticleBodyRow
      | undefined;
    if (!a) throw notFound('article', articleId);
    return a;
  };
  const correctionRow = (correctionId: number): CorrectionRow => {
    const c = db.prepare('SELECT * FROM proof_correction WHERE id = ?').get(correctionId) as CorrectionRow | undefined;
    if (!c) throw notFound('correction', correctionId);
    return c;
  };
  const bodyOf = (articleId: number): ArticleDoc => JSON.parse(articleRow(articleId).body) as ArticleDoc;
  const correction = (correctionId: number): Correction => correctionsOf(db, [correctionRow(correctionId)], bodyOf)[0]!;

  const ensureRounds = (issueId: number): RoundRow[] => {
    issueExists(issueId);
    const rounds = roundsOf(db, issueId);
    if (rounds.length > 0) return rounds;
    const insert = db.prepare('INSERT INTO proof_round (issue_id, position, name) VALUES (?, ?, ?)');
    DEFAULT_ROUND_NAMES.forEach((name, i) => insert.run(issueId, i, name));
    return roundsOf(db, issueId);
  };
  const openRoundOf = (issueId: number): RoundRow | undefined =>
    db.prepare("SELECT * FROM proof_round WHERE issue_id = ? AND state = 'open'").get(issueId) as RoundRow | undefined;
  const previousRound = (r: RoundRow): RoundRow | undefined => {
    const rounds = roundsOf(db, r.issue_id);
    const i = rounds.findIndex((x) => x.id === r.id);
    return i > 0 ? rounds[i - 1] : undefined;
  };

  const event = (correctionId: number, roundId: number | null, action: string, actor: Acting, at: string, detail = '') =>
    db
      .prepare('INSERT INTO proof_event (correction_id, round_id, action, actor_name, actor_role, actor_account, at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(correctionId, roundId, action, actor.name, actor.role, actor.accountId, at, detail);

  /** Writes a new body (text changed or only marks) as one revision; keeps counts, search and anchors in step. */
  const saveBody = (a: ArticleBodyRow, body: ArticleDoc, at: string): number => {
    const titleLines = JSON.parse(a.title_lines) as string[];
    const revision = a.revision + 1;
    db.prepare('UPDATE article SET body = ?, char_count = ?, revision = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify(body),
      charCountOf({ titleLines, subtitle: a.subtitle, byline: a.byline, authorInfo: a.author_info, body }),
      revision,
      at,
      a.id,
    );
    indexArticle(db, a.id, titleLines, body);
    refreshAnchors(db, a.id, body);
    db.prepare('UPDATE issue SET updated_at = ? WHERE id = ?').run(at, a.issue_id);
    return revision;
  };

  const rounds = (issueId: number): ProofRound[] => ensureRounds(issueId).map((r) => roundOf(db, r));

  return {
    // A write: the first look at an issue's rounds creates the default ones.
    listRounds: ({ issueId }) => writeTransaction(db, () => rounds(issueId)),

    setRounds: ({ issueId, rounds: wanted }, ctx) =>
      writeTransaction(db, () => {
        actorOfCall(ctx);
        const current = ensureRounds(issueId);
        const byId = new Map(current.map((r) => [r.id, r]));
        for (const w of wanted) {
          if (w.id !== undefined && !byId.has(w.id)) throw notFound('round', w.id);
        }
        const wantedIds = wanted.map((w) => w.id).filter((id): id is number => id !== undefined);
        if (new Set(wantedIds).size !== wantedIds.length) throw conflict('duplicate_round', 'a round is listed twice');
        // Rounds already opened keep their place: they stay, first, in their order.
        const started = current.filter((r) => r.state !== 'planned');
        started.forEach((r, i) => {
          if (wanted[i]?.id !== r.id) {
            throw conflict('round_started', `round ${r.name} has been opened: it cannot be removed or moved`, { id: r.id, name: r.name });
          }
        });
        const kept = new Set(wantedIds);
        for (const r of current) if (!kept.has(r.id)) db.prepare('DELETE FROM proof_round WHERE id = ?').run(r.id);
        const rename = db.prepare('UPDATE proof_round SET name = ?, position = ? WHERE id = ?');
        const insert = db.prepare('INSERT INTO proof_round (issue_id, position, name) VALUES (?, ?, ?)');
        wanted.forEach((w, position) => {
          if (w.id !== undefined) rename.run(w.name, position, w.id);
          else insert.run(issueId, position, w.name);
        });
        return rounds(issueId);
      }),

    openRound: ({ roundId, articles }, ctx) =>
      writeTransaction(db, () => {
        const actor = acting(ctx, 'openRound');
        const r = roundRow(roundId);
        const all = ensureRounds(r.issue_id);
        if (r.state !== 'planned') throw conflict('round_not_planned', `round ${r.name} is already ${r.state}`, { id: r.id, name: r.name });
        const next = all.find((x) => x.state !== 'closed');
        if (!next || next.id !== r.id) {
          throw conflict('not_next_round', `round ${r.name} opens after ${next?.name ?? ''} is closed`, { id: r.id, name: r.name, waitingFor: next?.name ?? '' });
        }
        const issueArticles = db
          .prepare('SELECT a.id FROM article a JOIN section s ON s.id = a.section_id WHERE a.issue_id = ? ORDER BY s.position, a.position')
          .all(r.issue_id) as { id: number }[];
        const inIssue = new Set(issueArticles.map((a) => a.id));
        const covered = articles ?? issueArticles.map((a) => ({ articleId: a.id, proofreader: null }));
        const seen = new Set<number>();
        for (const c of covered) {
          if (!inIssue.has(c.articleId)) throw conflict('other_issue', `article ${c.articleId} is not in this issue`, { entity: 'article', id: c.articleId });
          if (seen.has(c.articleId)) throw conflict('duplicate_article', `article ${c.articleId} is listed twice`, { entity: 'article', id: c.articleId });
          seen.add(c.articleId);
        }
        const insert = db.prepare('INSERT INTO proof_round_article (round_id, article_id, proofreader, snapshot, revision) VALUES (?, ?, ?, ?, ?)');
        for (const c of covered) {
          const a = articleRow(c.articleId);
          insert.run(r.id, a.id, c.proofreader || null, JSON.stringify(blockTexts(JSON.parse(a.body) as ArticleDoc)), a.revision);
        }
        db.prepare("UPDATE proof_round SET state = 'open', opened_at = ?, opened_by_name = ?, opened_by_role = ?, opened_by_account = ? WHERE id = ?").run(
          nowIso(),
          actor.name,
          actor.role,
          actor.accountId,
          r.id,
        );
        return roundOf(db, roundRow(r.id));
      }),

    closeRound: ({ roundId }, ctx) =>
      writeTransaction(db, () => {
        const actor = acting(ctx, 'closeRound');
        const r = roundRow(roundId);
        if (r.state !== 'open') throw conflict('round_not_open', `round ${r.name} is ${r.state}, not open`, { id: r.id, name: r.name });
        const { n } = db.prepare("SELECT count(*) AS n FROM proof_correction WHERE round_id = ? AND status = 'open'").get(r.id) as { n: number };
        if (n > 0) throw conflict('open_corrections', `round ${r.name} still has ${n} open corrections: accept or reject them first`, { id: r.id, name: r.name, count: n });
        db.prepare("UPDATE proof_round SET state = 'closed', closed_at = ?, closed_by_name = ?, closed_by_role = ?, closed_by_account = ? WHERE id = ?").run(
          nowIso(),
          actor.name,
          actor.role,
          actor.accountId,
          r.id,
        );
        return roundOf(db, roundRow(r.id));
      }),

    listCorrections: ({ issueId, roundId, articleId, status, author }) => {
      issueExists(issueId);
      const where = ['c.issue_id = @issueId'];
      if (roundId !== undefined) where.push('c.round_id = @roundId');
      if (articleId !== undefined) where.push('c.article_id = @articleId');
      if (status !== undefined) where.push('c.status = @status');
      if (author !== undefined && author.trim() !== '') where.push('c.author_name = @author');
      const rows = db
        .prepare(
          `SELECT c.* FROM proof_correction c JOIN article a ON a.id = c.article_id JOIN section s ON s.id = a.section_id
           WHERE ${where.join(' AND ')} ORDER BY s.position, a.position, c.id`,
        )
        .all({ issueId, roundId, articleId, status, author: author?.trim() }) as CorrectionRow[];
      const bodies = new Map<number, ArticleDoc>();
      const cachedBody = (id: number) => {
        if (!bodies.has(id)) bodies.set(id, bodyOf(id));
        return bodies.get(id)!;
      };
      return correctionsOf(db, rows, cachedBody);
    },

    proposeCorrection: ({ articleId, baseRevision, blockIndex, start, end, kind, proposed, note }, ctx) =>
      writeTransaction(db, () => {
        const actor = acting(ctx, 'proposeCorrection');
        const a = articleRow(articleId);
        const round = openRoundOf(a.issue_id);
        if (!round) throw conflict('no_open_round', 'no proofreading round is open for this issue');
        if (!db.prepare('SELECT 1 FROM proof_round_article WHERE round_id = ? AND article_id = ?').get(round.id, articleId)) {
          throw conflict('article_not_in_round', `round ${round.name} does not cover article ${articleId}`, { id: articleId, name: round.name });
        }
        if (a.revision !== baseRevision) {
          throw new QikanError('conflict', `article ${articleId} was saved elsewhere (revision ${a.revision}, proposal based on ${baseRevision})`, {
            reason: 'stale_revision',
            entity: 'article',
            id: articleId,
            revision: a.revision,
          });
        }
        const body = JSON.parse(a.body) as ArticleDoc;
        let placement;
        try {
          placement = placeCorrection(body, { kind, blockIndex, start, end, proposed });
        } catch (err) {
          throw asQikanError(err);
        }
        const at = nowIso();
        const id = Number(
          db
            .prepare(
              `INSERT INTO proof_correction (issue_id, article_id, round_id, mark_id, kind, original, proposed, note, anchor_side,
                                             author_name, author_role, author_account, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              a.issue_id,
              articleId,
              round.id,
              `pending-${at}-${Math.random()}`,
              kind,
              placement.original,
              placement.proposed,
              note,
              placement.side,
              actor.name,
              actor.role,
              actor.accountId,
              at,
            )
            .lastInsertRowid,
        );
        const markId = correctionMarkId(id);
        db.prepare('UPDATE proof_correction SET mark_id = ? WHERE id = ?').run(markId, id);
        let marked: ArticleDoc;
        try {
          marked = insertMark(body, placement.range, markId);
        } catch (err) {
          throw asQikanError(err);
        }
        // The proofreader never changes the text: only the mark is new.
        if (blockTexts(marked).join('\u2029') !== blockTexts(body).join('\u2029')) throw new Error('anchoring a correction changed the text');
        const revision = saveBody(a, marked, at);
        event(id, round.id, 'proposed', actor, at);
        return { correction: correction(id), revision };
      }),

    replyToCorrection: ({ correctionId, text }, ctx) =>
      writeTransaction(db, () => {
        const actor = acting(ctx, 'replyToCorrection');
        correctionRow(correctionId);
        db.prepare('INSERT INTO proof_reply (correction_id, author_name, author_role, author_account, text, at) VALUES (?, ?, ?, ?, ?, ?)').run(
          correctionId,
          actor.name,
          actor.role,
          actor.accountId,
          text,
          nowIso(),
        );
        return correction(correctionId);
      }),

    acceptCorrection: ({ correctionId }, ctx) =>
      writeTransaction(db, () => {
        const actor = acting(ctx, 'acceptCorrection');
        const c = correctionRow(correctionId);
        if (c.status !== 'open') throw conflict('not_open', `correction ${correctionId} is ${c.status}`, { id: correctionId });
        const round = roundRow(c.round_id);
        if (round.state !== 'open') throw conflict('round_not_open', `round ${round.name} is not open`, { id: round.id, name: round.name });
        const a = articleRow(c.article_id);
        const body = JSON.parse(a.body) as ArticleDoc;
        const spec = { markId: c.mark_id, kind: c.kind, original: c.original, proposed: c.proposed, side: c.anchor_side };
        let changed: ArticleDoc;
        try {
          changed = applyCorrection(body, spec);
        } catch (err) {
          throw asQikanError(err);
        }
        const applied = appliedRange(body, spec);
        const at = nowIso();
        const revision = saveBody(a, changed, at);
        db.prepare(
          `UPDATE proof_correction SET status = 'accepted', resolved_by_name = ?, resolved_by_role = ?, resolved_by_account = ?, resolved_at = ?,
                                       reject_reason = NULL, accepted_in_round_id = round_id, orphaned = 0 WHERE id = ?`,
        ).run(actor.name, actor.role, actor.accountId, at, c.id);
        const appliedText = applied ? (blockTexts(changed)[applied.blockIndex] ?? '').slice(applied.start, applied.end) : '';
        event(c.id, round.id, 'accepted', actor, at, JSON.stringify({ applied, appliedText }));
        return { correction: correction(c.id), revision };
      }),

    rejectCorrection: ({ correctionId, reason }, ctx) =>
      writeTransaction(db, () => {
        const actor = acting(ctx, 'rejectCorrection');
        const c = correctionRow(correctionId);
        if (c.status !== 'open') throw conflict('not_open', `correction ${correctionId} is ${c.status}`, { id: correctionId });
        const at = nowIso();
        db.prepare(
          "UPDATE proof_correction SET status = 'rejected', resolved_by_name = ?, resolved_by_role = ?, resolved_by_account = ?, resolved_at = ?, reject_reason = ? WHERE id = ?",
        ).run(actor.name, actor.role, actor.accountId, at, reason, c.id);
        event(c.id, c.round_id, 'rejected', actor, at, reason);
        return correction(c.id);
      }),

    listVerifications: ({ roundId }) => {
      const r = roundRow(roundId);
      const prev = previousRound(r);
      if (!prev) return [];
      const rows = db
        .prepare(
          `SELECT c.* FROM proof_correction c JOIN article a ON a.id = c.article_id JOIN section s ON s.id = a.section_id
           WHERE c.accepted_in_round_id = ? ORDER BY s.position, a.position, c.id`,
        )
        .all(prev.id) as CorrectionRow[];
      return correctionsOf(db, rows, bodyOf);
    },

    verifyCorrection: ({ correctionId, result, note }, ctx) =>
      writeTransaction(db, () => {
        const actor = acting(ctx, 'verifyCorrection');
        const c = correctionRow(correctionId);
        const round = openRoundOf(c.issue_id);
        if (!round) throw conflict('no_open_round', '核红 happens in an open round');
        const prev = previousRound(round);
        if (!prev || c.accepted_in_round_id !== prev.id || c.status !== 'accepted') {
          throw conflict('not_in_verification', `correction ${correctionId} is not among the corrections accepted in the round before ${round.name}`, {
            id: correctionId,
            name: round.name,
          });
        }
        const at = nowIso();
        db.prepare('INSERT INTO proof_verification (correction_id, round_id, state, by_name, by_role, by_account, at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          c.id,
          round.id,
          result,
          actor.name,
          actor.role,
          actor.accountId,
          at,
          note ?? '',
        );
        event(c.id, round.id, result === 'confirmed' ? 'verified' : 'reopened', actor, at, note ?? '');
        if (result === 'reopened') reopen(c, round, at);
        return correction(c.id);
      }),

    getArticleDiff: ({ articleId, sinceRoundId }) => {
      const a = articleRow(articleId);
      let since: RoundRow | undefined;
      if (sinceRoundId !== undefined) {
        since = roundRow(sinceRoundId);
        if (since.issue_id !== a.issue_id) throw conflict('other_issue', `round ${sinceRoundId} belongs to another issue`, { id: sinceRoundId });
      } else {
        // The current round is the open one, else the last one opened; compare with the round before it.
        const started = roundsOf(db, a.issue_id).filter((r) => r.state !== 'planned');
        const current = started.find((r) => r.state === 'open') ?? started[started.length - 1];
        if (current) since = previousRound(current) ?? current;
      }
      if (!since) throw conflict('no_round_snapshot', 'no proofreading round has been opened yet');
      const snap = db.prepare('SELECT snapshot FROM proof_round_article WHERE round_id = ? AND article_id = ?').get(since.id, articleId) as
        | { snapshot: string }
        | undefined;
      if (!snap) throw conflict('no_round_snapshot', `round ${since.name} did not cover article ${articleId}`, { id: since.id, name: since.name });
      const diff = diffBlocks(JSON.parse(snap.snapshot) as string[], blockTexts(JSON.parse(a.body) as ArticleDoc));
      return { articleId, sinceRoundId: since.id, sinceName: since.name, ...diff };
    },

    getQualityFigures: ({ issueId }) =>
      writeTransaction(db, () => {
        const all = ensureRounds(issueId);
        const covered = db.prepare('SELECT article_id FROM proof_round_article WHERE round_id = ?');
        const articles = db
          .prepare(
            'SELECT a.id, a.title_lines, a.char_count FROM article a JOIN section s ON s.id = a.section_id WHERE a.issue_id = ? ORDER BY s.position, a.position',
          )
          .all(issueId) as { id: number; title_lines: string; char_count: number }[];
        const corrections = db.prepare('SELECT round_id, article_id, kind, status FROM proof_correction WHERE issue_id = ?').all(issueId) as Pick<
          CorrectionRow,
          'round_id' | 'article_id' | 'kind' | 'status'
        >[];
        return qualityFigures({
          issueId,
          rounds: all.map((r) => ({ roundId: r.id, name: r.name, articleIds: (covered.all(r.id) as { article_id: number }[]).map((x) => x.article_id) })),
          articles: articles.map((x) => ({ articleId: x.id, title: (JSON.parse(x.title_lines) as string[]).join(''), chars: x.char_count })),
          corrections: corrections.map((c) => ({ roundId: c.round_id, articleId: c.article_id, kind: c.kind, status: c.status })),
        });
      }),

    signRound: ({ roundId, step, note }, ctx) =>
      writeTransaction(db, () => {
        const actor = actorOfCall(ctx);
        const r = roundRow(roundId);
        const all = roundsOf(db, r.issue_id);
        const isLast = lastRoundOf(all)?.id === r.id;
        if (!stepsOfRound(isLast).includes(step)) {
          throw conflict('step_not_in_round', `round ${r.name} is not signed for ${step}: only the last round has 复审 and 终审`, { id: r.id, name: r.name, step });
        }
        const needed = SIGNATURE_ROLES[step];
        if (!actor.roles.includes(needed)) {
          throw new QikanError('forbidden', `${actor.displayName} may not sign ${step} (needs ${needed})`, { reason: 'role', method: 'signRound', needed, step });
        }
        if (r.state !== 'closed') throw conflict('round_not_closed', `round ${r.name} is not closed yet`, { id: r.id, name: r.name });
        const standing = standingSignOffs(db, r.id);
        const current = standing.get(step);
        if (current) {
          // Signed again only when what it covered has changed since (stale).
          const changes = isLast ? lastRoundChanges(db, r.issue_id).find((c) => c.row.id === current.id) : undefined;
          if (!changes || changes.changed.length === 0) {
            throw conflict('already_signed', `round ${r.name} already carries the ${step} signature of ${current.name}`, { id: r.id, name: r.name, step, signer: current.name });
          }
        }
        // Separation of duties: a round's 校对 is none of its 审, and the three 审 of the last round are
        // three people; so within a round no person gives two of its signatures.
        for (const [otherStep, other] of standing) {
          if (otherStep === step || other.account_id === null || other.account_id !== actor.accountId) continue;
          throw new QikanError('forbidden', `${actor.displayName} already signed ${otherStep} of round ${r.name}: ${step} needs another person`, {
            reason: 'same_person',
            step,
            other: otherStep,
            name: actor.displayName,
            round: r.name,
          });
        }
        // The 终审 (付印) comes last: every other signature of every round stands, nothing is left open.
        if (step === '终审') {
          const state = signOffState(db, r.issue_id);
          const waiting = [
            ...state.unclosedRounds.map((u) => u.name),
            ...state.missing.flatMap((m) => m.steps.filter((s) => !(m.roundId === r.id && s === '终审')).map((s) => `${m.name} ${s}`)),
            ...state.stale.filter((s) => s.step !== '终审').map((s) => `${s.name} ${s.step}`),
          ];
          if (state.openCorrections > 0 || waiting.length > 0) {
            throw conflict('signing_order', `the 终审 (付印) comes after every other signature: waiting for ${waiting.join(', ') || `${state.openCorrections} open corrections`}`, {
              id: r.id,
              name: r.name,
              waitingFor: waiting.join('、'),
              openCorrections: state.openCorrections,
            });
          }
        }
        const coverage = issueCoverage(db, r.issue_id)!;
        const at = nowIso();
        const id = Number(
          db
            .prepare(
              `INSERT INTO proof_sign_off (issue_id, round_id, step, account_id, name, role, note, at, covers, recorded_by_name, recorded_by_role)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(r.issue_id, r.id, step, actor.accountId, actor.displayName, needed, note ?? '', at, JSON.stringify({ ...coverage.hashes, titles: coverage.titles }), actor.displayName, needed)
            .lastInsertRowid,
        );
        ctx?.note({ step, signer: actor.displayName, ...(current ? { again: true } : {}) }, note);
        return signOffOf(db, signOffRowById(db, id)!);
      }),

    withdrawSignOff: ({ signOffId, reason }, ctx) =>
      writeTransaction(db, () => {
        const actor = actorOfCall(ctx);
        const row = signOffRowById(db, signOffId);
        if (!row) throw notFound('signOff', signOffId);
        if (withdrawalOf(db, row.id)) throw conflict('already_withdrawn', `the ${row.step} signature of ${row.name} is already withdrawn`, { id: row.id, step: row.step });
        db.prepare('INSERT INTO proof_sign_off_withdrawal (sign_off_id, account_id, name, at, reason) VALUES (?, ?, ?, ?, ?)').run(
          row.id,
          actor.accountId,
          actor.displayName,
          nowIso(),
          reason,
        );
        ctx?.note({ step: row.step, signer: row.name }, reason);
        return signOffOf(db, row);
      }),

    listSignOffs: ({ issueId }) => {
      issueExists(issueId);
      const rows = db
        .prepare('SELECT so.* FROM proof_sign_off so JOIN proof_round r ON r.id = so.round_id WHERE so.issue_id = ? ORDER BY r.position, so.id')
        .all(issueId) as SignOffRow[];
      return rows.map((row) => signOffOf(db, row));
    },

    // A write: ensureRounds may create the default rounds.
    getSignOffState: ({ issueId }) =>
      writeTransaction(db, () => {
        ensureRounds(issueId);
        return signOffState(db, issueId);
      }),

    // Only reads: one snapshot, so the hashes and the changes are of the same state.
    getSignOffCoverage: ({ issueId }): SignOffCoverage =>
      readTransaction(db, () => {
        issueExists(issueId);
        const coverage = issueCoverage(db, issueId)!;
        return {
          issueId,
          hashes: publicCoverage(coverage.hashes)!,
          articles: coverage.articles,
          changedSince: lastRoundChanges(db, issueId, coverage).map((c) => ({ signOffId: c.row.id, roundId: c.round.id, step: c.row.step as SignOffStep, changed: c.changed })),
        };
      }),
  };

  /** 核红 found the accepted change wrong: the correction is open again in the current round, anchored
   *  where the change now stands (orphaned when that text is gone); its history stays. */
  function reopen(c: CorrectionRow, round: RoundRow, at: string): void {
    const accepted = db
      .prepare("SELECT detail FROM proof_event WHERE correction_id = ? AND action = 'accepted' ORDER BY id DESC LIMIT 1")
      .get(c.id) as { detail: string } | undefined;
    const recorded = accepted ? (JSON.parse(accepted.detail) as { applied: AnchorRange | null; appliedText: string }) : { applied: null, appliedText: '' };
    const a = articleRow(c.article_id);
    const body = JSON.parse(a.body) as ArticleDoc;
    const texts = blockTexts(body);
    const range = relocate(texts, recorded.applied, recorded.appliedText);
    let original = c.original;
    if (range) {
      saveBody(a, insertMark(body, range, c.mark_id), at);
      original = texts[range.blockIndex]!.slice(range.start, range.end);
    }
    db.prepare(
      `UPDATE proof_correction SET status = 'open', round_id = ?, resolved_by_name = NULL, resolved_by_role = NULL, resolved_at = NULL,
                                   original = ?, orphaned = ? WHERE id = ?`,
    ).run(round.id, original, range ? 0 : 1, c.id);
  }
}

/** Where the accepted change stands now: its recorded place if the text is still there, else the same
 *  text elsewhere in its block, else the recorded place if it still fits. */
function relocate(texts: readonly string[], applied: AnchorRange | null, appliedText: string): AnchorRange | null {
  if (!applied) return null;
  const block = texts[applied.blockIndex];
  if (block === undefined) return null;
  if (appliedText !== '') {
    if (block.slice(applied.start, applied.end) === appliedText) return applied;
    const found = block.indexOf(appliedText);
    if (found >= 0) return { blockIndex: applied.blockIndex, start: found, end: found + appliedText.length };
  }
  return applied.start >= 0 && applied.start < applied.end && applied.end <= block.length ? applied : null;
}
