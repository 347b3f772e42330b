// Where open corrections sit on the preview's pages, placed by the same code the proof PDF uses
// (src/engine/locate-range.ts), and which lines changed since the previous round. Pure.

import { locateRange } from '../../engine/locate-range';
import type { DisplayPage } from '../../shared/display-list';
import type { Correction } from '../../shared/proof';

export interface PreviewMark {
  correctionId: number;
  kind: Correction['kind'];
  pageIndex: number;
  lineId: string;
  x1: number;
  x2: number;
  top: number;
  bottom: number;
  /** The line's right edge, where the margin marker goes. */
  lineRight: number;
  /** True for the first span of a correction (the one that gets the margin marker). */
  first: boolean;
}

/** The marks of the open, anchored corrections of one article on its laid-out pages. */
export function previewMarks(pages: readonly DisplayPage[], articleId: number, corrections: readonly Correction[]): PreviewMark[] {
  const out: PreviewMark[] = [];
  for (const c of corrections) {
    if (c.status !== 'open' || !c.anchor || c.articleId !== articleId) continue;
    const { blockIndex, start, end } = c.anchor;
    locateRange(pages, articleId, blockIndex, start, end).forEach((span, i) => {
      const { line } = span;
      out.push({
        correctionId: c.id,
        kind: c.kind,
        pageIndex: span.pageIndex,
        lineId: line.lineId,
        x1: span.x1,
        x2: span.x2,
        top: span.top,
        bottom: span.bottom,
        lineRight: line.x + line.w,
        first: i === 0,
      });
    });
  }
  return out;
}

/** Lines of the pages whose source range overlaps a changed range of their block. */
export function changedLineIds(pages: readonly DisplayPage[], articleId: number, changed: ReadonlyMap<number, readonly [number, number][]>): Set<string> {
  const ids = new Set<string>();
  for (const page of pages) {
    for (const line of page.lines) {
      const s = line.source;
      if (s.owner !== articleId || s.part === 'credit') continue;
      const ranges = changed.get(s.blockIndex);
      if (!ranges) continue;
      if (ranges.some(([a, b]) => (a === b ? s.start <= a && a <= s.end : s.start < b && a < s.end))) ids.add(line.lineId);
    }
  }
  return ids;
}
