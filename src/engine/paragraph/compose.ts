// One paragraph, start to finish: atoms → widths → breaks → justification → placed glyphs.
// Results are cached by (face, settings, measure, text), so re-laying out an article after a
// one-character edit recomposes only the edited paragraph. Pure.

import type { PlacedGlyph } from '../display-list';
import type { FontFace } from '../fonts/font-face';
import { buildAtoms, FLAG_NO_END, FLAG_NO_START, KIND_NEWLINE, KIND_OPEN, KIND_SPACE, type MissingGlyph, type StyledRun } from './atoms';
import { breakLines, type LineBreaking, type LineSpan } from './break';
import type { KinsokuLevel } from './classes';
import { justifyInPlace, placedW, placedX, type Alignment } from './justify';
import { keepSpans, keepsNumbers, type KeepInput } from './keep';
import { BREAK_URL, breaksWord, prepareForBreaking } from './long-latin';
import { ALLOWED_GAP_STRETCH, breakLinesOptimum } from './optimum-fit';
import { endTrim, lastVisible, naturalWidth, prepare, textEm } from './widths';

export interface ParagraphSettings {
  kinsoku: KinsokuLevel;
  openingAtLineStart: 'half' | 'full';
  cjkLatinSpace: number;
  cjkDigitSpace: number;
  pairCompression: 1.5 | 1;
  hanging: boolean;
  firstLineIndent: number;
  lastLineMinEm: number;
  tracking: number;
  align: Alignment;
  /** Alignment of a justified paragraph's last line (and lines before a manual break). */
  lastLineAlign: Alignment;
  /** A number stays with its unit and a leading 第 ("2026年", "第3次"); default true. */
  keepNumberWithUnit?: boolean;
  /** How a justified paragraph is broken (issue 10): 'optimum' (default) or 'greedy'; set here it
   *  overrides the mode of the cache (LayoutOptions.lineBreaking). Other alignments break greedily. */
  lineBreaking?: LineBreaking;
}

/** typography.md §0, profile zh-Hans-GB-magazine. */
export const DEFAULT_PARAGRAPH_SETTINGS: ParagraphSettings = {
  kinsoku: 'gb',
  openingAtLineStart: 'half',
  cjkLatinSpace: 0.25,
  cjkDigitSpace: 0.25,
  pairCompression: 1.5,
  hanging: false,
  firstLineIndent: 2,
  lastLineMinEm: 2,
  tracking: 0,
  align: 'justify',
  lastLineAlign: 'start',
};

/**
 * The glyphs of a composed paragraph in line order, as parallel arrays; each line holds a range of
 * them. The layout keeps every paragraph it composes, and an object (and a boxed x) per glyph was
 * a third of everything it kept, all of it copied by the garbage collector.
 */
export interface ParagraphGlyphs {
  gid: Int32Array;
  /** Advance in font units. */
  advance: Float64Array;
  /** Glyph origin from the start of the measure, em. */
  x: Float64Array;
  text: string[];
  /** Index into ComposedParagraph.runs; -1 for the paragraph's face. */
  run: Int32Array;
}

export interface ComposedLine {
  /** UTF-16 range [charStart, charEnd) of the paragraph text this line shows. */
  charStart: number;
  charEnd: number;
  /** The text as set (trailing spaces and manual breaks dropped). */
  text: string;
  /** The line's glyphs are [glyphStart, glyphEnd) of glyphSet (the paragraph's). */
  glyphSet: ParagraphGlyphs;
  glyphStart: number;
  glyphEnd: number;
  /** Set width, em. */
  width: number;
  last: boolean;
  /** Line starts with a mark that may not start a line (a wrapped line only). */
  prohibitedStart: boolean;
  /** Line ends with a mark that may not end a line (not the paragraph's last line). */
  prohibitedEnd: boolean;
  /** Per-gap stretch exceeded 0.25 em (§3.5) or justification could not reach the measure. */
  loose: boolean;
  gapStretch: number;
  /** Stretch of a justified line that is not its paragraph's last against the allowed 0.25 em per
   *  gap (1 = at the limit; 0 for other lines). A line with nowhere to put space counts its shortfall
   *  as if it had one gap. */
  stretchRatio: number;
  /** The line is set wider than its measure (a hanging mark aside): nothing could make it fit. */
  overfull: boolean;
  /** The line ends at an emergency break: inside a Latin word or a keep-together unit wider than the measure. */
  brokenWord: boolean;
}

