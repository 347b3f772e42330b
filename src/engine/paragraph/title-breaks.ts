// Where a title breaks (issue 10): a title is read as phrases, not as a run of characters, so a
// two-line title never breaks inside a word (彰显首/都, 数据开/发) and never leaves one character on
// a line of its own. In order of authority:
//   1. the editor's breaks: each entry of the issue JSON's titleLines, and a line break typed in
//      the title field, always start a new line;
//   2. a space inside a line (乘势而上 接续奋斗 …) marks a phrase: the preferred place to break
//      when the line does not fit;
//   3. otherwise between words, as Intl.Segmenter('zh', { granularity: 'word' }) finds them
//      (ICU's dictionary; present in Node with full ICU, the default build since Node 13, and in
//      Chromium). Without a segmenter every character boundary is a candidate, still under rules
//      4 and 5, so the result degrades to "no single character, no split name" rather than failing;
//   4. never inside a keep-together span (a name, a number with its unit), never against 避头尾;
//   5. no line of one character.
// Among the choices that fit, the fewest lines win, then the better places (phrase, then after a
// stop such as 、，, then between two real words), then the most even lines. When nothing fits (a
// word wider than the measure), the line is left to the paragraph composer as before. Pure.

import type { FontRegistry } from '../fonts/registry';
import { paragraphSettings, sizePt, type ParagraphStyle } from '../styles/styles';
import { forbiddenAtLineEnd, forbiddenAtLineStart, isQuestionExclaim, isStop, type KinsokuLevel } from './classes';
import { naturalPrefixWidths, type ParagraphCache, type ParagraphSettings } from './compose';
import { keepSpans, type NameMatcher } from './keep';

export interface TitleBreakOptions {
  /** The measure, in the unit `measure` answers in. */
  width: number;
  /** Natural width of a text set on one line. */
  measure: (text: string) => number;
  /** Natural widths of the beginnings of `rest` (what measure gives for rest.slice(0, end)), or
   *  undefined for an `end` it cannot answer: one pass per rest of a line instead of a measure per
   *  candidate line (compose.ts naturalPrefixWidths). */
  measureBeginnings?: (rest: string) => (end: number) => number | undefined;
  /** Names never split (numbers with units are always kept). */
  names?: NameMatcher | null;
  kinsoku?: KinsokuLevel;
  /** Identifies face, size and settings for the memo of results (absent: not memoised). */
  memoKey?: string;
}

/** Cost of each line beyond the first: fewer lines always win. */
const LINE_COST = 1000;
/** Cost of a break by its place. */
const PHRASE_COST = 0;
const STOP_COST = 5;
const WORD_COST = 20;
/** Next to a one-character segment: the segmenter may have split an unknown word. */
const WEAK_WORD_COST = 40;
/** Between two one-character segments, or with no segmenter at all. */
const CHAR_COST = 60;
/** Weight of the squared unused share of each line (evenness). */
const EVEN_COST = 30;

type Segmenter = { segment(text: string): Iterable<{ segment: string; index: number }> };
let segmenter: Segmenter | null | undefined;

/** The Chinese word segmenter, or null where Intl.Segmenter is missing (small-ICU builds). */
function wordSegmenter(): Segmenter | null {
  if (segmenter === undefined) {
    const S = (Intl as unknown as { Segmenter?: new (locale: string, o: { granularity: 'word' }) => Segmenter }).Segmenter;
    try {
      segmenter = S ? new S('zh', { granularity: 'word' }) : null;
    } catch {
      segmenter = null;
    }
  }
  return segmenter;
}

/** Whether Chinese word boundaries come from a real segmenter here. */
export function hasWordSegmenter(): boolean {
  return wordSegmenter() !== null;
}

const isSpace = (c: string): boolean => /\s/u.test(c);

const NOT_A_LETTER = /[\s\p{P}\p{S}]/u;

