// "2026-1" names issue 1 of 2026 on the command line.

import type { IssueSummary } from '../../shared/model';
import type { TFunction } from 'i18next';
import { CliInputError, CliUsageError } from './context';

export function parseIssueName(value: string): { year: number; number: number } {
  const m = /^(\d{4})-(\d{1,2})$/.exec(value.trim());
  if (!m) throw new CliUsageError('badIssueName', { value });
  return { year: Number(m[1]), number: Number(m[2]) };
}

export function findIssue(issues: IssueSummary[], value: string): IssueSummary {
  const { year, number } = parseIssueName(value);
  const issue = issues.find((i) => i.year === year && i.number === number);
  if (!issue) throw new CliInputError('issueNotFound', { value });
  return issue;
}

export function issueTitle(t: TFunction, i: { year: number; number: number; totalNumber: number }): string {
  return t('issueName', { year: i.year, number: i.number, total: i.totalNumber });
}
