// The flatplan's pure parts: pages by press form in reading spreads, drop targets in moveArticle's
// terms, and the new-issue dialog's proposal after the latest issue.
import { describe, expect, it } from 'vitest';
import { formsOf, moveTargetOf } from '../../src/renderer/flatplan/flatplan-facts';
import { latestIssue, oneMonthLater, proposeNextIssue } from '../../src/renderer/library/new-issue-proposal';
import type { FlatplanPage } from '../../src/shared/desk';
import type { SectionOutline } from '../../src/shared/model';

const page = (index: number): FlatplanPage => ({ index, label: String(index), kind: 'body', articleId: null, sectionName: null });

describe('formsOf', () => {
  it('pairs verso and recto inside a form and never across forms', () => {
    const pages = Array.from({ length: 20 }, (_, k) => page(k));
    const forms = formsOf({ pages, forms: [{ index: 0, start: 0, end: 15 }, { index: 1, start: 16, end: 19 }] });
    expect(forms[0]!.spreads.map((s) => s.map((p) => p.index))).toEqual([[0], [1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [13, 14], [15]]);
    expect(forms[1]!.spreads.map((s) => s.map((p) => p.index))).toEqual([[16], [17, 18], [19]]);
    expect(forms[1]).toMatchObject({ first: '16', last: '19' });
  });
});

describe('moveTargetOf', () => {
  const art = (id: number) => ({ id, sectionId: 0, position: 0, key: null, titleLines: [`${id}`], subtitle: null, byline: null, pageBudget: null, charCount: 0, revision: 0 });
  const sections: SectionOutline[] = [
    { id: 1, position: 0, name: 'A', articles: [art(10), art(11), art(12)] },
    { id: 2, position: 1, name: 'B', articles: [art(20)] },
  ];

  it('puts an article before another in the same section, counting without itself', () => {
    expect(moveTargetOf(sections, 12, { beforeArticleId: 10, sectionId: 1 })).toEqual({ toSectionId: 1, toIndex: 0 });
    expect(moveTargetOf(sections, 10, { beforeArticleId: 12, sectionId: 1 })).toEqual({ toSectionId: 1, toIndex: 1 });
  });

  it('moves across sections and to a section end', () => {
    expect(moveTargetOf(sections, 11, { beforeArticleId: 20, sectionId: 2 })).toEqual({ toSectionId: 2, toIndex: 0 });
    expect(moveTargetOf(sections, 10, { beforeArticleId: null, sectionId: 2 })).toEqual({ toSectionId: 2, toIndex: 1 });
  });

  it('ignores drops that change nothing', () => {
    expect(moveTargetOf(sections, 11, { beforeArticleId: 11, sectionId: 1 })).toBeNull();
    expect(moveTargetOf(sections, 11, { beforeArticleId: 12, sectionId: 1 })).toBeNull();
    expect(moveTargetOf(sections, 12, { beforeArticleId: null, sectionId: 1 })).toBeNull();
    expect(moveTargetOf(sections, 12, { beforeArticleId: 99, sectionId: 1 })).toBeNull();
  });
});

describe('new issue proposal', () => {
  it('proposes 2026年第2期, 总第314期, a month after the sample', () => {
    expect(proposeNextIssue({ year: 2026, number: 1, totalNumber: 313, publishDate: '2026-01-26' })).toEqual({ year: 2026, number: 2, totalNumber: 314, publishDate: '2026-02-26' });
  });

  it('rolls over to number 1 of the next year after 12, and clamps the day to the month', () => {
    expect(proposeNextIssue({ year: 2026, number: 12, totalNumber: 324, publishDate: '2026-12-26' })).toEqual({ year: 2027, number: 1, totalNumber: 325, publishDate: '2027-01-26' });
    expect(oneMonthLater('2026-01-31')).toBe('2026-02-28');
    expect(oneMonthLater('2028-01-30')).toBe('2028-02-29');
  });

  it('finds the latest issue by year and number', () => {
    expect(latestIssue([{ year: 2025, number: 12 }, { year: 2026, number: 1 }, { year: 2025, number: 3 }])).toEqual({ year: 2026, number: 1 });
    expect(latestIssue([])).toBeNull();
  });
});
