// Where open corrections sit on the preview's pages: the lines whose source range overlaps a
// correction's anchor, and the x span of the anchored glyphs on each, read from the glyph runs (each
// placed glyph carries the characters it shows). The proof PDF places its marks the same way
// (src/pdf/proof/locate.ts, which the renderer may not import). Pure.

import type { DisplayPage, GlyphRun, LineBox } from '../../shared/display-list';
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

const ASCENT = 0.88;
const DESCENT = 0.12;

/** x start and end of each UTF-16 unit of a line's set text. */
function charSlots(page: DisplayPage, line: LineBox): { slots: { x1: number; x2: number }[]; sizePt: number } {
  const runs = page.items
    .filter((item): item is GlyphRun => item.kind === 'glyphs' && item.lineId === line.lineId)
    .sort((a, b) => a.x + (a.glyphs[0]?.dx ?? 0) - (b.x + (b.glyphs[0]?.dx ?? 0)));
  const slots: { x1: number; x2: number }[] = [];
  for (const run of runs) {
    run.glyphs.forEach((glyph, i) => {
      const x1 = run.x + glyph.dx;
      const next = run.glyphs[i + 1];
      const x2 = next ? run.x + next.dx : x1 + (run.sizePt * Math.min(glyph.advance, 1000)) / 1000;
      if (glyph.text === '') {
        const last = slots[slots.length - 1];
        if (last) last.x2 = Math.max(last.x2, x2);
        return;
      }
      for (let k = 0; k < glyph.text.length; k++) slots.push({ x1, x2 });
    });
  }
  return { slots, sizePt: runs[0]?.sizePt ?? line.h * 0.7 };
}

function spanOn(page: DisplayPage, line: LineBox, start: number, end: number) {
  const { slots, sizePt } = charSlots(page, line);
  const lineEnd = line.x + line.w;
  const from = Math.max(0, start - line.source.start);
  const to = Math.max(from, end - line.source.start);
  const xAt = (offset: number) => (slots.length === 0 ? (offset <= 0 ? line.x : lineEnd) : offset >= slots.length ? slots[slots.length - 1]!.x2 : slots[offset]!.x1);
  const x1 = xAt(from);
  const x2 = to === from ? x1 : slots.length === 0 ? lineEnd : slots[Math.min(to, slots.length) - 1]!.x2;
  return { x1, x2: Math.max(x1, x2), top: line.baseline - ASCENT * sizePt, bottom: line.baseline + DESCENT * sizePt };
}

/** The marks of the open, anchored corrections of one article on its laid-out pages. */
export function previewMarks(pages: readonly DisplayPage[], articleId: number, corrections: readonly Correction[]): PreviewMark[] {
  const out: PreviewMark[] = [];
  for (const c of corrections) {
    if (c.status !== 'open' || !c.anchor || c.articleId !== articleId) continue;
    const { blockIndex, start, end } = c.anchor;
    let first = true;
    for (const page of pages) {
      for (const line of page.lines) {
        const s = line.source;
        if (s.owner !== articleId || s.blockIndex !== blockIndex || s.part === 'credit') continue;
        const hit = start === end ? s.start <= start && start <= s.end : s.start < end && start < s.end;
        if (!hit) continue;
        const span = spanOn(page, line, Math.max(start, s.start), Math.min(end, s.end));
        out.push({ correctionId: c.id, kind: c.kind, pageIndex: page.index, lineId: line.lineId, ...span, lineRight: line.x + line.w, first });
        first = false;
        if (start === end) break;
      }
      if (start === end && !first) break;
    }
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
