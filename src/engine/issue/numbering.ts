// The magazine's page numbering: the covers (封一…封四) are unnumbered, page 01 is the first page
// after 封二 (卷首语 with the colophon), the folio counts on through the contents and the
// articles to the page before 封三. The total page count is padded to a multiple of the
// signature size with blank pages just before 封三. Pure.

export interface PagePlanPart {
  /** Page-kind tag of these pages. */
  kind: string;
  count: number;
  /** Covers carry no folio. */
  numbered: boolean;
}

export function formatFolio(n: number): string {
  return String(n).padStart(2, '0');
}

/** Blank pages needed so that `total` becomes a multiple of `multiple`. */
export function padPagesFor(total: number, multiple: number): number {
  if (multiple <= 1) return 0;
  return (multiple - (total % multiple)) % multiple;
}

/** Folio of every page in order (null on unnumbered pages), numbering from 1. */
export function foliosOf(parts: readonly PagePlanPart[]): (string | null)[] {
  const out: (string | null)[] = [];
  let next = 1;
  for (const part of parts) for (let k = 0; k < part.count; k++) out.push(part.numbered ? formatFolio(next++) : null);
  return out;
}

/** First folio (as a number) of the part at `partIndex`. */
export function firstFolioOf(parts: readonly PagePlanPart[], partIndex: number): number {
  let next = 1;
  for (let i = 0; i < partIndex; i++) if (parts[i]!.numbered) next += parts[i]!.count;
  return next;
}

/** PDF page labels: the printed folio, else the cover's name in order (封一, 封二, 封三, 封四). */
export function pageLabelsOf(folios: readonly (string | null)[], coverLabels: readonly string[]): string[] {
  let cover = 0;
  return folios.map((f) => f ?? coverLabels[cover++] ?? `#${cover}`);
}

/** A recto (right-hand) page: the cover is page 0 and a recto, so every even index is. */
export function isRecto(pageIndex: number): boolean {
  return pageIndex % 2 === 0;
}
