// Flow: place an article run's blocks into columns and pages on the baseline grid
// (typography.md §4.3–4.5): the opener at type-area width on the first page, body lines on the
// grid, headings kept with two body lines (PG-03/04), no widows or orphans (PG-01/02), photos at
// the bottom of a column or the top of the next with their captions, page-width (通栏) photos at
// the top or bottom of a page across all columns. Per article: a new page, or run on (接排) after the
// previous article with a rule or a space; its own column count; its last page balanced. A block
// taller than a column is split where it can be (text by lines, a caption after its frame) and
// reported overset with its page where it cannot. Pure.

import { BLACK, type DisplayItem, type DisplayPage, type GlyphRun, type LineBox } from '../display-list';
import { placedGlyphs } from '../paragraph/compose';
import { appendReport, emptyReport, noteJustifiedLine, type CompositionReport } from '../report';
import { bodyBlocks, gridLinesFor, openerBlocks, type BlockContext, type FigureBlock, type FlowBlock, type LayoutArticle, type TextBlock } from './blocks';
import { columnsFor, type ColumnGrid, type PageSpec } from './geometry';

export interface FlowOptions {
  page: PageSpec;
  defaultColumns: number;
  /** Safety limit per article run; blocks beyond it are overset. */
  maxPages: number;
}

/** How many lines of a paragraph go into `avail` grid lines (PG-01/02): no widow, no orphan. */
export function linesThatFit(remaining: number, avail: number, isFirstPart: boolean): number {
  if (remaining <= avail) return remaining;
  let k = Math.max(0, avail);
  if (remaining - k === 1) k--;
  if (isFirstPart && k < 2) k = 0;
  return Math.max(0, k);
}

interface PageDraft {
  items: DisplayItem[];
  lines: LineBox[];
  /** First grid line of the columns: below the opener and any page-width figures at the top. */
  columnTop: number;
  /** Grid line the columns end at: above any page-width figures at the bottom. */
  columnBottom: number;
  /** A page-width figure sits at the top (columns shortened there). */
  hasPageFigure: boolean;
}

const EM_BOX_BASELINE = 0.88;
/** Grid lines between a run-on article and the one before it (a rule is drawn in their middle). */
export const RUN_ON_GAP_LINES = 2;

/** Where an article ended: a run-on article continues from here. */
interface Tail {
  page: number;
  col: number;
  used: number;
  capacity: number;
  columns: number;
  /** Lowest grid line the article reached in any column of its last page. */
  bottom: number;
  /** Grid lines its columns take on the last page, summed over the columns. */
  fill: number;
}

interface Attempt {
  pages: PageDraft[];
  report: CompositionReport;
  tail: Tail | null;
  /** Where the article's first block went: "page:column:line". */
  start: string | null;
}

/** Every column of `page` ends at `limit` at most: how the last page of an article is balanced. */
interface Balance {
  page: number;
  limit: number;
}

export function flowArticles(ctx: BlockContext, articles: LayoutArticle[], opts: FlowOptions): { pages: DisplayPage[]; report: CompositionReport } {
  const report = emptyReport();
  let pages: PageDraft[] = [];
  let tail: Tail | null = null;
  for (const [articleIndex, article] of articles.entries()) {
    const columns = columnsFor(opts.page.typeWidthEm, article.layout?.columns ?? opts.defaultColumns, opts.page.minGutterEm);
    const next = articles[articleIndex + 1];
    // The next article runs on in these very columns: this one's last page is not its own to balance.
    const nextInColumn =
      next !== undefined && next.layout?.startOnNewPage === false && columnsFor(opts.page.typeWidthEm, next.layout?.columns ?? opts.defaultColumns, opts.page.minGutterEm).columns === columns.columns;
    // The article's blocks are composed once; each attempt at balancing flows a copy of them.
    const made = new Map<string, FlowBlock[]>();
    const blocksOf = (key: string, make: () => FlowBlock[]): FlowBlock[] => {
      let b = made.get(key);
      if (!b) made.set(key, (b = make()));
      return b.slice();
    };
    const flowOnce = (balance: Balance | null): Attempt => flowArticle(ctx, article, articleIndex, columns, pages, tail, opts, balance, blocksOf);
    let chosen = flowOnce(null);
    if (!nextInColumn && columns.columns > 1 && chosen.tail) chosen = balanced(chosen, flowOnce);
    pages = chosen.pages;
    tail = chosen.tail;
    appendReport(report, chosen.report, 0);
  }

  report.pages = pages.length;
  const grid = ctx.grid;
  const out: DisplayPage[] = pages.map((p, index) => ({
    index,
    folio: null,
    kind: 'body',
    boxes: { trimW: grid.trimW, trimH: grid.trimH, bleed: grid.bleed },
    items: p.items,
    lines: p.lines,
  }));
  return { pages: out, report };
}

