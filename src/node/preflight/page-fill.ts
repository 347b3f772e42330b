// How full each article page is: the share of the type area its lines and pictures cover. A page
// that is mostly white (an article's tail of three lines, an empty right column) is something the
// editor-in-chief catches at once, so preflight warns below the design's minPageFill.

import type { DisplayPage } from '../../engine/display-list';
import type { PageGrid } from '../../engine/flow/geometry';
import type { IssueLayoutResult } from '../../engine/issue/types';

/** Page kinds that carry article text on the body grid; covers, contents, colophon and the blank
 *  pad pages (empty on purpose) are laid out by their own rules. */
const ARTICLE_PAGE_KINDS = new Set(['body', 'opener']);

export interface PageFill {
  pageIndex: number;
  /** 0–1: covered share of the type area. */
  fill: number;
  /** Columns of the type area with nothing in them. */
  emptyColumns: number;
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Covered share of the type area, each grid row counted once per column band, so overlapping boxes
 *  (a line inside a figure's frame, a rule under a heading) are not counted twice. */
export function pageFill(page: DisplayPage, grid: PageGrid, columns: number): PageFill {
  const rects: Rect[] = [...page.lines.map((l) => ({ x: l.x, y: l.y, w: l.w, h: l.h }))];
  for (const item of page.items) if (item.kind === 'image') rects.push({ x: item.x, y: item.y, w: item.w, h: item.h });
  const rows = Math.max(1, grid.lines);
  const rowH = grid.blockHeight / rows;
  // Sample the type area on a grid of rows × bands (bands narrower than any column).
  const bands = Math.max(columns, 1) * 8;
  const bandW = grid.width / bands;
  // Each box marks the cells whose centres it holds (a range per box, checked with the same
  // comparisons a scan of every cell would make), not every cell asked of every box.
  const cells = new Uint8Array(rows * bands);
  const bandUsed = new Array<boolean>(bands).fill(false);
  for (const q of rects) {
    const r0 = Math.max(0, Math.floor((q.y - grid.top) / rowH - 0.5));
    const r1 = Math.min(rows - 1, Math.ceil((q.y + q.h - grid.top) / rowH - 0.5));
    const b0 = Math.max(0, Math.floor((q.x - grid.left) / bandW - 0.5));
    const b1 = Math.min(bands - 1, Math.ceil((q.x + q.w - grid.left) / bandW - 0.5));
    for (let r = r0; r <= r1; r++) {
      const cy = grid.top + (r + 0.5) * rowH;
      if (cy < q.y || cy > q.y + q.h) continue;
      for (let b = b0; b <= b1; b++) {
        const cx = grid.left + (b + 0.5) * bandW;
        if (cx >= q.x && cx <= q.x + q.w) cells[r * bands + b] = 1;
      }
    }
  }
  let covered = 0;
  for (let r = 0; r < rows; r++)
    for (let b = 0; b < bands; b++)
      if (cells[r * bands + b]) {
        covered++;
        bandUsed[b] = true;
      }
  let emptyColumns = 0;
  const per = bands / Math.max(columns, 1);
  for (let c = 0; c < columns; c++) if (bandUsed.slice(c * per, (c + 1) * per).every((u) => !u)) emptyColumns++;
  return { pageIndex: page.index, fill: covered / (rows * bands), emptyColumns };
}

/** The fill of every article page of a laid-out issue. */
export function articlePageFills(layout: IssueLayoutResult, grid: PageGrid, columns: number): PageFill[] {
  return layout.document.pages.filter((p) => ARTICLE_PAGE_KINDS.has(p.kind)).map((p) => pageFill(p, grid, columns));
}