export interface ComposedParagraph {
  lines: ComposedLine[];
  /** The last line of a multi-line paragraph carries less than lastLineMinEm of text. */
  shortLastLine: boolean;
  missing: MissingGlyph[];
  /** The styled runs the paragraph was composed with (glyphs refer to them by index). */
  runs: readonly StyledRun[];
}

const LOOSE_GAP_EM = ALLOWED_GAP_STRETCH;
/** em: rounding of the shrink steps, far below anything visible. */
const OVERFULL_TOLERANCE = 1e-6;

/**
 * `keep` lists the keep-together spans (flat start, end pairs from keepSpans): no line breaks
 * inside them. Absent: numbers with units only, as keepSpans gives for the text.
 */
export function composeParagraph(
  text: string, face: FontFace, s: ParagraphSettings, measure: number, runs: readonly StyledRun[] = [], keep?: readonly number[],
  lineBreaking: LineBreaking = s.lineBreaking ?? 'optimum',
): ComposedParagraph {
  const missing: MissingGlyph[] = [];
  const built = buildAtoms(text, face, { kinsoku: s.kinsoku, tracking: s.tracking }, missing, runs);
  // Keep-together spans, and the costly breaks inside URLs, paths and words wider than the measure.
  const prepareOptions = {
    cjkLatinSpace: s.cjkLatinSpace, cjkDigitSpace: s.cjkDigitSpace, openingAtLineStart: s.openingAtLineStart, pairCompression: s.pairCompression,
    measure, firstLineIndent: s.firstLineIndent,
  };
  const p = prepareForBreaking(text, built, prepareOptions, keep ?? keepSpans(text, undefined, keepsNumbers(s.kinsoku, s.keepNumberWithUnit)));
  const atoms = p.atoms;
  const breaker = lineBreaking === 'optimum' && s.align === 'justify' ? breakLinesOptimum : breakLines;
  const spans = breaker(p, {
    width: measure,
    firstLineIndent: s.firstLineIndent,
    lastLineMinEm: s.lastLineMinEm,
    hanging: s.hanging,
  });
  const urlBreakAt = (k: number): boolean => k > 0 && k < atoms.length && p.breakable[k] === 1 && p.breakClass[k] === BREAK_URL;
  const hangOf = (span: LineSpan): number => {
    const last = lastVisible(p, span.start, span.end);
    return span.hangs && last >= span.start ? p.width[last]! - endTrim(p, last) : 0;
  };
  const lines: ComposedLine[] = [];
  const n = atoms.length;
  const { kind, start, end, flags, run, glyphStart, glyphEnd, gid, advance, dx, glyphText } = atoms;
  let glyphCount = 0;
  for (let k = 0; k < n; k++) glyphCount += glyphEnd[k]! - glyphStart[k]!;
  const set: ParagraphGlyphs = {
    gid: new Int32Array(glyphCount),
    advance: new Float64Array(glyphCount),
    x: new Float64Array(glyphCount),
    text: new Array<string>(glyphCount),
    run: new Int32Array(glyphCount),
  };
  let gi = 0;
  for (let li = 0; li < spans.length; li++) {
    const span = spans[li]!;
    const j = justifyInPlace(p, span, measure, s.align, s.lastLineAlign);
    const glyphStartOfLine = gi;
    // The line's text is sliced from the paragraph's in runs of adjacent atoms, not atom by atom.
    let lineText = '';
    let from = 0;
    let to = 0;
    for (let k = span.start; k < span.end; k++) {
      const ak = kind[k]!;
      if (ak === KIND_NEWLINE) continue;
      const x = placedX[k - span.start]!;
      if (ak === KIND_SPACE) {
        // A space atom reads ' ' (also a tab).
        if (placedW[k - span.start]! > 0) {
          if (to > from) lineText += text.slice(from, to);
          lineText += ' ';
          from = to = end[k]!;
        }
        continue;
      }
      if (start[k] !== to) {
        if (to > from) lineText += text.slice(from, to);
        from = start[k]!;
      }
      to = end[k]!;
      const r = run[k]!;
      for (let g = glyphStart[k]!; g < glyphEnd[k]!; g++, gi++) {
        set.gid[gi] = gid[g]!;
        set.advance[gi] = advance[g]!;
        set.x[gi] = x + dx[g]!;
        set.text[gi] = glyphText[g]!;
        set.run[gi] = r;
      }
    }
    if (to > from) lineText += text.slice(from, to);
    const first = span.start < n ? span.start : -1;
    const lastAtom = span.end - 1 >= 0 && span.end - 1 < n ? span.end - 1 : -1;
    const wrappedStart = li > 0 && !spans[li - 1]!.last;
    lines.push({
      charStart: first >= 0 ? start[first]! : text.length,
      charEnd: lastAtom >= 0 ? end[lastAtom]! : text.length,
      text: lineText.endsWith(' ') ? lineText.replace(/ +$/u, '') : lineText,
      glyphSet: set,
      glyphStart: glyphStartOfLine,
      glyphEnd: gi,
      width: j.width,
      last: span.last,
      // Inside a URL or path the URL convention decides ('.' may start a line, '/' end one).
      prohibitedStart: wrappedStart && first >= 0 && (flags[first]! & FLAG_NO_START) !== 0 && !urlBreakAt(span.start),
      prohibitedEnd: !span.last && lastAtom >= 0 && (flags[lastAtom]! & FLAG_NO_END) !== 0 && !urlBreakAt(span.end),
      loose: !span.last && (j.gapStretch > LOOSE_GAP_EM + 1e-9 || j.unjustified),
      gapStretch: j.gapStretch,
      stretchRatio: span.last || s.align !== 'justify' ? 0 : (j.unjustified ? Math.max(0, j.unfilled) : j.gapStretch) / LOOSE_GAP_EM,
      overfull: span.overfull || j.width - hangOf(span) > measure + OVERFULL_TOLERANCE,
      brokenWord: !span.last && span.end < n && p.breakable[span.end] === 1 && breaksWord(p.breakClass[span.end]!),
    });
  }
  const lastSpan = spans[spans.length - 1];
  const shortLastLine =
    spans.length > 1 && !!lastSpan && textEm(p, lastSpan.start, lastSpan.end) < s.lastLineMinEm - 1e-9 && textEm(p, 0, atoms.length) >= s.lastLineMinEm;
  return { lines, shortLastLine, missing, runs };
}

