// The corrections list's filters: round, status, article and person. Pure.

import type { Correction, CorrectionStatus } from '../../shared/proof';

export interface CorrectionFilter {
  roundId: number | null;
  status: CorrectionStatus | null;
  /** null: every article of the issue. */
  articleId: number | null;
  /** Author's name; null: anyone. */
  author: string | null;
}

export function filterCorrections(list: readonly Correction[], f: CorrectionFilter): Correction[] {
  return list.filter(
    (c) =>
      (f.roundId === null || c.roundId === f.roundId) &&
      (f.status === null || c.status === f.status) &&
      (f.articleId === null || c.articleId === f.articleId) &&
      (f.author === null || c.author.name === f.author),
  );
}

/** The people who proposed corrections, in order of first appearance. */
export function authorsOf(list: readonly Correction[]): string[] {
  return [...new Set(list.map((c) => c.author.name))];
}

/** A short fingerprint of an article's corrections (ids and statuses), to notice changes made elsewhere. */
export function correctionsSignature(list: readonly Correction[], articleId: number): string {
  return list
    .filter((c) => c.articleId === articleId)
    .map((c) => `${c.id}:${c.status}:${c.orphaned ? 'o' : ''}`)
    .sort()
    .join(',');
}
