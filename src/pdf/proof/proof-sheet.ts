// The proof (校样) of a round drawn onto the laid-out pages: every correction handed in is marked at its
// place on the text (marks.ts) with a leader out to a note in the margin beside its column (the left
// column's notes in the left margin, the right column's in the right, so no leader crosses text of
// another column), notes stacked in anchor order so same-side leaders never cross (GB/T 14706 §5);
// a large light round watermark (一校样, …) behind each page; a footer with issue, round, date and page;
// corrections that cannot be placed (orphaned, or their article is not on the pages) listed on final
// pages (未定位的校改). The pages handed in are not changed (the issue layout is cached). Pure.

import type { Color, DisplayDocument, DisplayItem, DisplayPage } from '../../engine/display-list';
import type { Correction, CorrectionKind, ProofRound } from '../../shared/proof';
import { blockEnd, locateRange, type AnchorSpan } from '../../engine/locate-range';
import { deleteLoop, markItems, polyline, PROOF_RED, transposeParts } from './marks';
import { textRun, textWidth, wrapText, type SheetFont } from './set-text';

/** What the proof prints besides the marks: the sheet is a Chinese document, like the pages it shows. */
export const PROOF_SHEET_TEXT = {
  proofSuffix: '样',
  unplacedTitle: '未定位的校改',
  unplacedLabel: '附',
  orphaned: '所标文字已被删除',
  notLaidOut: '文章未排入版面',
  query: '？',
  notePrefix: '注：',
  newParagraph: '另起段',
  joinParagraphs: '接排',
  kinds: { replace: '改', delete: '删', insert: '增', transpose: '对调', 'new-paragraph': '另起段', 'join-paragraphs': '接排', query: '疑问' } as Record<CorrectionKind, string>,
  page: (label: string) => (/^\d+$/.test(label) ? `第${label}页` : label),
  separator: ' · ',
};

export const WATERMARK_COLOR: Color = { space: 'cmyk', c: 0, m: 0.14, y: 0.12, k: 0 };
const NOTE_SIZE_PT = 7;
const NOTE_LEADING_PT = 8.6;
const NOTE_GAP_PT = 3;
const NOTE_MAX_LINES = 10;
const MARGIN_PAD_PT = 5;
const FOOTER_SIZE_PT = 7;
/** Room kept free above the bottom trim for the footer. */
const FOOTER_ROOM_PT = 20;
const LIST_SIZE_PT = 9;
const LIST_LEADING_PT = 14;
const LIST_MARGIN_PT = 56;

export interface ProofSheetInput {
  /** The issue's pages (trim box, no bleed needed); not changed. */
  pages: readonly DisplayPage[];
  fonts: readonly string[];
  pageLabels: readonly string[];
  /** The corrections to draw (correctionsForProof picks the open ones of a round). */
  corrections: readonly Correction[];
  roundName: string;
  /** "北京人大 2026年第1期". */
  issueTitle: string;
  /** As printed in the footer, e.g. "2026-01-27". */
  date: string;
  font: SheetFont;
  /** For the list of unplaced corrections. */
  articleTitles: ReadonlyMap<number, string>;
}

export interface PlacedCorrection {
  correctionId: number;
  /** The page of the first anchored line (the margin note is there). */
  pageIndex: number;
  spans: AnchorSpan[];
  /** The mark on the text, the leader and the margin note. */
  items: DisplayItem[];
  /** Where the margin note sits. */
  note: { side: 'left' | 'right'; x: number; y: number; w: number; h: number };
}

export interface UnplacedCorrection {
  correction: Correction;
  reason: 'orphaned' | 'not-laid-out';
}

export interface ProofSheet {
  document: DisplayDocument;
  pageLabels: string[];
  placed: PlacedCorrection[];
  unplaced: UnplacedCorrection[];
}

/** "一校" → "一校样"; a name that already ends in 样 is kept. */
export function watermarkText(roundName: string): string {
  return roundName.endsWith(PROOF_SHEET_TEXT.proofSuffix) ? roundName : roundName + PROOF_SHEET_TEXT.proofSuffix;
}

/** The corrections a round's proof shows: every open one of the issue made in this round or an earlier
 *  one (open corrections carried over stay on the proof until resolved). */
export function correctionsForProof(corrections: readonly Correction[], rounds: readonly ProofRound[], roundId: number): Correction[] {
  const position = new Map(rounds.map((r) => [r.id, r.position]));
  const upTo = position.get(roundId);
  if (upTo === undefined) return [];
  return corrections.filter((c) => c.status === 'open' && (position.get(c.roundId) ?? Infinity) <= upTo);
}

/** The place of a 增, 另起段 or 接排 (src/shared/proof/apply.ts anchors it through a neighbouring
 *  character): an empty anchor is the place itself; otherwise the anchored character is the one before
 *  the place, except for a 接排 anchored on a block's first character (joined to the block before). The
 *  contract's anchor carries no side, so an insertion at the very start of a block shows one character late. */