/** Glyphs [start, end) of a paragraph as the display list places them, set at `sizePt` (x in pt). */
export function placedGlyphs(set: ParagraphGlyphs, start: number, end: number, sizePt: number): PlacedGlyph[] {
  const out: PlacedGlyph[] = new Array(end - start);
  for (let g = start; g < end; g++) out[g - start] = { gid: set.gid[g]!, dx: set.x[g]! * sizePt, advance: set.advance[g]!, text: set.text[g]! };
  return out;
}

/**
 * Width (em) of the widest line of `text` set at its natural width: what composeParagraph gives as
 * the widest line's width at a measure no line fills, found without breaking or placing glyphs.
 * Titles and contents entries are measured this way for every candidate break, many times per line.
 */
export function naturalLinesWidth(text: string, face: FontFace, s: ParagraphSettings): number {
  const atoms = buildAtoms(text, face, { kinsoku: s.kinsoku, tracking: s.tracking });
  if (atoms.length === 0) return 0;
  const p = prepare(atoms, s);
  let widest = 0;
  let start = 0;
  for (let k = 0; k <= atoms.length; k++) {
    if (k < atoms.length && atoms.kind[k] !== KIND_NEWLINE) continue;
    const end = k < atoms.length ? k + 1 : k;
    if (end > start) widest = Math.max(widest, naturalWidth(p, start, end, start === 0 ? s.firstLineIndent : 0));
    start = end;
  }
  return widest;
}

/**
 * Natural widths of the beginnings of one line of text, from one pass over it: the function answers
 * for `end` exactly what naturalLinesWidth(text.slice(0, end), face, s) × `scale` gives, or undefined
 * where `end` falls inside an atom (a Latin word, a —— pair), where the answer could differ and the
 * caller measures that text itself. A title's break search measures many beginnings of the same rest
 * of a line; setting each anew cost more than all its other work. Text with a manual break: all undefined.
 */
