import { describe, expect, it } from 'vitest';
import type { ArticleSummary, SectionOutline } from '../../src/shared/model';
import {
  articleDropOnArticle,
  articleDropOnSection,
  articleStep,
  sectionDrop,
  sectionStep,
} from '../../src/renderer/outline/outline-moves';

function article(id: number, sectionId: number, position: number): ArticleSummary {
  return { id, sectionId, position, key: null, titleLines: [`a${id}`], subtitle: null, byline: null, pageBudget: null, charCount: 0, revision: 1 };
}
// Section 1: articles 11, 12, 13; section 2: empty; section 3: 31.
const sections: SectionOutline[] = [
  { id: 1, position: 0, name: 'one', articles: [article(11, 1, 0), article(12, 1, 1), article(13, 1, 2)] },
  { id: 2, position: 1, name: 'two', articles: [] },
  { id: 3, position: 2, name: 'three', articles: [article(31, 3, 0)] },
];

describe('keyboard steps', () => {
  it('move an article within its section', () => {
    expect(articleStep(sections, 12, -1)).toEqual({ toSectionId: 1, toIndex: 0 });
    expect(articleStep(sections, 12, 1)).toEqual({ toSectionId: 1, toIndex: 2 });
  });
  it('cross section boundaries, including into an empty section', () => {
    expect(articleStep(sections, 13, 1)).toEqual({ toSectionId: 2, toIndex: 0 });
    expect(articleStep(sections, 31, -1)).toEqual({ toSectionId: 2, toIndex: 0 });
  });
  it('stop at the very top and bottom', () => {
    expect(articleStep(sections, 11, -1)).toBeNull();
    expect(articleStep(sections, 31, 1)).toBeNull();
    expect(articleStep(sections, 99, 1)).toBeNull();
  });
  it('move sections', () => {
    expect(sectionStep(sections, 1, -1)).toBeNull();
    expect(sectionStep(sections, 1, 1)).toBe(1);
    expect(sectionStep(sections, 3, -1)).toBe(1);
    expect(sectionStep(sections, 3, 1)).toBeNull();
  });
});

describe('drops', () => {
  it('place an article before or after another, counting positions after the move', () => {
    expect(articleDropOnArticle(sections, 11, 13, false)).toEqual({ toSectionId: 1, toIndex: 1 });
    expect(articleDropOnArticle(sections, 11, 13, true)).toEqual({ toSectionId: 1, toIndex: 2 });
    expect(articleDropOnArticle(sections, 13, 11, false)).toEqual({ toSectionId: 1, toIndex: 0 });
    expect(articleDropOnArticle(sections, 31, 12, true)).toEqual({ toSectionId: 1, toIndex: 2 });
  });
  it('ignore drops that change nothing', () => {
    expect(articleDropOnArticle(sections, 12, 12, false)).toBeNull();
    expect(articleDropOnArticle(sections, 12, 13, false)).toBeNull();
    expect(articleDropOnArticle(sections, 12, 11, true)).toBeNull();
    expect(articleDropOnSection(sections, 13, 1)).toBeNull();
  });
  it('append an article dropped on a section heading', () => {
    expect(articleDropOnSection(sections, 11, 2)).toEqual({ toSectionId: 2, toIndex: 0 });
    expect(articleDropOnSection(sections, 11, 3)).toEqual({ toSectionId: 3, toIndex: 1 });
  });
  it('reorder sections', () => {
    expect(sectionDrop(sections, 1, 3, true)).toBe(2);
    expect(sectionDrop(sections, 3, 1, false)).toBe(0);
    expect(sectionDrop(sections, 1, 2, false)).toBeNull();
  });
});
