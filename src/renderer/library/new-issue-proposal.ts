// What the new-issue dialog proposes after the latest issue of a monthly: the next number (after 12
// comes number 1 of the next year), the overall number plus one, the publication date one month on
// (the same day, or the month's last day when the month is shorter). Pure.

import type { IssueSummary } from '../../shared/model';

export const ISSUES_PER_YEAR = 12;

export interface IssueProposal {
  year: number;
  number: number;
  totalNumber: number;
  publishDate: string;
}

/** yyyy-mm-dd one month after `iso`, clamped to the last day of the month. */
export function oneMonthLater(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const year = m === 12 ? y + 1 : y;
  const month = m === 12 ? 1 : m + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}

/** The issue after `latest`, or this month's first issue when the library has none. */
export function proposeNextIssue(latest: Pick<IssueSummary, 'year' | 'number' | 'totalNumber' | 'publishDate'> | null, today: Date = new Date()): IssueProposal {
  if (!latest) {
    const y = today.getFullYear();
    return { year: y, number: today.getMonth() + 1, totalNumber: 1, publishDate: `${y}-${String(today.getMonth() + 1).padStart(2, '0')}-01` };
  }
  const rollsOver = latest.number >= ISSUES_PER_YEAR;
  return {
    year: rollsOver ? latest.year + 1 : latest.year,
    number: rollsOver ? 1 : latest.number + 1,
    totalNumber: latest.totalNumber + 1,
    publishDate: oneMonthLater(latest.publishDate),
  };
}

/** The latest issue by year and number. */
export function latestIssue<T extends Pick<IssueSummary, 'year' | 'number'>>(issues: readonly T[]): T | null {
  return issues.reduce<T | null>((best, i) => (!best || i.year > best.year || (i.year === best.year && i.number > best.number) ? i : best), null);
}
