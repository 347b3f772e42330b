// Error rates as the 2020 《报纸期刊质量管理规定》 reads them: errors per 10,000 characters, with a
// periodical failing above 2. An error is a correction that was accepted and changed the text (a
// query asks, it does not find an error). Characters are the article's count as printed
// (src/shared/text-stats.ts). Pure.

import type { CorrectionKind, CorrectionStatus, QualityFigures, QualityRow } from '../proof';

export const ERROR_RATE_THRESHOLD_PER_10K = 2;

export function per10k(errors: number, chars: number): number {
  return chars > 0 ? Math.round((errors * 10_000 * 100) / chars) / 100 : 0;
}

export function isError(c: { kind: CorrectionKind; status: CorrectionStatus }): boolean {
  return c.status === 'accepted' && c.kind !== 'query';
}

function row(errors: number, chars: number): QualityRow {
  return { errors, chars, per10k: per10k(errors, chars) };
}

export interface QualityInput {
  issueId: number;
  rounds: { roundId: number; name: string; articleIds: number[] }[];
  articles: { articleId: number; title: string; chars: number }[];
  corrections: { roundId: number; articleId: number; kind: CorrectionKind; status: CorrectionStatus }[];
}

/** Per round: the errors found in it over the characters it covered; per article: all its errors
 *  over its characters; the issue: all errors over all characters. */
export function qualityFigures(input: QualityInput): QualityFigures {
  const errors = input.corrections.filter(isError);
  const charsOf = new Map(input.articles.map((a) => [a.articleId, a.chars]));
  return {
    issueId: input.issueId,
    thresholdPer10k: ERROR_RATE_THRESHOLD_PER_10K,
    rounds: input.rounds.map((r) => ({
      roundId: r.roundId,
      name: r.name,
      ...row(
        errors.filter((c) => c.roundId === r.roundId).length,
        r.articleIds.reduce((n, id) => n + (charsOf.get(id) ?? 0), 0),
      ),
    })),
    articles: input.articles.map((a) => ({ articleId: a.articleId, title: a.title, ...row(errors.filter((c) => c.articleId === a.articleId).length, a.chars) })),
    issue: row(errors.length, input.articles.reduce((n, a) => n + a.chars, 0)),
  };
}