function pointOf(kind: CorrectionKind, anchor: NonNullable<Correction['anchor']>): number {
  if (anchor.start === anchor.end) return anchor.start;
  return kind === 'join-paragraphs' && anchor.start === 0 ? 0 : anchor.end;
}

const POINT_KINDS: ReadonlySet<CorrectionKind> = new Set(['insert', 'new-paragraph', 'join-paragraphs']);

function noteText(c: Correction): string {
  const parts: string[] = [];
  if (c.kind === 'query') parts.push(PROOF_SHEET_TEXT.query + c.note.trim());
  else {
    if (c.kind === 'new-paragraph') parts.push(PROOF_SHEET_TEXT.newParagraph);
    if (c.kind === 'join-paragraphs') parts.push(PROOF_SHEET_TEXT.joinParagraphs);
    if (c.proposed !== '' && c.kind !== 'delete') parts.push(c.proposed);
    if (c.note.trim() !== '') parts.push(PROOF_SHEET_TEXT.notePrefix + c.note.trim());
  }
  return parts.join('\n');
}

interface PendingNote {
  correction: Correction;
  pageIndex: number;
  spans: AnchorSpan[];
  /** The mark on the text, per page (a correction's text may run onto the next page). */
  marks: { pageIndex: number; items: DisplayItem[] }[];
  side: 'left' | 'right';
  /** Where the leader leaves the text: the top of the mark, then along the gap above the line. */
  attach: { x: number; y: number; gapY: number; edgeX: number };
  lines: string[];
  height: number;
}

function spansOf(pages: readonly DisplayPage[], c: Correction): { spans: AnchorSpan[]; transpose?: { first: AnchorSpan[]; second: AnchorSpan[] }; next?: AnchorSpan | null } {
  const anchor = c.anchor!;
  if (POINT_KINDS.has(c.kind)) {
    const point = pointOf(c.kind, anchor);
    if (c.kind === 'join-paragraphs') {
      // The line runs from the end of the first paragraph to the start of the second.
      const firstBlock = point === 0 ? anchor.blockIndex - 1 : anchor.blockIndex;
      const end = point === 0 ? blockEnd(pages, c.articleId, firstBlock) : point;
      const spans = end === null ? [] : locateRange(pages, c.articleId, firstBlock, end, end);
      return { spans, next: locateRange(pages, c.articleId, firstBlock + 1, 0, 0)[0] ?? null };
    }
    return { spans: locateRange(pages, c.articleId, anchor.blockIndex, point, point) };
  }
  const spans = locateRange(pages, c.articleId, anchor.blockIndex, anchor.start, anchor.end);
  if (c.kind !== 'transpose') return { spans };
  const parts = transposeParts(c.original, c.proposed);
  return {
    spans,
    transpose: {
      first: locateRange(pages, c.articleId, anchor.blockIndex, anchor.start + parts.first[0], anchor.start + parts.first[1]),
      second: locateRange(pages, c.articleId, anchor.blockIndex, anchor.start + parts.second[0], anchor.start + parts.second[1]),
    },
  };
}

function marksByPage(kind: CorrectionKind, located: ReturnType<typeof spansOf>): { pageIndex: number; items: DisplayItem[] }[] {
  const pageIndexes = [...new Set(located.spans.map((s) => s.pageIndex))];
  return pageIndexes.map((pageIndex) => {
    const on = (spans: readonly AnchorSpan[]) => spans.filter((s) => s.pageIndex === pageIndex);
    const transpose = located.transpose ? { first: on(located.transpose.first), second: on(located.transpose.second) } : undefined;
    return { pageIndex, items: markItems(kind, on(located.spans), transpose, located.next) };
  });
}

/** The margins beside the text block of a page: left of the leftmost line, right of the rightmost. */
function marginsOf(page: DisplayPage): { left: [number, number]; right: [number, number] } {
  const xs = page.lines.map((l) => l.x);
  const ends = page.lines.map((l) => l.x + l.w);
  const textLeft = xs.length ? Math.min(...xs) : page.boxes.trimW * 0.1;
  const textRight = ends.length ? Math.max(...ends) : page.boxes.trimW * 0.9;
  return { left: [MARGIN_PAD_PT, Math.max(MARGIN_PAD_PT + 20, textLeft - MARGIN_PAD_PT)], right: [Math.min(page.boxes.trimW - MARGIN_PAD_PT - 20, textRight + MARGIN_PAD_PT), page.boxes.trimW - MARGIN_PAD_PT] };
}

/** Tops for notes in anchor order: each as near its line as the one above allows, then pushed back up
 *  from the bottom when the stack runs past it. */
