// Turn an article into flow blocks: composed lines with their style, height in grid lines and
// source, ready to be placed into columns. Pure.

import { blocksFromDoc, FORMAT_BOLD, FORMAT_ITALIC, type ArticleDoc, type DocBlock, type TextRun } from '../../shared/article-doc';
import type { LineSource } from '../display-list';
import type { FontFace } from '../fonts/font-face';
import type { FontRegistry } from '../fonts/registry';
import type { StyledRun } from '../paragraph/atoms';
import type { NameMatcher, TextRange } from '../paragraph/keep';
import type { ComposedLine, ComposedParagraph, ParagraphCache } from '../paragraph/compose';
import {
  DEFAULT_CHARACTER_STYLES,
  paragraphSettings,
  sizePt,
  type CharacterStyle,
  type CharacterStyleSheet,
  type ParagraphStyle,
  type StyleName,
  type StyleSheet,
} from '../styles/styles';
import type { PageGrid } from './geometry';
import { styledTitleText } from '../paragraph/title-breaks';

export interface LayoutArticle {
  id: number | string;
  titleLines: string[];
  subtitle: string | null;
  byline: string | null;
  authorInfo: string | null;
  sectionLabel?: string | null;
  body: ArticleDoc;
  endMark: boolean;
  pageBudget?: number | null;
  /** Per-article layout options: a new page (the default) or run on after the previous article
   *  (接排) with a rule or a space between; the article's own column count (else the publication's). */
  layout?: { startOnNewPage?: boolean; runOnSeparator?: RunOnSeparator; columns?: number };
  /** The article's photos in order: a caption naming a photoId shows that photo; the others show the
   *  photos no caption names, in caption order. */
  photos?: FigurePhoto[];
}

/** What stands between a run-on article and the one before it. */
export type RunOnSeparator = 'rule' | 'space';

export interface FigurePhoto {
  photoId: number;
  /** No file yet: the frame is a placeholder. */
  placeholder: boolean;
  widthPx: number | null;
  heightPx: number | null;
}

export const END_MARK = '□';

export interface TextBlock {
  kind: 'text';
  styleName: StyleName;
  style: ParagraphStyle;
  face: FontFace;
  sizePt: number;
  lines: ComposedLine[];
  composed: ComposedParagraph;
  /** Source of each line: block index or article part. */
  blockIndex: number;
  part?: LineSource['part'];
  /** Length of the source text (the end mark lies beyond it). */
  sourceLength: number;
  /** May be split between columns (body text on the grid). */
  splittable: boolean;
  /** Grid lines taken when whole (space before and after included). */
  gridLines: number;
  keepWithNextLines: number;
  /** Offset of this text in the block's plain text (a list item within its list's text). */
  sourceOffset?: number;
  /** Hanging indent of a list item: its lines are set this far in, the marker sits in front. */
  hangPt?: number;
  /** A list item's marker ("1.", "●"), printed at the left of its first line. */
  marker?: TextBlock;
}

export interface FigureBlock {
  kind: 'figure';
  blockIndex: number;
  frameLines: number;
  photo: FigurePhoto | null;
  caption: TextBlock;
  credit: TextBlock | null;
  gridLines: number;
  /** 'page': across all columns of the type area (通栏), caption and credit at that width too. */
  span: 'column' | 'page';
}

export type FlowBlock = TextBlock | FigureBlock;

export interface BlockContext {
  fonts: FontRegistry;
  styles: StyleSheet;
  cache: ParagraphCache;
  grid: PageGrid;
  /** Bold and emphasis; DEFAULT_CHARACTER_STYLES when absent. */
  characterStyles?: CharacterStyleSheet;
  /** Names no line breaks inside (the and the maintained list). */
  names?: NameMatcher | null;
}

/** Grid lines needed by n lines of a style, space before/after included (§4.4: whole lines). */
export function gridLinesFor(style: ParagraphStyle, n: number, grid: PageGrid): number {
  if (n === 0) return 0;
  const size = sizePt(style);
  const height = (n - 1) * style.leadingPt + size;
  const lines = Math.max(1, Math.ceil((height - grid.bodySize) / grid.pitch - 1e-9) + 1);
  return lines + style.spaceBeforeLines + style.spaceAfterLines;
}

/** The face a character style gives within a paragraph of `style`. */
function characterFace(ctx: BlockContext, style: ParagraphStyle, cs: CharacterStyle, bold: boolean): FontFace {
  const weight = bold ? Math.max(cs.weight, 700) : cs.weight;
  return ctx.fonts.resolve(cs.role ?? style.font.role, weight);
}

/**
 * Styled runs for formatted spans: bold → 'strong', italic → 'emphasis' (bold and italic → the
 * emphasis style at 700). Emphasis that would come out in the paragraph's own face (a 楷体 quote,
 * or no real 楷体 registered) falls back to the paragraph's role bold, so it stays visible.
 */
