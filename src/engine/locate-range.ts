// Finds where a range of an article's text lies on the laid-out pages: the lines whose source range
// overlaps it, and the x positions of its characters within each line, read from the glyph runs (each
// placed glyph carries the source text it shows). The proof PDF and the on-screen preview both place
// correction marks with it. Pure.

import type { DisplayPage, GlyphRun, LineBox } from './display-list';

/** The anchored characters on one line: x1..x2 spans them (x1 === x2 for a position between characters). */
export interface AnchorSpan {
  pageIndex: number;
  line: LineBox;
  x1: number;
  x2: number;
  /** Top and bottom of the characters (not the line box), for boxes drawn around them. */
  top: number;
  bottom: number;
}

/** Where each character of a line starts and ends on the page, in line order. */
interface CharSlot {
  x1: number;
  x2: number;
}

/** Rough ascent and descent of a CJK face as fractions of the size. */
const ASCENT = 0.88;
const DESCENT = 0.12;

function runsOfLine(page: DisplayPage, line: LineBox): GlyphRun[] {
  const runs = page.items.filter((item): item is GlyphRun => item.kind === 'glyphs' && item.lineId === line.lineId);
  return runs.sort((a, b) => a.x + (a.glyphs[0]?.dx ?? 0) - (b.x + (b.glyphs[0]?.dx ?? 0)));
}

/** One slot per UTF-16 code unit of the line's set text (a glyph showing several characters gives
 *  each the glyph's span; the second glyph of a cluster widens the slot before it). */
function charSlots(runs: readonly GlyphRun[]): CharSlot[] {
  const slots: CharSlot[] = [];
  for (const run of runs) {
    run.glyphs.forEach((glyph, i) => {
      const x1 = run.x + glyph.dx;
      const next = run.glyphs[i + 1];
      // The next glyph's origin is where this one ends (justification included); the last glyph of a
      // run ends one advance on (advances are in font units; 1000 per em for the CJK faces).
      const x2 = next ? run.x + next.dx : x1 + (run.sizePt * Math.min(glyph.advance, 1000)) / 1000;
      if (glyph.text === '') {
        const last = slots[slots.length - 1];
        if (last) last.x2 = Math.max(last.x2, x2);
        return;
      }
      for (let k = 0; k < glyph.text.length; k++) slots.push({ x1, x2 });
    });
  }
  return slots;
}

function spanOn(page: DisplayPage, line: LineBox, start: number, end: number): AnchorSpan {
  const runs = runsOfLine(page, line);
  const slots = charSlots(runs);
  const sizePt = runs[0]?.sizePt ?? line.h * 0.7;
  const top = line.baseline - ASCENT * sizePt;
  const bottom = line.baseline + DESCENT * sizePt;
  const lineEnd = line.x + line.w;
  // Offsets inside the line; the set text may differ in length from the source range (a dropped
  // space at a break), so positions are clamped to the characters that were set.
  const from = Math.max(0, start - line.source.start);
  const to = Math.max(from, end - line.source.start);
  const xAt = (offset: number): number => {
    if (slots.length === 0) return offset <= 0 ? line.x : lineEnd;
    if (offset >= slots.length) return slots[slots.length - 1]!.x2;
    return slots[Math.max(0, offset)]!.x1;
  };
  const x1 = xAt(from);
  const x2 = to === from ? x1 : slots.length === 0 ? lineEnd : slots[Math.min(to, slots.length) - 1]!.x2;
  return { pageIndex: page.index, line, x1, x2: Math.max(x1, x2), top, bottom };
}

/**
 * The spans of [start, end) of block `blockIndex` of article `articleId` on the pages, in reading
 * order. A zero-width range (start === end) gives the one position between two characters: on the
 * line that holds the character after it, or at the end of the line before when it ends a line.
 */
export function locateRange(pages: readonly DisplayPage[], articleId: number, blockIndex: number, start: number, end: number): AnchorSpan[] {
  const spans: AnchorSpan[] = [];
  for (const page of pages) {
    for (const line of page.lines) {
      const source = line.source;
      // A caption's credit line shares the caption's block index but not its text.
      if (source.owner !== articleId || source.blockIndex !== blockIndex || source.part === 'credit') continue;
      if (start === end) {
        const holds = source.start <= start && (start < source.end || (start === source.end && isLastLineOfBlock(pages, line)));
        if (holds) return [spanOn(page, line, start, start)];
        continue;
      }
      if (source.start < end && start < source.end) spans.push(spanOn(page, line, Math.max(start, source.start), Math.min(end, source.end)));
    }
  }
  return spans;
}

function isLastLineOfBlock(pages: readonly DisplayPage[], line: LineBox): boolean {
  for (const page of pages) {
    for (const other of page.lines) {
      const same = other.source.owner === line.source.owner && other.source.blockIndex === line.source.blockIndex && other.source.part !== 'credit';
      if (same && other !== line && other.source.start >= line.source.end) return false;
    }
  }
  return true;
}

/** Where a block's set text ends (the largest source end of its lines), or null when it is not on the pages. */
export function blockEnd(pages: readonly DisplayPage[], articleId: number, blockIndex: number): number | null {
  let end: number | null = null;
  for (const page of pages) {
    for (const line of page.lines) {
      if (line.source.owner === articleId && line.source.blockIndex === blockIndex && line.source.part !== 'credit') end = Math.max(end ?? 0, line.source.end);
    }
  }
  return end;
}