export function stackNotes(wanted: readonly number[], heights: readonly number[], top: number, bottom: number): number[] {
  const ys: number[] = [];
  let next = top;
  wanted.forEach((y, i) => {
    ys.push(Math.max(y, next));
    next = ys[i]! + heights[i]! + NOTE_GAP_PT;
  });
  let limit = bottom;
  for (let i = ys.length - 1; i >= 0; i--) {
    if (ys[i]! + heights[i]! > limit) ys[i] = Math.max(top, limit - heights[i]!);
    limit = ys[i]! - NOTE_GAP_PT;
  }
  return ys;
}

function noteItems(note: PendingNote, x: number, y: number, w: number, font: SheetFont): DisplayItem[] {
  const items: DisplayItem[] = [];
  const firstMid = y + NOTE_LEADING_PT / 2;
  const noteEdge = note.side === 'left' ? x + w : x;
  const { attach } = note;
  items.push(...polyline([[attach.x, attach.y], [attach.x, attach.gapY], [attach.edgeX, attach.gapY], [noteEdge, firstMid]]));
  if (note.correction.kind === 'delete' && note.lines.length === 0) {
    items.push(...deleteLoop(noteEdge, firstMid, note.side === 'left' ? -1 : 1));
    return items;
  }
  note.lines.forEach((line, i) => {
    const lineWidth = textWidth(font, line, NOTE_SIZE_PT);
    const lx = note.side === 'left' ? x + w - lineWidth : x;
    items.push(textRun(font, line, lx, y + i * NOTE_LEADING_PT + NOTE_SIZE_PT * 0.88, NOTE_SIZE_PT, PROOF_RED));
  });
  if (note.correction.kind === 'insert' && note.lines.length > 0) {
    // 增补: the inserted text is ringed in the margin.
    const widest = Math.max(...note.lines.map((l) => textWidth(font, l, NOTE_SIZE_PT)));
    const bx = note.side === 'left' ? x + w - widest - 1.5 : x - 1.5;
    items.push({ kind: 'box', x: bx, y: y - 1, w: widest + 3, h: note.height + 1, stroke: PROOF_RED, strokeWidthPt: 0.5 });
  }
  if (note.correction.kind === 'delete') items.push(...deleteLoop(noteEdge, firstMid + note.height, note.side === 'left' ? -1 : 1));
  return items;
}

function watermarkItem(page: DisplayPage, text: string, font: SheetFont): DisplayItem {
  const { trimW, trimH } = page.boxes;
  const unit = textWidth(font, text, 100) / 100;
  const size = Math.min(150, (trimW * 0.8) / Math.max(unit, 0.1));
  const width = unit * size;
  return textRun(font, text, (trimW - width) / 2, trimH / 2 + size * 0.35, size, WATERMARK_COLOR);
}

function footerItem(page: DisplayPage, input: ProofSheetInput, label: string): DisplayItem {
  const text = [input.issueTitle, watermarkText(input.roundName), input.date, PROOF_SHEET_TEXT.page(label)].join(PROOF_SHEET_TEXT.separator);
  const width = textWidth(input.font, text, FOOTER_SIZE_PT);
  return textRun(input.font, text, (page.boxes.trimW - width) / 2, page.boxes.trimH - 8, FOOTER_SIZE_PT, PROOF_RED);
}

function unplacedPages(input: ProofSheetInput, unplaced: readonly UnplacedCorrection[], firstIndex: number): DisplayPage[] {
  const boxes = input.pages[input.pages.length - 1]?.boxes ?? { trimW: 595.28, trimH: 841.89, bleed: 0 };
  const width = boxes.trimW - 2 * LIST_MARGIN_PT;
  const entries: string[][] = unplaced.map(({ correction: c, reason }, i) => {
    const title = input.articleTitles.get(c.articleId) ?? `#${c.articleId}`;
    const what = [
      `${i + 1}. 〔${PROOF_SHEET_TEXT.kinds[c.kind]}〕《${title}》`,
      c.original ? `“${c.original}”` : '',
      c.proposed ? `→ “${c.proposed}”` : '',
      c.note.trim() ? PROOF_SHEET_TEXT.notePrefix + c.note.trim() : '',
      `（${c.author.name}，${reason === 'orphaned' ? PROOF_SHEET_TEXT.orphaned : PROOF_SHEET_TEXT.notLaidOut}）`,
    ]
      .filter((part) => part !== '')
      .join(' ');
    return wrapText(input.font, what, LIST_SIZE_PT, width);
  });
  const pages: DisplayPage[] = [];
  let page: DisplayPage | null = null;
  let y = 0;
  const newPage = () => {
    page = { index: firstIndex + pages.length, folio: null, kind: 'proof-unplaced', boxes: { ...boxes, bleed: 0 }, items: [], lines: [] };
    pages.push(page);
    page.items.push(textRun(input.font, `${PROOF_SHEET_TEXT.unplacedTitle}（${unplaced.length}）`, LIST_MARGIN_PT, LIST_MARGIN_PT + 14, 14, PROOF_RED));
    y = LIST_MARGIN_PT + 14 + 2 * LIST_LEADING_PT;
    return page;
  };
  let current: DisplayPage = newPage();
  for (const lines of entries) {
    if (y + lines.length * LIST_LEADING_PT > boxes.trimH - LIST_MARGIN_PT) current = newPage();
    for (const line of lines) {
      current.items.push(textRun(input.font, line, LIST_MARGIN_PT, y, LIST_SIZE_PT, { space: 'cmyk', c: 0, m: 0, y: 0, k: 1 }));
      y += LIST_LEADING_PT;
    }
    y += LIST_LEADING_PT / 2;
  }
  return pages;
}