/**
 * The article's last page with its columns ending level: the lowest common column end at which the
 * article still ends on the same page with nothing more overset (a smaller limit only pushes text
 * on; a figure that needs the full column keeps the limit high).
 */
function balanced(free: Attempt, flowOnce: (balance: Balance | null) => Attempt): Attempt {
  const last = free.tail!;
  const page = free.pages[last.page]!;
  // Same start (a run-on article keeps its place below the previous one), same last page, nothing more overset.
  const fits = (a: Attempt): boolean =>
    a.tail !== null && a.start === free.start && a.tail.page === last.page && a.pages.length === free.pages.length && a.report.oversetBlocks.length === free.report.oversetBlocks.length;
  let lo = page.columnTop + 1;
  let hi = last.bottom;
  if (hi <= lo) return free;
  // No limit below an even share of the lines fits: start there and go up a few lines, which is
  // where the keep rules usually settle, before searching the rest.
  const even = Math.max(lo, page.columnTop + Math.ceil(last.fill / last.columns));
  for (let limit = even; limit < Math.min(hi, even + 3); limit++) {
    const a = flowOnce({ page: last.page, limit });
    if (fits(a)) return a;
  }
  lo = Math.max(lo, even + 3);
  let best: Attempt | null = null;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const a = flowOnce({ page: last.page, limit: mid });
    if (fits(a)) {
      best = a;
      hi = mid;
    } else lo = mid + 1;
  }
  return best ?? free;
}

/** The lines from..to of a text block as a block of its own (a block split between columns). */
function pieceOf(b: TextBlock, from: number, to: number, grid: BlockContext['grid']): TextBlock {
  if (from === 0 && to === b.lines.length) return b;
  const style = { ...b.style, spaceBeforeLines: from === 0 ? b.style.spaceBeforeLines : 0, spaceAfterLines: to === b.lines.length ? b.style.spaceAfterLines : 0 };
  const piece: TextBlock = {
    ...b,
    style,
    lines: b.lines.slice(from, to),
    // Missing glyphs are reported once, with the first piece; 孤字 only where the paragraph ends.
    composed: { ...b.composed, missing: from === 0 ? b.composed.missing : [], shortLastLine: to === b.lines.length && b.composed.shortLastLine },
    gridLines: gridLinesFor(style, to - from, grid),
    keepWithNextLines: to === b.lines.length ? b.keepWithNextLines : 0,
  };
  if (from > 0) delete piece.marker;
  return piece;
}

/** The most lines of a text block, from `from`, whose grid lines fit in `avail`. */
function linesIn(b: TextBlock, from: number, avail: number, grid: BlockContext['grid']): number {
  let n = 0;
  while (from + n < b.lines.length && gridLinesFor({ ...b.style, spaceBeforeLines: from === 0 ? b.style.spaceBeforeLines : 0, spaceAfterLines: 0 }, n + 1, grid) <= avail) n++;
  return n;
}

function clonePage(p: PageDraft): PageDraft {
  return { ...p, items: [...p.items], lines: [...p.lines] };
}

