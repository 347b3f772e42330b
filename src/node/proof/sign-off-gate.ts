// The 付印 gate of the print export. Once an issue is under 三审三校 (some proof round has been opened),
// printing needs every round closed, no correction left open, each closed round signed (责任校对 and
// 初审; the last round also 复审 and 终审), no signature of the last round given to another text than
// the one printed (stale), and what prints hashing to what the standing 付印 covers. What is missing
// comes back as preflight errors, so the export refuses it (or the 主编 overrides it with a reason) the
// same way as any other preflight error, and the export dialog and the command line list it, naming the
// changed articles.
//
// An issue no round was ever opened for (e.g. the sample issue as imported into a library whose
// publication is not run under 三审三校) prints with a warning that it was not proofread; a publication
// set to 三审三校 (settings.proofreading) makes that an error. Screen exports are proofs and are never gated.

import type Database from 'better-sqlite3';
import type { ExportKind, PreflightItem, PreflightResult } from '../../shared/print';
import { changedText, issueCoverage } from './coverage';
import { lastRoundChanges, proofreadingStarted, signOffState } from './proof-store';

/** The history and export-log text of a print export that went ahead without the full sign-off. */
export function signOffOverrideText(reason: string): string {
  return `付印 override: ${reason}`;
}

/** Whether the issue's publication is run under 三审三校 (settings.proofreading). */
export function underThreeReviews(db: Database.Database, issueId: number): boolean {
  const row = db.prepare('SELECT p.settings FROM publication p JOIN issue i ON i.publication_id = p.id WHERE i.id = ?').get(issueId) as
    | { settings: string }
    | undefined;
  if (!row) return false;
  try {
    return (JSON.parse(row.settings) as { proofreading?: unknown }).proofreading === '三审三校';
  } catch {
    return false;
  }
}

export function signOffItems(db: Database.Database, issueId: number): { errors: PreflightItem[]; warnings: PreflightItem[] } {
  if (!proofreadingStarted(db, issueId)) {
    const required = underThreeReviews(db, issueId);
    const item: PreflightItem = {
      code: 'not_proofread',
      severity: required ? 'error' : 'warning',
      message: required ? 'the publication is run under 三审三校 and no proof round has been opened for this issue' : 'no proof round has been opened for this issue',
      params: {},
      target: {},
    };
    return required ? { errors: [item], warnings: [] } : { errors: [], warnings: [item] };
  }
  const state = signOffState(db, issueId);
  const errors: PreflightItem[] = [];
  if (state.openCorrections > 0) {
    errors.push({
      code: 'signoff_open_corrections',
      severity: 'error',
      message: `${state.openCorrections} proof corrections are still open`,
      params: { count: state.openCorrections },
      target: {},
    });
  }
  for (const r of state.unclosedRounds) {
    errors.push({ code: 'signoff_round_unclosed', severity: 'error', message: `proof round ${r.name} is not closed`, params: { round: r.name }, target: {} });
  }
  for (const m of state.missing) {
    errors.push({
      code: 'signoff_missing',
      severity: 'error',
      message: `proof round ${m.name} lacks the signature of ${m.steps.join(', ')}`,
      params: { round: m.name, roles: m.steps.join('、') },
      target: {},
    });
  }
  const printSignOff = state.frozenBy;
  for (const s of state.stale) {
    // The standing 付印 itself is the hash check below.
    if (printSignOff && s.step === '终审' && s.roundId === printSignOff.roundId) continue;
    const text = changedText(s.changed);
    const firstArticle = s.changed.find((c) => c.kind === 'article');
    errors.push({
      code: 'signoff_stale',
      severity: 'error',
      message: `the ${s.step} signature of proof round ${s.name} was given before changes to ${text.changed}: it must be signed again`,
      params: { round: s.name, step: s.step, changed: text.changed, articles: text.articles },
      target: firstArticle && firstArticle.kind === 'article' ? { articleId: firstArticle.articleId } : {},
    });
  }
  errors.push(...printHashItems(db, issueId));
  return { errors, warnings: [] };
}

/**
 * What prints must hash to what the standing 付印 covers: an error naming what changed when it does
 * not (a change that reached the issue past the freeze, such as the publication's settings).
 */
export function printHashItems(db: Database.Database, issueId: number): PreflightItem[] {
  const now = issueCoverage(db, issueId);
  if (!now) return [];
  const print = lastRoundChanges(db, issueId, now).find((c) => c.row.step === '终审');
  if (!print || print.changed.length === 0) return [];
  const text = changedText(print.changed);
  const firstArticle = print.changed.find((c) => c.kind === 'article');
  return [
    {
      code: 'signoff_changed',
      severity: 'error',
      message: `what would print differs from what the 付印 of ${print.row.name} covers: ${text.changed}`,
      params: { round: print.round.name, signer: print.row.name, changed: text.changed, articles: text.articles },
      target: firstArticle && firstArticle.kind === 'article' ? { articleId: firstArticle.articleId } : {},
    },
  ];
}

/** The preflight result with the 付印 items added (print only); `gated` tells whether any is an error. */
export function withSignOffItems(db: Database.Database, issueId: number, kind: ExportKind, result: PreflightResult): { result: PreflightResult; gated: boolean } {
  if (kind !== 'print') return { result, gated: false };
  const items = signOffItems(db, issueId);
  return {
    result: { ...result, errors: [...result.errors, ...items.errors], warnings: [...result.warnings, ...items.warnings] },
    gated: items.errors.length > 0,
  };
}
