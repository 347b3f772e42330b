import type { TFunction } from 'i18next';
import type { IssueSummary } from '../../shared/model';

/** “2026年第1期（总第313期）” / “2026 No. 1 (No. 313 overall)”. */
export function issueLabel(t: TFunction, issue: Pick<IssueSummary, 'year' | 'number' | 'totalNumber'>): string {
  return t('app:issue.label', { year: issue.year, number: issue.number, total: issue.totalNumber });
}
