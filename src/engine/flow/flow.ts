// Flow: place an article run's blocks into columns and pages on the baseline grid
// (typography.md §4.3–4.5): the opener at type-area width on the first page, body lines on the
// grid, headings kept with two body lines (PG-03/04), no widows or orphans (PG-01/02), photos at
// the bottom of a column or the top of the next with their captions, page-width (通栏) photos at
// the top or bottom of a page across all columns, overset reported. Pure.

import { BLACK, type DisplayItem, type DisplayPage, type LineBox } from '../display-list';
import { emptyReport, type CompositionReport } from '../report';
import { bodyBlocks, openerBlocks, type BlockContext, type FigureBlock, type FlowBlock, type LayoutArticle, type TextBlock } from './blocks';
import { columnsFor, type PageSpec } from './geometry';

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

export function flowArticles(ctx: BlockContext, articles: LayoutArticle[], opts: FlowOptions): { pages: DisplayPage[]; report: CompositionReport } {
  const grid = ctx.grid;
  const report = emptyReport();
  const pages: PageDraft[] = [];
  const size = grid.bodySize;

  for (const [articleIndex, article] of articles.entries()) {
    const owner = article.id;
    const firstPageOfArticle = pages.length;
    const columns = columnsFor(opts.page.typeWidthEm, article.layout?.columns ?? opts.defaultColumns, opts.page.minGutterEm);
    const colPt = columns.columnEm * size;
    const colX = (c: number): number => grid.left + c * (columns.columnEm + columns.gutterEm) * size;
    const newPage = articleIndex === 0 || article.layout?.startOnNewPage !== false;

    let page = -1;
    let col = 0;
    let used = 0;
    let capacity = grid.lines;
    let pending: FigureBlock[] = [];
    /** Page-width figures waiting for the top of the next page. */
    let pendingPageWide: FigureBlock[] = [];
    let lineSeq = 0;

    const lineRef = (b: TextBlock, text: string): { owner: number | string; blockIndex: number; page: number; text: string } => ({ owner, blockIndex: b.blockIndex, page, text });

    const emitText = (b: TextBlock, from: number, to: number, columnX: number, gridLine: number, columnWidth: number): void => {
      const p = pages[page]!;
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
        if (b.marker && marker && marker.glyphs.length > 0)
          // No lineId: the marker is not part of the item's source text, so anchors skip it.
          p.items.push({
            kind: 'glyphs',
            font: b.marker.face.key,
            sizePt: b.marker.sizePt,
            color: b.marker.style.color ?? BLACK,
            ...(b.marker.style.overprint ? { overprint: true } : {}),
            x: columnX,
            y: baseline,
            glyphs: marker.glyphs.map((g) => ({ gid: g.gid, dx: g.x * b.marker!.sizePt, advance: g.advance, text: g.text })),
          });
        // One glyph run per stretch of glyphs in one face: a styled span starts a new run.
        const runs = b.composed.runs;
        // An empty line still gets its (empty) run, as before styled runs existed.
        let runStart = 0;
        do {
          const runIndex = line.glyphs[runStart]?.run;
          let until = runStart + 1;
          while (until < line.glyphs.length && line.glyphs[until]!.run === runIndex) until++;
          const styled = runIndex === undefined ? undefined : runs[runIndex];
          p.items.push({
            kind: 'glyphs',
            font: styled ? styled.face.key : b.face.key,
            sizePt: styled ? b.sizePt * styled.scale : b.sizePt,
            color: styled?.color ?? b.style.color ?? BLACK,
            ...(b.style.overprint ? { overprint: true } : {}),
            x,
            y: baseline,
            glyphs: line.glyphs.slice(runStart, until).map((g) => ({ gid: g.gid, dx: g.x * scale, advance: g.advance, text: g.text })),
            lineId,
          });
          runStart = until;
        } while (runStart < line.glyphs.length);
        p.lines.push({
          lineId,
          x,
          y: top,
          w: width,
          h: b.splittable ? grid.pitch : b.style.leadingPt,
          baseline,
          source: {
            owner,
            blockIndex: b.blockIndex,
            start: sourceOffset + Math.min(line.charStart, b.sourceLength),
            end: sourceOffset + Math.min(line.charEnd, b.sourceLength),
            ...(b.part ? { part: b.part } : {}),
          },
          text: line.text,
        });
        report.linesSet++;
        if (line.prohibitedStart) report.prohibitedLineStarts.push(lineRef(b, line.text));
        if (line.prohibitedEnd) report.prohibitedLineEnds.push(lineRef(b, line.text));
        if (line.loose && b.style.align === 'justify') report.overStretchedLines.push(lineRef(b, line.text));
        if (k === b.lines.length - 1 && b.composed.shortLastLine) report.singleCharacterLastLines.push(lineRef(b, line.text));
      }
      if (from === 0) {
        for (const m of b.composed.missing) report.missingGlyphs.push({ owner, blockIndex: b.blockIndex, char: m.char, font: m.font, offset: sourceOffset + m.offset });
        for (const m of b.marker?.composed.missing ?? []) report.missingGlyphs.push({ owner, blockIndex: b.blockIndex, char: m.char, font: m.font, offset: sourceOffset });
      }
    };

    const emitFigure = (f: FigureBlock, gridLine: number): void => {
      const p = pages[page]!;
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

    const startPage = (opener: TextBlock[]): boolean => {
      if (pages.length - firstPageOfArticle >= opts.maxPages) return false;
      pages.push({ items: [], lines: [], columnTop: 0, columnBottom: grid.lines, hasPageFigure: false });
      page = pages.length - 1;
      col = 0;
      capacity = grid.lines;
      used = 0;
      if (opener.length > 0) {
        for (const b of opener) {
          emitText(b, 0, b.lines.length, grid.left, used, grid.width);
          used += b.gridLines;
        }
        used += 1; // one empty grid line between the opener and the columns
        pages[page]!.columnTop = used;
      }
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
      if (col + 1 < columns.columns) {
        col++;
        used = pages[page]!.columnTop;
        capacity = pages[page]!.columnBottom;
      } else if (!startPage([])) return false;
      placePendingFigures();
      return true;
    };

    let blocks: FlowBlock[];
    if (newPage || pages.length === 0) {
      const opener = openerBlocks(ctx, article, grid.width);
      if (!startPage(opener)) break;
      blocks = bodyBlocks(ctx, article, colPt);
    } else {
      // Continues the previous article's page: the opener runs in the column at column width.
      page = pages.length - 1;
      const opener = openerBlocks(ctx, article, colPt).map((b) => ({ ...b, keepWithNextLines: 2 }));
      blocks = [...opener, ...bodyBlocks(ctx, article, colPt)];
      used = pages[page]!.columnTop;
      capacity = pages[page]!.columnBottom;
    }

    let pageLimitHit = false;
    const overset = (b: FlowBlock, reason: 'taller-than-column' | 'page-limit'): void => {
      report.oversetBlocks.push({ owner, blockIndex: b.blockIndex, reason });
    };

    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]!;
      if (pageLimitHit) {
        overset(b, 'page-limit');
        continue;
      }
      const fullColumn = grid.lines - pages[page]!.columnTop;
      if (b.kind === 'figure' && b.span === 'page') {
        if (b.gridLines > grid.lines) {
          overset(b, 'taller-than-column');
          continue;
        }
        const p = pages[page]!;
        // Top of this page while its columns are still empty; else the bottom of this page while only
        // the first column holds text above the band; else the top of the next page. The figure keeps
        // its place after earlier page-width figures still waiting.
        if (pendingPageWide.length === 0 && col === 0 && used === p.columnTop && p.columnTop + b.gridLines <= p.columnBottom) placePageFigureAtTop(b);
        else if (pendingPageWide.length === 0 && col === 0 && capacity === p.columnBottom && used + b.gridLines <= capacity) placePageFigureAtBottom(b);
        else pendingPageWide.push(b);
        continue;
      }
      if (b.kind === 'figure') {
        if (b.gridLines > grid.lines) {
          overset(b, 'taller-than-column');
          continue;
        }
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
        if (b.gridLines > Math.max(fullColumn, grid.lines)) {
          overset(b, 'taller-than-column');
          continue;
        }
        for (let tries = 0; ; tries++) {
          const avail = capacity - used;
          let fits = b.gridLines <= avail;
          if (fits && b.keepWithNextLines > 0) {
            const next = blocks[i + 1];
            if (next && next.kind === 'text') {
              const after = avail - b.gridLines;
              const placed = next.splittable ? linesThatFit(next.lines.length, after, true) : next.gridLines <= after ? next.lines.length : 0;
              if (placed < Math.min(b.keepWithNextLines, next.lines.length)) fits = false;
            }
          }
          // A block taller than an empty column goes in as it is, unless page-width figures shortened the column.
          if (fits || (tries > 0 && used === pages[page]!.columnTop && !pages[page]!.hasPageFigure)) break;
          if (!nextColumn()) {
            pageLimitHit = true;
            break;
          }
        }
        if (pageLimitHit) {
          overset(b, 'page-limit');
          continue;
        }
        emitText(b, 0, b.lines.length, colX(col), used, colPt);
        used += b.gridLines;
        continue;
      }
      let from = 0;
      while (from < b.lines.length) {
        const k = linesThatFit(b.lines.length - from, capacity - used, from === 0);
        if (k > 0) {
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

    const used_pages = pages.length - firstPageOfArticle;
    if (article.pageBudget && used_pages > article.pageBudget) report.overBudget.push({ owner, pages: used_pages, budget: article.pageBudget });
  }

  report.pages = pages.length;
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
