// The 付印 gate of the print export. Once an issue is under 三审三校 (some proof round has been opened),
// printing needs every round closed, no correction left open and each closed round signed by 责任编辑,
// 责任校对 and 主编; what is missing comes back as preflight errors, so the export refuses it (or an
// editor overrides it with a reason) the same way as any other preflight error, and the export dialog
// and the command line list it. An issue no round was ever opened for (e.g. the sample issue as
// imported) is not under 三审三校 yet: it prints, with a warning that it was not proofread.
// Screen exports are proofs and are never gated.

import type Database from 'better-sqlite3';
import type { ExportKind, PreflightItem, PreflightResult } from '../../shared/print';
import { proofreadingStarted, signOffState } from './proof-store';

/** The history and export-log text of a print export that went ahead without the full sign-off. */
export function signOffOverrideText(reason: string): string {
  return `付印 override: ${reason}`;
}

export function signOffItems(db: Database.Database, issueId: number): { errors: PreflightItem[]; warnings: PreflightItem[] } {
  if (!proofreadingStarted(db, issueId)) {
    return {
      errors: [],
      warnings: [{ code: 'not_proofread', severity: 'warning', message: 'no proof round has been opened for this issue', params: {}, target: {} }],
    };
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
      message: `proof round ${m.name} lacks the signature of ${m.roles.join(', ')}`,
      params: { round: m.name, roles: m.roles.join('、') },
      target: {},
    });
  }
  return { errors, warnings: [] };
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