export function naturalPrefixWidths(text: string, face: FontFace, s: ParagraphSettings, scale = 1): (end: number) => number | undefined {
  const atoms = buildAtoms(text, face, { kinsoku: s.kinsoku, tracking: s.tracking });
  const none = (): undefined => undefined;
  for (let k = 0; k < atoms.length; k++) if (atoms.kind[k] === KIND_NEWLINE) return none;
  const p = prepare(atoms, s);
  const n = atoms.length;
  // atomAt[offset]: the first atom starting at or after the offset; -1 inside an atom.
  const atomAt = new Int32Array(text.length + 1);
  atomAt[text.length] = n;
  for (let at = text.length - 1, k = n; at >= 0; at--) {
    while (k > 0 && atoms.start[k - 1]! >= at) k--;
    atomAt[at] = k > 0 && atoms.end[k - 1]! > at ? -1 : k;
  }
  // before[k]: the indent and atoms 0..k-1 with their gaps, summed in naturalWidth's order, so the
  // sum up to any last atom is the same number naturalWidth reaches.
  const before = new Float64Array(n + 1);
  let w = s.firstLineIndent;
  for (let k = 0; k < n; k++) {
    before[k] = w;
    w += p.width[k]!;
    if (k > 0) w += p.gap[k]!;
  }
  before[n] = w;
  const trimStart = n > 0 && p.opts.openingAtLineStart === 'half' && atoms.kind[0] === KIND_OPEN ? p.remLeft[0]! : 0;
  return (end: number): number | undefined => {
    const j = end >= 0 && end <= text.length ? atomAt[end]! : -1;
    if (j < 0) return undefined;
    if (j === 0) return 0;
    const last = lastVisible(p, 0, j);
    if (last < 0) return s.firstLineIndent * scale;
    // As prepare() sets [0, j) alone: the last atom keeps the right half its pair with atom j took.
    const cut = p.cutRight[last]!;
    let sum = before[last]! + (cut > 0 ? atoms.width[last]! - p.cutLeft[last]! : p.width[last]!);
    if (last > 0) sum += p.gap[last]!;
    return (sum - trimStart - (cut > 0 ? cut : p.remRight[last]!)) * scale;
  };
}

/** Cache-key part for styled runs: offsets, face, scale and colour of each (the runs are returned with the result). */
function runsKey(runs: readonly StyledRun[]): string {
  let k = '';
  for (const r of runs) k += `${r.start}-${r.end}-${r.face.key}-${r.scale}-${r.color ? JSON.stringify(r.color) : ''};`;
  return k;
}

/** Cache of composed paragraphs keyed by face, settings, measure, styled runs, keep-together spans and text. */
export class ParagraphCache {
  private map = new Map<string, ComposedParagraph>();
  private widths = new Map<string, number>();
  private settingsKeys = new WeakMap<ParagraphSettings, string>();
  hits = 0;
  misses = 0;
  /** Breaking of justified paragraphs whose settings do not say (LayoutEngine sets it per layout). */
  lineBreaking: LineBreaking = 'optimum';
  constructor(private readonly maxEntries = 20_000) {}

  get size(): number {
    return this.map.size;
  }

  /** naturalLinesWidth, memoised by face, settings and text. */
  measure(text: string, face: FontFace, s: ParagraphSettings): number {
    const key = `${face.key}\u0000${this.settingsKey(s)}\u0000${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = naturalLinesWidth(text, face, s);
      remember(this.widths, key, w, this.maxEntries);
    } else touch(this.widths, key, w);
    return w;
  }

  private settingsKey(s: ParagraphSettings): string {
    let sk = this.settingsKeys.get(s);
    if (sk === undefined) {
      sk = JSON.stringify(s);
      this.settingsKeys.set(s, sk);
    }
    return sk;
  }

  /** `keep`: names and marked words kept together (numbers with units are kept by the settings). */
  compose(text: string, face: FontFace, s: ParagraphSettings, measure: number, runs: readonly StyledRun[] = [], keep?: KeepInput): ComposedParagraph {
    const sk = this.settingsKey(s);
    // Keyed by the spans found, not the name list: a new name re-sets only the paragraphs that hold it.
    const spans = keepSpans(text, keep, keepsNumbers(s.kinsoku, s.keepNumberWithUnit));
    const mode = s.lineBreaking ?? this.lineBreaking;
    const key = `${mode}\u0000${face.key}\u0000${sk}\u0000${measure}\u0000${runs.length > 0 ? runsKey(runs) : ''}\u0000${spans.length > 0 ? spans.join(',') : ''}\u0000${text}`;
    const hit = this.map.get(key);
    if (hit) {
      this.hits++;
      touch(this.map, key, hit);
      return hit;
    }
    this.misses++;
    const composed = composeParagraph(text, face, s, measure, runs, spans, mode);
    remember(this.map, key, composed, this.maxEntries);
    return composed;
  }
}

// Least recently used first: a Map iterates in insertion order, so a hit is moved to the end and a
// full map gives up its first entries. (Clearing it whole made the next layout of every issue in a
// busy server recompose everything at once.)
function touch<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
}

function remember<V>(map: Map<string, V>, key: string, value: V, maxEntries: number): void {
  if (map.size >= maxEntries) {
    // Evict a sixteenth at once, so a long run of misses does not pay an eviction per entry.
    let drop = Math.max(1, map.size - maxEntries + 1 + (maxEntries >> 4));
    for (const k of map.keys()) {
      map.delete(k);
      if (--drop === 0) break;
    }
  }
  map.set(key, value);
}