export function proofSheet(input: ProofSheetInput): ProofSheet {
  const pages: DisplayPage[] = input.pages.map((p) => ({ ...p, items: [...p.items] }));
  const unplaced: UnplacedCorrection[] = [];
  const pending: PendingNote[] = [];
  for (const c of input.corrections) {
    if (c.orphaned || !c.anchor) {
      unplaced.push({ correction: c, reason: 'orphaned' });
      continue;
    }
    const located = spansOf(pages, c);
    if (located.spans.length === 0) {
      unplaced.push({ correction: c, reason: 'not-laid-out' });
      continue;
    }
    const first = located.spans[0]!;
    const page = pages[first.pageIndex]!;
    const side = first.line.x + first.line.w / 2 < page.boxes.trimW / 2 ? 'left' : 'right';
    const margins = marginsOf(page);
    const [mx1, mx2] = margins[side];
    const lines = wrapText(input.font, noteText(c), NOTE_SIZE_PT, mx2 - mx1);
    const shown = lines.length > NOTE_MAX_LINES ? [...lines.slice(0, NOTE_MAX_LINES - 1), lines[NOTE_MAX_LINES - 1]!.slice(0, -1) + '…'] : lines.filter((l) => l !== '');
    const attachX = side === 'left' ? first.x1 : first.x2;
    pending.push({
      correction: c,
      pageIndex: first.pageIndex,
      spans: located.spans,
      marks: marksByPage(c.kind, located),
      side,
      attach: { x: attachX, y: first.top - 1, gapY: first.top - 2.5, edgeX: side === 'left' ? first.line.x - 2 : first.line.x + first.line.w + 2 },
      lines: shown,
      height: Math.max(1, shown.length) * NOTE_LEADING_PT,
    });
  }

  const placed: PlacedCorrection[] = [];
  for (const page of pages) {
    const margins = marginsOf(page);
    for (const side of ['left', 'right'] as const) {
      const notes = pending
        .filter((n) => n.pageIndex === page.index && n.side === side)
        .sort((a, b) => a.attach.gapY - b.attach.gapY || (side === 'left' ? a.attach.x - b.attach.x : b.attach.x - a.attach.x));
      const [x1, x2] = margins[side];
      const tops = stackNotes(
        notes.map((n) => n.attach.gapY - NOTE_LEADING_PT / 2),
        notes.map((n) => n.height),
        MARGIN_PAD_PT,
        page.boxes.trimH - FOOTER_ROOM_PT,
      );
      notes.forEach((note, i) => {
        const y = tops[i]!;
        const noteAndLeader = noteItems(note, x1, y, x2 - x1, input.font);
        for (const mark of note.marks) pages[mark.pageIndex]!.items.push(...mark.items);
        page.items.push(...noteAndLeader);
        const items = [...note.marks.flatMap((m) => m.items), ...noteAndLeader];
        placed.push({ correctionId: note.correction.id, pageIndex: page.index, spans: note.spans, items, note: { side, x: x1, y, w: x2 - x1, h: note.height } });
      });
    }
  }
  const extra = unplaced.length > 0 ? unplacedPages(input, unplaced, pages.length) : [];
  const all = [...pages, ...extra];
  const pageLabels = [...input.pageLabels.slice(0, pages.length), ...extra.map((_, i) => `${PROOF_SHEET_TEXT.unplacedLabel}${i + 1}`)];
  const watermark = watermarkText(input.roundName);
  for (const [i, page] of all.entries()) {
    page.items.unshift(watermarkItem(page, watermark, input.font));
    page.items.push(footerItem(page, input, pageLabels[i] ?? String(i + 1)));
  }
  const fonts = input.fonts.includes(input.font.key) ? [...input.fonts] : [...input.fonts, input.font.key];
  return { document: { pages: all, fonts }, pageLabels, placed: placed.sort((a, b) => a.correctionId - b.correctionId), unplaced };
}
