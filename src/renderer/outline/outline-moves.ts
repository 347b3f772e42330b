// Where a keyboard or drag-and-drop move puts a section or an article. Indexes are final positions
// (the index the item has once the move is done), as moveSection/moveArticle take them.

import type { SectionOutline } from '../../shared/model';

export interface ArticleTarget {
  toSectionId: number;
  toIndex: number;
}

function locateArticle(sections: readonly SectionOutline[], articleId: number): { s: number; a: number } | null {
  for (let s = 0; s < sections.length; s++) {
    const a = sections[s]!.articles.findIndex((x) => x.id === articleId);
    if (a >= 0) return { s, a };
  }
  return null;
}

/** One step up (-1) or down (+1); past the first or last article of a section it crosses into the
 *  neighbouring section (to its end going up, to its start going down). Null at the very top or bottom. */
export function articleStep(sections: readonly SectionOutline[], articleId: number, direction: -1 | 1): ArticleTarget | null {
  const at = locateArticle(sections, articleId);
  if (!at) return null;
  const section = sections[at.s]!;
  const next = at.a + direction;
  if (next >= 0 && next < section.articles.length) return { toSectionId: section.id, toIndex: next };
  const neighbour = sections[at.s + direction];
  if (!neighbour) return null;
  return { toSectionId: neighbour.id, toIndex: direction < 0 ? neighbour.articles.length : 0 };
}

export function sectionStep(sections: readonly SectionOutline[], sectionId: number, direction: -1 | 1): number | null {
  const i = sections.findIndex((s) => s.id === sectionId);
  if (i < 0) return null;
  const next = i + direction;
  return next >= 0 && next < sections.length ? next : null;
}

/** An article dropped on another article's row, before or after it. */
export function articleDropOnArticle(
  sections: readonly SectionOutline[],
  draggedId: number,
  overId: number,
  after: boolean,
): ArticleTarget | null {
  if (draggedId === overId) return null;
  const over = locateArticle(sections, overId);
  if (!over) return null;
  const section = sections[over.s]!;
  const remaining = section.articles.filter((a) => a.id !== draggedId);
  const index = remaining.findIndex((a) => a.id === overId) + (after ? 1 : 0);
  const target = { toSectionId: section.id, toIndex: index };
  return isNoMove(sections, draggedId, target) ? null : target;
}

/** An article dropped on a section's heading: it goes to the end of that section. */
export function articleDropOnSection(sections: readonly SectionOutline[], draggedId: number, sectionId: number): ArticleTarget | null {
  const section = sections.find((s) => s.id === sectionId);
  if (!section) return null;
  const remaining = section.articles.filter((a) => a.id !== draggedId);
  const target = { toSectionId: section.id, toIndex: remaining.length };
  return isNoMove(sections, draggedId, target) ? null : target;
}

/** A section dropped on another section's heading, before or after it. */
export function sectionDrop(sections: readonly SectionOutline[], draggedId: number, overId: number, after: boolean): number | null {
  if (draggedId === overId) return null;
  const remaining = sections.filter((s) => s.id !== draggedId);
  const overIndex = remaining.findIndex((s) => s.id === overId);
  if (overIndex < 0) return null;
  const toIndex = overIndex + (after ? 1 : 0);
  return sections.findIndex((s) => s.id === draggedId) === toIndex ? null : toIndex;
}

function isNoMove(sections: readonly SectionOutline[], articleId: number, target: ArticleTarget): boolean {
  const at = locateArticle(sections, articleId);
  return !!at && sections[at.s]!.id === target.toSectionId && at.a === target.toIndex;
}
