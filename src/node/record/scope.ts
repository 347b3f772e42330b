// What a call is about: the issue, article and round its payload names (directly or through a section,
// photo, correction or signature), with the titles and names the record shows. One place for it, so
// the record, the 付印 freeze and presence all read the same answer.

import type Database from 'better-sqlite3';

export interface CallScope {
  issueId: number | null;
  articleId: number | null;
  roundId: number | null;
  params: Record<string, string | number>;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

export function scopeOf(db: Database.Database, input: Record<string, unknown>): CallScope {
  const scope: CallScope = { issueId: num(input['issueId']), articleId: num(input['articleId']), roundId: num(input['roundId']), params: {} };
  const one = <T>(sql: string, id: number): T | undefined => db.prepare(sql).get(id) as T | undefined;

  // What a signature or an export was asked for, also on a refused call (the service never got to say).
  for (const key of ['step', 'kind'] as const) {
    const v = input[key];
    if (typeof v === 'string' && v.length <= 40) scope.params[key] = v;
  }
  const correctionId = num(input['correctionId']);
  if (correctionId !== null) {
    const c = one<{ issue_id: number; article_id: number; round_id: number }>('SELECT issue_id, article_id, round_id FROM proof_correction WHERE id = ?', correctionId);
    if (c) Object.assign(scope, { issueId: c.issue_id, articleId: c.article_id, roundId: c.round_id });
    scope.params['correctionId'] = correctionId;
  }
  const signOffId = num(input['signOffId']);
  if (signOffId !== null) {
    const s = one<{ issue_id: number; round_id: number; step: string; name: string }>('SELECT issue_id, round_id, step, name FROM proof_sign_off WHERE id = ?', signOffId);
    if (s) {
      Object.assign(scope, { issueId: s.issue_id, roundId: s.round_id });
      scope.params['step'] = s.step;
      scope.params['signer'] = s.name;
    }
  }
  const photoId = num(input['photoId']);
  if (photoId !== null) {
    const p = one<{ issue_id: number; article_id: number | null }>('SELECT issue_id, article_id FROM photo WHERE id = ?', photoId);
    if (p) {
      scope.issueId ??= p.issue_id;
      scope.articleId ??= p.article_id;
    }
  }
  const sectionId = num(input['sectionId']) ?? num(input['toSectionId']);
  if (sectionId !== null) {
    const s = one<{ issue_id: number; name: string }>('SELECT issue_id, name FROM section WHERE id = ?', sectionId);
    if (s) {
      scope.issueId ??= s.issue_id;
      scope.params['section'] = s.name;
    }
  }
  if (scope.articleId !== null) {
    const a = one<{ issue_id: number; title_lines: string }>('SELECT issue_id, title_lines FROM article WHERE id = ?', scope.articleId);
    if (a) {
      scope.issueId ??= a.issue_id;
      scope.params['title'] = (JSON.parse(a.title_lines) as string[]).join('');
    }
  }
  if (scope.roundId !== null) {
    const r = one<{ issue_id: number; name: string }>('SELECT issue_id, name FROM proof_round WHERE id = ?', scope.roundId);
    if (r) {
      scope.issueId ??= r.issue_id;
      scope.params['round'] = r.name;
    }
  }
  if (scope.issueId !== null) {
    const i = one<{ year: number; number: number }>('SELECT year, number FROM issue WHERE id = ?', scope.issueId);
    if (i) scope.params['issue'] = `${i.year}-${i.number}`;
  }
  return scope;
}