/** One article into the pages so far (which are not changed: the page it continues on is copied). */
function flowArticle(
  ctx: BlockContext,
  article: LayoutArticle,
  articleIndex: number,
  columns: ColumnGrid,
  before: PageDraft[],
  prev: Tail | null,
  opts: FlowOptions,
  balance: Balance | null,
  blocksOf: (key: string, make: () => FlowBlock[]) => FlowBlock[],
): Attempt {
  const grid = ctx.grid;
  const size = grid.bodySize;
  const report = emptyReport();
  const pages = before.slice();
  const owner = article.id;
  const colPt = columns.columnEm * size;
  const colX = (c: number): number => grid.left + c * (columns.columnEm + columns.gutterEm) * size;
  const runOn = articleIndex > 0 && prev !== null && article.layout?.startOnNewPage === false;
  const separator = article.layout?.runOnSeparator ?? 'rule';

  let page = -1;
  let col = 0;
  let used = 0;
  let capacity = grid.lines;
  /** Lowest grid line reached on the current page. */
  let reach = 0;
  /** Grid lines taken in the columns of the current page that are done. */
  let pageFill = 0;
  const columnFill = (): number => used - pages[page]!.columnTop + (columnEnd() - capacity);
  let firstPageOfArticle = pages.length;
  let pending: FigureBlock[] = [];
  /** Page-width figures waiting for the top of the next page. */
  let pendingPageWide: FigureBlock[] = [];
  let lineSeq = 0;

  const columnEnd = (): number => (balance && balance.page === page ? Math.min(pages[page]!.columnBottom, balance.limit) : pages[page]!.columnBottom);
  const lineRef = (b: TextBlock, text: string): { owner: number | string; blockIndex: number; page: number; text: string } => ({ owner, blockIndex: b.blockIndex, page, text });

  const emitText = (b: TextBlock, from: number, to: number, columnX: number, gridLine: number, columnWidth: number): void => {
    const p = pages[page]!;
    reach = Math.max(reach, gridLine + (b.splittable ? to - from : b.gridLines));
    // A list item's lines start after its hanging marker; its sources are offsets in the list's text.
    const hang = b.hangPt ?? 0;
    const x = columnX + hang;
    const width = columnWidth - hang;
    const sourceOffset = b.sourceOffset ?? 0;
    const sb = b.style.spaceBeforeLines;
    const slots = b.splittable ? to - from : b.gridLines - sb - b.style.spaceAfterLines;
    const available = (slots - 1) * grid.pitch + size;
    const textH = (to - from - 1) * b.style.leadingPt + b.sizePt;
    const offset = b.splittable ? 0 : Math.max(0, (available - textH) / 2);
    const top0 = grid.top + (gridLine + sb) * grid.pitch + offset;
    const scale = b.sizePt;
    for (let k = from; k < to; k++) {
      const line = b.lines[k]!;
      const top = top0 + (k - from) * (b.splittable ? grid.pitch : b.style.leadingPt);
      const baseline = top + EM_BOX_BASELINE * b.sizePt + (b.splittable ? (size - b.sizePt) * EM_BOX_BASELINE : 0);
      const lineId = `${owner}:${b.part ?? b.blockIndex}:${lineSeq++}`;
      const marker = k === 0 ? b.marker?.lines[0] : undefined;
      if (b.marker && marker && marker.glyphEnd > marker.glyphStart)
        // No lineId: the marker is not part of the item's source text, so anchors skip it.
        p.items.push(withOverprint({
          kind: 'glyphs',
          font: b.marker.face.key,
          sizePt: b.marker.sizePt,
          color: b.marker.style.color ?? BLACK,
          x: columnX,
          y: baseline,
          glyphs: placedGlyphs(marker.glyphSet, marker.glyphStart, marker.glyphEnd, b.marker.sizePt),
        }, b.marker.style.overprint));
      // One glyph run per stretch of glyphs in one face: a styled span starts a new run.
      const runs = b.composed.runs;
      const set = line.glyphSet;
      // An empty line (a manual break right after another) still gets its (empty) run.
      let runStart = line.glyphStart;
      do {
        const runIndex = runStart < line.glyphEnd ? set.run[runStart]! : -1;
        let until = Math.min(runStart + 1, line.glyphEnd);
        while (until < line.glyphEnd && set.run[until] === runIndex) until++;
        const styled = runIndex < 0 ? undefined : runs[runIndex];
        const glyphs = placedGlyphs(set, runStart, until, scale);
        p.items.push(withOverprint({
          kind: 'glyphs',
          font: styled ? styled.face.key : b.face.key,
          sizePt: styled ? b.sizePt * styled.scale : b.sizePt,
          color: styled?.color ?? b.style.color ?? BLACK,
          x,
          y: baseline,
          glyphs,
          lineId,
        }, b.style.overprint));
        runStart = until;
      } while (runStart < line.glyphEnd);
      const source: LineBox['source'] = {
        owner,
        blockIndex: b.blockIndex,
        start: sourceOffset + Math.min(line.charStart, b.sourceLength),
        end: sourceOffset + Math.min(line.charEnd, b.sourceLength),
      };
      if (b.part) source.part = b.part;
      p.lines.push({
        lineId,
        x,
        y: top,
        w: width,
        h: b.splittable ? grid.pitch : b.style.leadingPt,
        baseline,
        source,
        text: line.text,
      });
      report.linesSet++;
      if (line.prohibitedStart) report.prohibitedLineStarts.push(lineRef(b, line.text));
      if (line.prohibitedEnd) report.prohibitedLineEnds.push(lineRef(b, line.text));
      if (b.style.align === 'justify' && !line.last) noteJustifiedLine(report, lineRef(b, line.text), line);
      if (line.overfull) report.overfullLines.push(lineRef(b, line.text));
      if (line.brokenWord) report.brokenWords.push(lineRef(b, line.text));
      if (k === b.lines.length - 1 && b.composed.shortLastLine) report.singleCharacterLastLines.push(lineRef(b, line.text));
    }
    if (from === 0) {
      for (const m of b.composed.missing) report.missingGlyphs.push({ owner, blockIndex: b.blockIndex, char: m.char, font: m.font, offset: sourceOffset + m.offset });
      for (const m of b.marker?.composed.missing ?? []) report.missingGlyphs.push({ owner, blockIndex: b.blockIndex, char: m.char, font: m.font, offset: sourceOffset });
    }
  };

  const emitFigure = (f: FigureBlock, gridLine: number): void => {
    const p = pages[page]!;
    reach = Math.max(reach, gridLine + f.gridLines);
    const x = f.span === 'page' ? grid.left : colX(col);
    const width = f.span === 'page' ? grid.width : colPt;
    p.items.push({
      kind: 'image',
      x,
      y: grid.top + gridLine * grid.pitch,
      w: width,
      h: (f.frameLines - 1) * grid.pitch + size - grid.pitch / 2,
      photoId: f.photo?.photoId ?? null,
      placeholder: f.photo ? f.photo.placeholder : true,
      label: f.caption.lines[0]?.text ?? '',
    });
    emitText(f.caption, 0, f.caption.lines.length, x, gridLine + f.frameLines, width);
    if (f.credit) emitText(f.credit, 0, f.credit.lines.length, x, gridLine + f.frameLines + f.caption.gridLines, width);
  };

  /** A page-width figure at the top of the columns of the current page: they start below it. */
  const placePageFigureAtTop = (f: FigureBlock): void => {
    const p = pages[page]!;
    emitFigure(f, p.columnTop);
    p.columnTop += f.gridLines;
    p.hasPageFigure = true;
    used = p.columnTop;
  };

  /** A page-width figure at the bottom of the current page: the columns end above it. */
  const placePageFigureAtBottom = (f: FigureBlock): void => {
    const p = pages[page]!;
    p.columnBottom -= f.gridLines;
    p.hasPageFigure = true;
    capacity -= f.gridLines;
    emitFigure(f, p.columnBottom);
  };

  /** Waiting page-width figures at the top of a fresh page, as many as leave room for the columns. */
  const placePendingPageFigures = (): void => {
    const keep: FigureBlock[] = [];
    for (const f of pendingPageWide) {
      const p = pages[page]!;
      if (keep.length === 0 && p.columnTop + f.gridLines <= p.columnBottom) placePageFigureAtTop(f);
      else keep.push(f);
    }
    pendingPageWide = keep;
  };

  /** The opener across the type area from grid line `top`; the columns start one empty line below it. */
  const placeOpener = (opener: TextBlock[], top: number): void => {
    used = top;
    for (const b of opener) {
      emitText(b, 0, b.lines.length, grid.left, used, grid.width);
      used += b.gridLines;
    }
    used += 1;
    pages[page]!.columnTop = used;
  };

  const startPage = (opener: TextBlock[]): boolean => {
    if (pages.length - firstPageOfArticle >= opts.maxPages) return false;
    pages.push({ items: [], lines: [], columnTop: 0, columnBottom: grid.lines, hasPageFigure: false });
    page = pages.length - 1;
    col = 0;
    used = 0;
    reach = 0;
    pageFill = 0;
    if (opener.length > 0) placeOpener(opener, 0);
    capacity = columnEnd();
    placePendingPageFigures();
    return true;
  };

  const placePendingFigures = (): void => {
    const keep: FigureBlock[] = [];
    for (const f of pending) {
      if (used + f.gridLines <= capacity) {
        emitFigure(f, used);
        used += f.gridLines;
      } else keep.push(f);
    }
    pending = keep;
  };

  const nextColumn = (): boolean => {
    const empty = capacity - used;
    if (empty > 0) report.copyfit.push({ owner, page, column: col, emptyLines: empty });
    pageFill += columnFill();
    if (col + 1 < columns.columns) {
      col++;
      used = pages[page]!.columnTop;
      capacity = columnEnd();
    } else if (!startPage([])) return false;
    placePendingFigures();
    return true;
  };

  /** The separator before a run-on article: a rule in the middle of the gap, or the gap alone. */
  const drawSeparator = (gapTop: number, x: number, width: number): void => {
    if (separator !== 'rule') return;
    // Midway between the em-box bottom of the line above and the top of the line below.
    const y = grid.top + (gapTop - 1) * grid.pitch + size + ((RUN_ON_GAP_LINES + 1) * grid.pitch - size) / 2;
    pages[page]!.items.push({ kind: 'rule', x1: x, y1: y, x2: x + width, y2: y, widthPt: 0.5, color: BLACK });
  };

  let blocks: FlowBlock[];
  const openerFull = (): TextBlock[] => blocksOf('opener', () => openerBlocks(ctx, article, grid.width)) as TextBlock[];
  const body = (): FlowBlock[] => blocksOf('body', () => bodyBlocks(ctx, article, colPt));
  if (!runOn) {
    if (!startPage(openerFull())) return { pages, report, tail: null, start: null };
    blocks = body();
  } else if (prev.columns === columns.columns) {
    // Runs on in the column the previous article ended in: the separator, then the opener at column width.
    page = prev.page;
    pages[page] = clonePage(pages[page]!);
    firstPageOfArticle = page;
    col = prev.col;
    used = prev.used;
    capacity = Math.min(prev.capacity, columnEnd());
    reach = prev.bottom;
    if (used > pages[page]!.columnTop && used + RUN_ON_GAP_LINES < capacity) {
      drawSeparator(used, colX(col), colPt);
      used += RUN_ON_GAP_LINES;
    }
    const opener = blocksOf('column-opener', () => openerBlocks(ctx, article, colPt).map((b) => ({ ...b, keepWithNextLines: Math.max(b.keepWithNextLines, 2) })));
    blocks = [...opener, ...body()];
  } else {
    // Another column grid: the article starts below everything on the page, its opener across the
    // type area, its own columns beneath; a new page when the opener and two lines would not fit.
    const opener = openerFull();
    const openerLines = opener.reduce((n, b) => n + b.gridLines, 0);
    const p = pages[prev.page]!;
    const top = prev.bottom + RUN_ON_GAP_LINES;
    if (top + openerLines + 1 + 2 <= p.columnBottom) {
      page = prev.page;
      pages[page] = clonePage(p);
      firstPageOfArticle = page;
      reach = prev.bottom;
      drawSeparator(prev.bottom, grid.left, grid.width);
      placeOpener(opener, top);
      col = 0;
      capacity = columnEnd();
    } else if (!startPage(opener)) return { pages, report, tail: null, start: null };
    blocks = body();
  }

  /** Where the first block of the article's text went (the opener, when it runs on in a column). */
  let start: string | null = null;
  let pageLimitHit = false;
  const overset = (b: FlowBlock, reason: 'taller-than-column' | 'page-limit'): void => {
    report.oversetBlocks.push({ owner, blockIndex: b.blockIndex, reason, page });
  };

  for (let i = 0; i < blocks.length; i++) {
    let b = blocks[i]!;
    if (pageLimitHit) {
      overset(b, 'page-limit');
      continue;
    }
    if (b.kind === 'figure' && b.span === 'page' && b.gridLines > grid.lines) {
      overset(b, 'taller-than-column');
      continue;
    }
    if (b.kind === 'figure' && b.gridLines > grid.lines) {
      // Taller than a full column: the photo frame gives way down to four lines, then the caption
      // continues at the head of the next column.
      const text = b.caption.gridLines + (b.credit?.gridLines ?? 0);
      if (grid.lines - text >= 4) b = { ...b, frameLines: grid.lines - text, gridLines: grid.lines };
      else {
        const n = linesIn(b.caption, 0, grid.lines - 4, grid);
        if (n === 0) {
          overset(b, 'taller-than-column');
          continue;
        }
        const head = pieceOf(b.caption, 0, n, grid);
        const rest: FlowBlock[] = [pieceOf(b.caption, n, b.caption.lines.length, grid), ...(b.credit ? [b.credit] : [])];
        b = { ...b, frameLines: 4, caption: head, credit: null, gridLines: 4 + head.gridLines };
        blocks.splice(i + 1, 0, ...rest);
      }
      blocks[i] = b;
    }
    if (b.kind === 'figure' && b.span === 'page') {
      const p = pages[page]!;
      // Top of this page while its columns are still empty; else the bottom of this page while only
      // the first column holds text above the band; else the top of the next page. The figure keeps
      // its place after earlier page-width figures still waiting.
      if (pendingPageWide.length === 0 && col === 0 && used === p.columnTop && p.columnTop + b.gridLines <= columnEnd()) placePageFigureAtTop(b);
      else if (pendingPageWide.length === 0 && col === 0 && capacity === p.columnBottom && used + b.gridLines <= capacity) placePageFigureAtBottom(b);
      else pendingPageWide.push(b);
      continue;
    }
    if (b.kind === 'figure') {
      if (used + b.gridLines <= capacity && used > pages[page]!.columnTop) {
        // Bottom of the current column; text continues above it.
        capacity -= b.gridLines;
        emitFigure(b, capacity);
      } else if (used === pages[page]!.columnTop && b.gridLines <= capacity - used) {
        emitFigure(b, used);
        used += b.gridLines;
      } else pending.push(b);
      continue;
    }
    if (!b.splittable) {
      if (b.gridLines > grid.lines) {
        // Taller than any column: set what fits here (at least two lines, or a column's head), the rest after.
        const n = linesIn(b, 0, capacity - used, grid);
        if (n >= 2 || (n >= 1 && used === pages[page]!.columnTop)) {
          blocks.splice(i + 1, 0, pieceOf(b, n, b.lines.length, grid));
          b = pieceOf(b, 0, n, grid);
        } else {
          blocks.splice(i + 1, 0, b);
          if (!nextColumn()) {
            pageLimitHit = true;
            overset(b, 'page-limit');
          }
          continue;
        }
      }
      let tooTall = false;
      for (let tries = 0; ; tries++) {
        const avail = capacity - used;
        let fits = b.gridLines <= avail;
        let kept = true;
        if (fits && b.keepWithNextLines > 0) {
          const next = blocks[i + 1];
          if (next && next.kind === 'text') {
            const after = avail - b.gridLines;
            const placed = next.splittable ? linesThatFit(next.lines.length, after, true) : next.gridLines <= after ? next.lines.length : 0;
            if (placed < Math.min(b.keepWithNextLines, next.lines.length)) kept = false;
          }
        }
        // At the head of an empty column a block that fits goes in even when what it keeps with does not.
        if (fits && (kept || (tries > 0 && used === pages[page]!.columnTop && !pages[page]!.hasPageFigure))) break;
        // No column of the next pages is taller than a full one: past that the block is overset, reported.
        if (tries > 2 * columns.columns + 2) {
          tooTall = true;
          break;
        }
        if (!nextColumn()) {
          pageLimitHit = true;
          break;
        }
      }
      if (pageLimitHit) {
        overset(b, 'page-limit');
        continue;
      }
      if (tooTall) {
        overset(b, 'taller-than-column');
        continue;
      }
      start ??= `${page}:${col}:${used}`;
      emitText(b, 0, b.lines.length, colX(col), used, colPt);
      used += b.gridLines;
      continue;
    }
    let from = 0;
    while (from < b.lines.length) {
      const k = linesThatFit(b.lines.length - from, capacity - used, from === 0);
      if (k > 0) {
        start ??= `${page}:${col}:${used}`;
        emitText(b, from, from + k, colX(col), used, colPt);
        used += k;
        from += k;
      }
      if (from < b.lines.length && !nextColumn()) {
        pageLimitHit = true;
        overset(b, 'page-limit');
        break;
      }
    }
  }
  // Photos still waiting go to the next columns (page-width ones to the next pages).
  let guard = 0;
  while ((pending.length > 0 || pendingPageWide.length > 0) && guard++ < 8) {
    if (!nextColumn()) break;
  }
  for (const f of [...pending, ...pendingPageWide]) overset(f, 'page-limit');

  const pagesUsed = page - firstPageOfArticle + 1;
  if (article.pageBudget && pagesUsed > article.pageBudget) report.overBudget.push({ owner, pages: pagesUsed, budget: article.pageBudget });
  return { pages, report, tail: page < 0 ? null : { page, col, used, capacity, columns: columns.columns, bottom: reach, fill: pageFill + columnFill() }, start };
}

/** Marks an item to overprint when its style says so (set afterwards: a conditional spread in the
 *  literal is V8's slow path, and this runs for every line). */
function withOverprint<T extends DisplayItem>(item: T, overprint: boolean | undefined): T {
  if (overprint) (item as T & { overprint?: boolean }).overprint = true;
  return item;
}