/** Characters that count as "a character" on a line (not punctuation, not spaces), counted up to `upTo`. */
function letterCount(text: string, upTo = Infinity): number {
  let n = 0;
  for (const ch of text) if (!NOT_A_LETTER.test(ch) && ++n >= upTo) break;
  return n;
}

interface Candidate {
  /** The line before the break ends here (exclusive) … */
  end: number;
  /** … and the next one starts here (after the phrase space). */
  next: number;
  cost: number;
}

/** Break candidates of one line of a title, by place. */
function candidates(line: string, o: TitleBreakOptions): Candidate[] {
  const kinsoku = o.kinsoku ?? 'gb';
  const keep = keepSpans(line, o.names ? { names: o.names } : undefined, kinsoku !== 'none');
  const insideKeep = (at: number): boolean => {
    for (let k = 0; k < keep.length; k += 2) if (keep[k]! < at && at < keep[k + 1]!) return true;
    return false;
  };
  const allowed = (at: number): boolean => {
    const after = line.codePointAt(at) ?? 0;
    // A surrogate pair is one character: never between its halves.
    if ((line.charCodeAt(at - 1) & 0xfc00) === 0xd800) return false;
    return !insideKeep(at) && !forbiddenAtLineStart(after, kinsoku) && !forbiddenAtLineEnd(line.charCodeAt(at - 1), kinsoku);
  };
  const out = new Map<number, Candidate>();
  const put = (c: Candidate) => {
    const seen = out.get(c.end);
    if (!seen || c.cost < seen.cost) out.set(c.end, c);
  };
  // Phrase marks: a run of spaces between two non-spaces.
  for (let i = 1; i < line.length; i++) {
    if (!isSpace(line[i]!) || isSpace(line[i - 1]!)) continue;
    let j = i;
    while (j < line.length && isSpace(line[j]!)) j++;
    if (j < line.length && !insideKeep(i)) put({ end: i, next: j, cost: PHRASE_COST });
  }
  // Word boundaries.
  const seg = wordSegmenter();
  const bounds: { at: number; left: string; right: string }[] = [];
  if (seg) {
    const parts = [...seg.segment(line)];
    for (let k = 1; k < parts.length; k++) bounds.push({ at: parts[k]!.index, left: parts[k - 1]!.segment, right: parts[k]!.segment });
  } else {
    const chars = [...line];
    let at = 0;
    for (let k = 0; k < chars.length - 1; k++) {
      at += chars[k]!.length;
      bounds.push({ at, left: chars[k]!, right: chars[k + 1]! });
    }
  }
  for (const b of bounds) {
    if (isSpace(b.left) || isSpace(b.right) || !allowed(b.at)) continue;
    const prev = line.codePointAt(b.at - 1) ?? 0;
    let cost: number;
    if (isStop(prev) || isQuestionExclaim(prev)) cost = STOP_COST;
    else if (!seg) cost = CHAR_COST;
    else {
      const short = (s: string) => letterCount(s, 2) === 1;
      cost = short(b.left) && short(b.right) ? CHAR_COST : short(b.left) || short(b.right) ? WEAK_WORD_COST : WORD_COST;
    }
    put({ end: b.at, next: b.at, cost });
  }
  return [...out.values()].sort((a, b) => a.end - b.end);
}