export function styledRuns(ctx: BlockContext, style: ParagraphStyle, paragraphFace: FontFace, runs: readonly TextRun[] | undefined, textLength: number): StyledRun[] {
  if (!runs || runs.length === 0) return [];
  const sheet = ctx.characterStyles ?? DEFAULT_CHARACTER_STYLES;
  const size = sizePt(style);
  const out: StyledRun[] = [];
  for (const r of [...runs].sort((a, b) => a.start - b.start)) {
    const start = Math.max(r.start, out.length > 0 ? out[out.length - 1]!.end : 0);
    const end = Math.min(r.end, textLength);
    if (end <= start) continue;
    const bold = (r.format & FORMAT_BOLD) !== 0;
    const italic = (r.format & FORMAT_ITALIC) !== 0;
    if (!bold && !italic) continue;
    const cs = italic ? sheet.emphasis : sheet.strong;
    let face = characterFace(ctx, style, cs, italic && bold);
    if (italic && face === paragraphFace) face = ctx.fonts.resolve(style.font.role, Math.max(700, style.font.weight + 300));
    const scale = cs.sizePt !== undefined && cs.sizePt > 0 ? cs.sizePt / size : 1;
    if (face === paragraphFace && scale === 1 && !cs.color) continue;
    out.push({ start, end, face, scale, ...(cs.color ? { color: cs.color } : {}) });
  }
  return out;
}

/** Spans the editor marked 不断行 (nobreak runs), or null. */
function nobreakRanges(runs: readonly TextRun[] | undefined): TextRange[] | null {
  if (!runs) return null;
  let out: TextRange[] | null = null;
  for (const r of runs) if (r.nobreak) (out ??= []).push({ start: r.start, end: r.end });
  return out;
}

export function composeText(
  ctx: BlockContext,
  styleName: StyleName,
  text: string,
  measurePt: number,
  source: { blockIndex: number; part?: LineSource['part']; sourceLength?: number },
  splittable: boolean,
  runs?: readonly TextRun[],
  style: ParagraphStyle = ctx.styles[styleName],
): TextBlock {
  const face = ctx.fonts.resolve(style.font.role, style.font.weight);
  const size = sizePt(style);
  const styled = styledRuns(ctx, style, face, runs, text.length);
  const nobreak = nobreakRanges(runs);
  const composed = ctx.cache.compose(text, face, paragraphSettings(style), measurePt / size, styled, { names: ctx.names ?? null, ...(nobreak ? { nobreak } : {}) });
  const lines = composed.lines;
  return {
    kind: 'text',
    styleName,
    style,
    face,
    sizePt: size,
    lines,
    composed,
    blockIndex: source.blockIndex,
    ...(source.part ? { part: source.part } : {}),
    sourceLength: source.sourceLength ?? text.length,
    splittable: splittable && style.leadingPt === ctx.grid.pitch && style.spaceBeforeLines === 0 && style.spaceAfterLines === 0,
    gridLines: gridLinesFor(style, lines.length, ctx.grid),
    keepWithNextLines: style.keepWithNextLines,
  };
}

function styleOfBlock(b: DocBlock): StyleName {
  switch (b.type) {
    case 'heading':
      return b.level === 1 ? 'heading1' : 'heading2';
    case 'quote':
      return 'quote';
    case 'note':
      return 'note';
    case 'banner':
      return 'banner';
    case 'caption':
      return 'caption';
    default:
      return 'body';
  }
}

/** Bullet of an unordered list; numbers print as "1.". */
export const LIST_BULLET = '●';
/** Room between a marker and its item text, em. */
const MARKER_GAP_EM = 0.5;

function listMarkers(b: Extract<DocBlock, { type: 'list' }>): string[] {
  const first = b.start ?? 1;
  return b.items.map((_, i) => (b.ordered ? `${first + i}.` : LIST_BULLET));
}

/**
 * A list as one text block per item, in body type: the marker hangs in the indent (at least the
 * body's 2 em first-line indent, wider when a marker needs it) and every line of the item aligns
 * after it; no first-line indent. Each item's lines point into the list's text at the item's offset.
 */
function listItemBlocks(ctx: BlockContext, b: Extract<DocBlock, { type: 'list' }>, blockIndex: number, columnPt: number, endMark: boolean): TextBlock[] {
  const base = ctx.styles.body;
  const style: ParagraphStyle = { ...base, firstLineIndent: 0 };
  const markerStyle: ParagraphStyle = { ...style, align: 'start', lastLineAlign: 'start' };
  const size = sizePt(style);
  const markers = listMarkers(b).map((m) => composeText(ctx, 'body', m, columnPt, { blockIndex }, false, undefined, markerStyle));
  const widest = Math.max(0, ...markers.map((m) => m.lines[0]?.width ?? 0));
  const hangEm = Math.max(base.firstLineIndent, Math.ceil((widest + MARKER_GAP_EM) * 2) / 2);
  const hangPt = hangEm * size;
  const out: TextBlock[] = [];
  let offset = 0;
  const lastPrinted = b.items.findLastIndex((item) => item.trim() !== '');
  b.items.forEach((item, i) => {
    const itemStart = offset;
    offset += item.length + 1;
    if (item.trim() === '') return;
    const runs = (b.runs ?? [])
      .filter((r) => r.end > itemStart && r.start < itemStart + item.length)
      .map((r) => ({ start: Math.max(0, r.start - itemStart), end: Math.min(item.length, r.end - itemStart), format: r.format, ...(r.nobreak ? { nobreak: true as const } : {}) }));
    // The end mark follows the last item's text, beyond its source range.
    const set = endMark && i === lastPrinted ? item + END_MARK : item;
    const block = composeText(ctx, 'body', set, columnPt - hangPt, { blockIndex, sourceLength: item.length }, true, runs, style);
    out.push({ ...block, sourceOffset: itemStart, hangPt, marker: markers[i]! });
  });
  return out;
}

