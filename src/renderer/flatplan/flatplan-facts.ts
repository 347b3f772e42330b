// What the flatplan (台版) shows, computed from the API's Flatplan: pages grouped by press form and
// paired into reading spreads inside each form, and where an article dropped before another (or at
// a section's end) goes in moveArticle's terms. Pure.

import type { Flatplan, FlatplanPage } from '../../shared/desk';
import type { SectionOutline } from '../../shared/model';

export interface FormView {
  index: number;
  first: string;
  last: string;
  /** Reading spreads within the form: a verso (odd index) starts a pair; the cover stands alone. */
  spreads: FlatplanPage[][];
}

export function formsOf(plan: Pick<Flatplan, 'pages' | 'forms'>): FormView[] {
  return plan.forms.map((form) => {
    const pages = plan.pages.slice(form.start, form.end + 1);
    const spreads: FlatplanPage[][] = [];
    for (const page of pages) {
      const current = spreads[spreads.length - 1];
      if (current && current.length === 1 && current[0]!.index % 2 === 1 && page.index === current[0]!.index + 1) current.push(page);
      else spreads.push([page]);
    }
    return { index: form.index, first: pages[0]?.label ?? '', last: pages[pages.length - 1]?.label ?? '', spreads };
  });
}

export interface MoveTarget {
  toSectionId: number;
  toIndex: number;
}

/** moveArticle's input for dropping `articleId` before `beforeArticleId` (or at the end of
 *  `sectionId` when beforeArticleId is null); null when the drop changes nothing. */
export function moveTargetOf(sections: readonly SectionOutline[], articleId: number, drop: { beforeArticleId: number | null; sectionId: number }): MoveTarget | null {
  const section = sections.find((s) => s.id === drop.sectionId);
  if (!section || drop.beforeArticleId === articleId) return null;
  const others = section.articles.map((a) => a.id).filter((id) => id !== articleId);
  const toIndex = drop.beforeArticleId === null ? others.length : others.indexOf(drop.beforeArticleId);
  if (toIndex < 0) return null;
  const current = section.articles.findIndex((a) => a.id === articleId);
  if (current >= 0 && current === toIndex) return null; // dropped where it already is
  return { toSectionId: section.id, toIndex };
}

/** The section an article is in. */
export function sectionOfArticle(sections: readonly SectionOutline[], articleId: number): SectionOutline | null {
  return sections.find((s) => s.articles.some((a) => a.id === articleId)) ?? null;
}