/** One line of a title that does not fit, broken at its best places; null when no choice fits. */
function breakLine(line: string, o: TitleBreakOptions): string[] | null {
  const cands = candidates(line, o);
  // Nodes: 0 = the line's start, 1..n = candidates, n + 1 = the end.
  const starts = [0, ...cands.map((c) => c.next)];
  const ends = [...cands.map((c) => c.end), line.length];
  const costs = [...cands.map((c) => c.cost), 0];
  const n = ends.length;
  const best = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  const lineHasTwo = letterCount(line, 2) >= 2;
  for (let i = 0; i < n; i++) {
    if (best[i] === Infinity) continue;
    const start = starts[i]!;
    // Every candidate line from `start` (trimmed) is a beginning of this rest of the line.
    const widthTo = o.measureBeginnings?.(line.slice(start).trimStart());
    for (let j = i; j < n; j++) {
      const end = ends[j]!;
      if (end <= start) continue;
      const text = line.slice(start, end).trim();
      const w = (text !== '' ? widthTo?.(text.length) : undefined) ?? o.measure(text);
      if (w > o.width + 1e-6) break; // longer lines only get wider
      if (lineHasTwo && letterCount(text, 2) < 2) continue;
      const unused = (o.width - w) / o.width;
      const c = best[i]! + LINE_COST + costs[j]! + EVEN_COST * unused * unused;
      if (c < best[j + 1]!) {
        best[j + 1] = c;
        from[j + 1] = i;
      }
    }
  }
  if (best[n] === Infinity) return null;
  const out: string[] = [];
  for (let k = n; k > 0; k = from[k]!) out.unshift(line.slice(starts[from[k]!]!, ends[k - 1]!).trim());
  return out;
}

const memo = new Map<string, string[]>();
const MAX_MEMO = 2000;

/** The lines a title prints on at a width: the editor's lines, each broken at phrases or words when
 *  it does not fit (see the head of this file). */
export function breakTitle(titleLines: readonly string[], o: TitleBreakOptions): string[] {
  const given = titleLines.flatMap((l) => l.split(/\r?\n/u)).map((l) => l.trim()).filter((l) => l !== '');
  const key = o.memoKey !== undefined ? `${o.memoKey}\u0000${o.width}\u0000${o.kinsoku ?? ''}\u0000${o.names?.key ?? ''}\u0000${given.join('\n')}` : null;
  const hit = key !== null ? memo.get(key) : undefined;
  if (hit) return hit;
  const out: string[] = [];
  for (const line of given) {
    if (o.measure(line) <= o.width + 1e-6) out.push(line);
    else out.push(...(breakLine(line, o) ?? [line]));
  }
  if (key !== null) {
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(key, out);
  }
  return out;
}

/** The title as one text for the composer: its lines joined by manual line breaks. */
export function titleText(titleLines: readonly string[], o: TitleBreakOptions): string {
  return breakTitle(titleLines, o).join('\n');
}

export interface TitleContext {
  fonts: FontRegistry;
  cache: ParagraphCache;
  names?: NameMatcher | null;
}

/** The title text for a paragraph style at a width in pt (the article opener's title block). */
export function styledTitleText(ctx: TitleContext, style: ParagraphStyle, titleLines: readonly string[], widthPt: number): string {
  const face = ctx.fonts.resolve(style.font.role, style.font.weight);
  const size = sizePt(style);
  const { settings, key } = titleSettingsOf(paragraphSettings(style));
  const measure = (text: string): number => ctx.cache.measure(text, face, settings) * size;
  const measureBeginnings = (rest: string) => naturalPrefixWidths(rest, face, settings, size);
  return titleText(titleLines, { width: widthPt, measure, measureBeginnings, names: ctx.names ?? null, kinsoku: settings.kinsoku, memoKey: `${face.key}|${size}|${key}` });
}

/** Title measuring settings per style's settings, kept so the measure memo's settings key (by
 *  identity) hits and the memo key is not stringified again for every title. */
const titleSettings = new WeakMap<ParagraphSettings, { settings: ParagraphSettings; key: string }>();

function titleSettingsOf(base: ParagraphSettings): { settings: ParagraphSettings; key: string } {
  let entry = titleSettings.get(base);
  if (!entry) {
    // Natural width: set flush start (a centred line's width is measured to its centred end).
    const settings: ParagraphSettings = { ...base, firstLineIndent: 0, align: 'start', lastLineAlign: 'start' };
    entry = { settings, key: JSON.stringify(settings) };
    titleSettings.set(base, entry);
  }
  return entry;
}