/** Index of the block that carries the end mark: the last paragraph, quote or list with text. */
function endMarkBlock(blocks: DocBlock[]): number {
  for (let k = blocks.length - 1; k >= 0; k--) {
    const b = blocks[k]!;
    if (b.type === 'paragraph' || b.type === 'quote' || (b.type === 'list' && b.items.some((item) => item.trim() !== ''))) return k;
  }
  return -1;
}

export function bodyBlocks(ctx: BlockContext, article: LayoutArticle, columnPt: number): FlowBlock[] {
  const blocks = blocksFromDoc(article.body);
  const markAt = article.endMark ? endMarkBlock(blocks) : -1;
  const out: FlowBlock[] = [];
  let captions = 0;
  const named = new Set(blocks.flatMap((b) => (b.type === 'caption' && b.photoId ? [b.photoId] : [])));
  const unnamed = (article.photos ?? []).filter((p) => !named.has(p.photoId));
  blocks.forEach((b, index) => {
    if (b.type === 'caption') {
      // A photo named but gone (deleted) prints as a placeholder rather than borrowing another caption's photo.
      const photo = b.photoId ? (article.photos?.find((p) => p.photoId === b.photoId) ?? null) : (unnamed[captions++] ?? null);
      const span = b.span === 'page' ? 'page' : 'column';
      const figurePt = span === 'page' ? ctx.grid.width : columnPt;
      const caption = composeText(ctx, 'caption', b.text, figurePt, { blockIndex: index }, false);
      const creditText = b.credit ? (b.credit.raw ?? `${b.credit.kind}/${b.credit.name}`) : null;
      const credit = creditText ? composeText(ctx, 'credit', creditText, figurePt, { blockIndex: index, part: 'credit' }, false) : null;
      // The photo at its width (a column or the type area) on whole grid lines: its own proportions when the file is known
      // (at most square), else a placeholder of 3:2.
      const ratio = photo?.widthPx && photo.heightPx ? Math.min(1, photo.heightPx / photo.widthPx) : 2 / 3;
      const frameLines = Math.max(4, Math.round((figurePt * ratio) / ctx.grid.pitch));
      out.push({ kind: 'figure', blockIndex: index, frameLines, photo, caption, credit, gridLines: frameLines + caption.gridLines + (credit?.gridLines ?? 0), span });
      return;
    }
    if (b.type === 'list') {
      out.push(...listItemBlocks(ctx, b, index, columnPt, index === markAt));
      return;
    }
    if (b.text.trim() === '' && b.type === 'paragraph') return;
    const text = b.type === 'banner' ? `// ${b.text} //` : index === markAt ? b.text + END_MARK : b.text;
    // Offsets of the runs are in b.text, which starts the set text (the end mark only follows it).
    const runs = b.type === 'paragraph' || b.type === 'quote' || b.type === 'heading' ? b.runs : undefined;
    out.push(composeText(ctx, styleOfBlock(b), text, columnPt, { blockIndex: index, sourceLength: b.text.length }, b.type === 'paragraph' || b.type === 'quote' || b.type === 'note', runs));
  });
  return out;
}

/** The opener at the given width: section label, title lines, subtitle, byline, author info. */
export function openerBlocks(ctx: BlockContext, article: LayoutArticle, widthPt: number): TextBlock[] {
  const out: TextBlock[] = [];
  if (article.sectionLabel) out.push(composeText(ctx, 'sectionLabel', article.sectionLabel, widthPt, { blockIndex: -1, part: 'sectionLabel' }, false));
  // The editor's title lines first, then between words, never one character alone (title-breaks.ts).
  const title = styledTitleText(ctx, ctx.styles.title, article.titleLines, widthPt);
  if (title) out.push(composeText(ctx, 'title', title, widthPt, { blockIndex: -1, part: 'title' }, false));
  if (article.subtitle) out.push(composeText(ctx, 'subtitle', article.subtitle, widthPt, { blockIndex: -1, part: 'subtitle' }, false));
  if (article.byline) out.push(composeText(ctx, 'byline', article.byline, widthPt, { blockIndex: -1, part: 'byline' }, false));
  if (article.authorInfo) out.push(composeText(ctx, 'authorInfo', article.authorInfo, widthPt, { blockIndex: -1, part: 'authorInfo' }, false));
  return out;
}
