// Collect + shape: split a paragraph's text into atoms (typography.md §0, §1.4) and give each its
// box width, adjustable halves and glyphs from the face. Breaks happen only between atoms.
// Pure.

import type { Color } from '../display-list';
import type { FontFace } from '../fonts/font-face';
import {
  forbiddenAtLineEnd,
  forbiddenAtLineStart,
  isAsciiDigit,
  isClosingAscii,
  isClosingFull,
  isLatinJoiner,
  isLatinLetterOrDigit,
  isNoBreakGlue,
  isOpeningAscii,
  isOpeningFull,
  isQuestionExclaim,
  isStop,
  isWide,
  NUMBER_POSTFIXES,
  NUMBER_PREFIXES,
  type KinsokuLevel,
} from './classes';

export type AtomKind =
  | 'han' // ideograph or other full-width character
  | 'stop' // 。，、；：． — ink low-left, adjustable right half
  | 'qe' // ？！ single — ink left, adjustable right half
  | 'close' // full-width closing mark
  | 'open' // full-width opening mark
  | 'fixed' // unadjustable mark: · / – — ～ —— …… ？！-groups
  | 'latin' // Latin word, number or code, shaped as one run
  | 'symbol' // any other character (ASCII punctuation, signs)
  | 'space'
  | 'glue' // NBSP, word joiner
  | 'newline';

/** Which shrink step of §3.2 an adjustable half belongs to. */
export type ShrinkGroup = 'bracket' | 'comma' | 'period' | null;

export interface AtomGlyph {
  gid: number;
  /** Advance in font units. */
  advance: number;
  /** Glyph origin from the untrimmed box start, em. */
  dx: number;
  text: string;
}

export interface Atom {
  kind: AtomKind;
  /** UTF-16 range in the paragraph text. */
  start: number;
  end: number;
  text: string;
  /** Natural box width, em (tracking included). */
  width: number;
  /** Adjustable halves (em) that pair, line-edge and shrink rules may remove. */
  adjLeft: number;
  adjRight: number;
  shrinkGroup: ShrinkGroup;
  noStart: boolean;
  noEnd: boolean;
  /** Counts as text for the last-line minimum (§4.2): not punctuation. */
  countsAsText: boolean;
  /** Side classes for CJK–Latin spacing: 'han', 'letter' or 'digit' at each edge, else null. */
  leftSide: 'han' | 'letter' | 'digit' | null;
  rightSide: 'han' | 'letter' | 'digit' | null;
  glyphs: AtomGlyph[];
  /** Index of the styled run the atom is set in (its face, size); absent for the paragraph's face. */
  run?: number;
}

/** A span of the paragraph set in another face (a character style): [start, end) in UTF-16 units. */
export interface StyledRun {
  start: number;
  end: number;
  face: FontFace;
  /** Size relative to the paragraph's size (1 = same). */
  scale: number;
  /** Ink of the run; absent = the paragraph's colour. Composition ignores it. */
  color?: Color;
}

export interface AtomOptions {
  kinsoku: KinsokuLevel;
  /** Extra space after every atom, em. */
  tracking: number;
}

export interface MissingGlyph {
  char: string;
  font: string;
  /** UTF-16 offset in the paragraph text. */
  offset: number;
}

const ELLIPSIS = 0x2026;
const MIDLINE_ELLIPSIS = 0x22ef;
const EM_DASH = 0x2014;

function cpAt(text: string, i: number): number {
  return i < text.length ? text.codePointAt(i)! : -1;
}
function cpLen(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

function fixedWidthOf(cp: number): number | null {
  if (cp === 0x00b7 || cp === 0x30fb || cp === 0x2027 || cp === 0x2022 || cp === 0xff65) return 0.5;
  if (cp === 0x002f || cp === 0xff0f || cp === 0x2013) return 0.5;
  if (cp === EM_DASH || cp === 0xff5e || cp === 0x301c || cp === ELLIPSIS || cp === MIDLINE_ELLIPSIS) return 1;
  return null;
}

/** Length of the Latin run starting at i (0 when none starts there). */
function latinRunEnd(text: string, i: number): number {
  let j = i;
  const first = cpAt(text, j);
  if (NUMBER_PREFIXES.has(first)) {
    const next = cpAt(text, j + cpLen(first));
    if (!isAsciiDigit(next)) return i;
    j += cpLen(first);
  } else if (!isLatinLetterOrDigit(first)) {
    return i;
  }
  let lastWasDigit = false;
  while (j < text.length) {
    const c = cpAt(text, j);
    if (isLatinLetterOrDigit(c)) {
      lastWasDigit = isAsciiDigit(c);
      j += cpLen(c);
      continue;
    }
    if (isLatinJoiner(c) && isLatinLetterOrDigit(cpAt(text, j + cpLen(c)))) {
      j += cpLen(c);
      continue;
    }
    if (lastWasDigit && NUMBER_POSTFIXES.has(c)) {
      j += cpLen(c);
    }
    break;
  }
  return j;
}

function sideOf(cp: number): 'letter' | 'digit' | null {
  if (isAsciiDigit(cp) || NUMBER_POSTFIXES.has(cp) || NUMBER_PREFIXES.has(cp)) return 'digit';
  if (isLatinLetterOrDigit(cp)) return 'letter';
  return null;
}

/**
 * Atoms of a paragraph. `runs` (sorted, non-overlapping) set spans in other faces: an atom takes
 * the face of the run holding its first character, so atom boundaries and break rules do not
 * depend on styling.
 */
/** The glyph list of an ideograph atom, per face and code point (see the fast path below). */
const hanGlyphs = new WeakMap<FontFace, Map<number, AtomGlyph[]>>();

export function buildAtoms(text: string, paragraphFace: FontFace, opts: AtomOptions, missing?: MissingGlyph[], runs: readonly StyledRun[] = []): Atom[] {
  let face = paragraphFace;
  let em = face.unitsPerEm;
  // Size of the current run relative to the paragraph: an atom is built in its own em, then scaled
  // (box, adjustable halves, glyph offsets) into the paragraph's em by push().
  let scale = 1;
  let runIndex = -1;
  // Offset at which the current face may change; Infinity when the paragraph has no runs.
  let faceValidUntil = runs.length > 0 ? 0 : Infinity;
  let nextRun = 0;
  const selectFaceAt = (i: number): void => {
    while (nextRun < runs.length && runs[nextRun]!.end <= i) nextRun++;
    const r = runs[nextRun];
    if (r && r.start <= i) {
      face = r.face;
      em = r.face.unitsPerEm;
      scale = r.scale;
      runIndex = nextRun;
      faceValidUntil = r.end;
    } else {
      face = paragraphFace;
      em = face.unitsPerEm;
      scale = 1;
      runIndex = -1;
      faceValidUntil = r ? r.start : Infinity;
    }
  };
  const atoms: Atom[] = [];
  const level = opts.kinsoku;
  let hanFace: FontFace | null = null;
  let byCp: Map<number, AtomGlyph[]> | undefined;

  const glyphOf = (cp: number, offset: number): { gid: number; advance: number } => {
    const g = face.glyph(cp);
    if (g.gid === 0 && missing) missing.push({ char: String.fromCodePoint(cp), font: face.key, offset });
    return g;
  };

  // Hot path: every atom is one object literal of one shape, built field by field (an object spread
  // with overrides sends V8 down its slow path: it cost most of the layout's time).
  const push = (
    kind: AtomKind, start: number, end: number, t: string, width: number, adjLeft: number, adjRight: number, shrinkGroup: ShrinkGroup,
    countsAsText: boolean, glyphs: AtomGlyph[], leftSide: Atom['leftSide'] = null, rightSide: Atom['rightSide'] = null,
    noStartGiven?: boolean, noEndGiven?: boolean,
  ): void => {
    let noStart = noStartGiven;
    let noEnd = noEndGiven;
    if (noStart === undefined) noStart = forbiddenAtLineStart(t.codePointAt(0)!, level);
    if (noEnd === undefined) {
      const lastUnit = t.charCodeAt(t.length - 1);
      const lastCp = t.length > 1 && lastUnit >= 0xdc00 && lastUnit <= 0xdfff ? t.codePointAt(t.length - 2)! : lastUnit;
      noEnd = forbiddenAtLineEnd(lastCp, level);
    }
    if (scale !== 1) for (const g of glyphs) g.dx *= scale;
    atoms.push({
      kind, start, end, text: t,
      width: width * scale + (kind === 'newline' ? 0 : opts.tracking),
      adjLeft: adjLeft * scale, adjRight: adjRight * scale, shrinkGroup,
      noStart, noEnd, countsAsText, leftSide, rightSide, glyphs,
      run: runIndex >= 0 ? runIndex : undefined,
    });
  };
  const one = (g: { gid: number; advance: number }, dx: number, t: string): AtomGlyph[] => [{ gid: g.gid, advance: g.advance, dx, text: t }];

  let i = 0;
  while (i < text.length) {
    if (i >= faceValidUntil) selectFaceAt(i);
    const cp = cpAt(text, i);
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf)) {
      // Fast path for ideographs: cmap + hmtx through the face's cache, no classification.
      const g = glyphOf(cp, i);
      const ch = text[i]!;
      // One glyph list per face and ideograph, shared by every atom of it (nothing writes to it).
      if (hanFace !== face) {
        hanFace = face;
        byCp = hanGlyphs.get(face);
        if (!byCp) hanGlyphs.set(face, (byCp = new Map()));
      }
      let glyphs = byCp!.get(cp);
      if (!glyphs) byCp!.set(cp, (glyphs = [{ gid: g.gid, advance: g.advance, dx: 0, text: ch }]));
      atoms.push({
        kind: 'han', start: i, end: i + 1, text: ch, width: (g.advance * scale) / em + opts.tracking, adjLeft: 0, adjRight: 0,
        shrinkGroup: null, noStart: false, noEnd: false, countsAsText: true, leftSide: 'han', rightSide: 'han',
        glyphs, run: runIndex >= 0 ? runIndex : undefined,
      });
      i += 1;
      continue;
    }
    const len = cpLen(cp);
    const next = cpAt(text, i + len);

    if (cp === 0x0a || cp === 0x0d || cp === 0x2028) {
      push('newline', i, i + len, text.slice(i, i + len), 0, 0, 0, null, false, [], null, null, false, false);
      i += len;
      continue;
    }
    if (cp === 0x20 || cp === 0x09) {
      const g = glyphOf(0x20, i);
      push('space', i, i + 1, ' ', g.advance / em, 0, 0, null, false, [], null, null, false, false);
      i += 1;
      continue;
    }
    // §1.4-1/2: the two-em dash and ellipsis pairs, and the long dashes, are single fixed atoms.
    if ((cp === EM_DASH && next === EM_DASH) || (cp === ELLIPSIS && next === ELLIPSIS) || (cp === MIDLINE_ELLIPSIS && next === MIDLINE_ELLIPSIS)) {
      // Shaped as a pair so a font's two-em dash ligature is used; centred in the 2 em box.
      const pairText = text.slice(i, i + 2);
      const shaped = face.shape(pairText);
      const total = shaped.reduce((s, g) => s + g.advance / em, 0);
      let gx = Math.max(0, (2 - total) / 2);
      const glyphs: AtomGlyph[] = [];
      for (const g of shaped) {
        if (g.gid === 0 && missing) missing.push({ char: g.text, font: face.key, offset: i });
        glyphs.push({ gid: g.gid, advance: g.advance, dx: gx, text: g.text });
        gx += g.advance / em;
      }
      push('fixed', i, i + 2, pairText, 2, 0, 0, null, false, glyphs, null, null, level === 'strict', false);
      i += 2;
      continue;
    }
    if (cp === 0x2e3a || cp === 0x2e3b) {
      const g = glyphOf(cp, i);
      push('fixed', i, i + 1, text[i]!, g.advance / em, 0, 0, null, false, one(g, 0, text[i]!), null, null, level === 'strict', false);
      i += 1;
      continue;
    }
    // §1.4-3: ？！ ！？ ？？ = one 1 em atom; three marks = 2 em.
    if (isQuestionExclaim(cp) && isQuestionExclaim(next)) {
      let j = i;
      const glyphs: AtomGlyph[] = [];
      while (j < text.length && isQuestionExclaim(cpAt(text, j))) j++;
      const count = j - i;
      const width = count === 2 ? 1 : 2;
      for (let k = 0; k < count; k++) {
        const g = glyphOf(cpAt(text, i + k), i + k);
        glyphs.push({ gid: g.gid, advance: g.advance, dx: (k * width) / count, text: text[i + k]! });
      }
      push('fixed', i, j, text.slice(i, j), width, 0, 0, null, false, glyphs, null, null, level !== 'none', false);
      i = j;
      continue;
    }
    const latinEnd = latinRunEnd(text, i);
    if (latinEnd > i) {
      const runText = text.slice(i, latinEnd);
      const shaped = face.shape(runText);
      let x = 0;
      const glyphs: AtomGlyph[] = [];
      let offset = i;
      for (const g of shaped) {
        if (g.gid === 0 && missing) missing.push({ char: g.text, font: face.key, offset });
        glyphs.push({ gid: g.gid, advance: g.advance, dx: x, text: g.text });
        x += g.advance / em;
        offset += g.text.length;
      }
      const lastCp = runText.codePointAt(runText.length - 1)!;
      push('latin', i, latinEnd, runText, x, 0, 0, null, true, glyphs, sideOf(cpAt(text, i)), sideOf(lastCp) ?? 'letter', false, false);
      i = latinEnd;
      continue;
    }
    const ch = text.slice(i, i + len);
    const g = glyphOf(cp, i);
    const adv = g.advance / em;
    if (isStop(cp) || (isQuestionExclaim(cp)) || isClosingFull(cp)) {
      const kind = isClosingFull(cp) ? 'close' : isStop(cp) ? 'stop' : 'qe';
      const group: ShrinkGroup = kind === 'close' ? 'bracket' : cp === 0x3002 || cp === 0xff0e || kind === 'qe' ? 'period' : 'comma';
      push(kind, i, i + len, ch, 1, 0, 0.5, group, false, one(g, 0, ch));
    } else if (isOpeningFull(cp)) {
      push('open', i, i + len, ch, 1, 0.5, 0, 'bracket', false, one(g, 1 - adv, ch));
    } else if (fixedWidthOf(cp) !== null) {
      // An en dash is drawn wider than its half-em box in the Noto faces (0.563 em): the box takes the
      // glyph, so a line ending in one does not run past the column.
      const box = cp === 0x2013 ? Math.max(fixedWidthOf(cp)!, adv) : fixedWidthOf(cp)!;
      // A single em dash is a 连接号 and never starts a line (§1.2).
      push('fixed', i, i + len, ch, box, 0, 0, null, false, one(g, (box - adv) / 2, ch), null, null, cp === EM_DASH ? level !== 'none' : undefined);
    } else if (isNoBreakGlue(cp)) {
      const glue = cp === 0x2060 ? { gid: 0, advance: 0 } : face.glyph(cp).gid === 0 ? face.glyph(0x20) : g;
      push('glue', i, i + len, ch, glue.advance / em, 0, 0, null, false, glue.gid ? one(glue, 0, ch) : [], null, null, true, true);
    } else if (isWide(cp)) {
      push('han', i, i + len, ch, adv, 0, 0, null, true, one(g, 0, ch), 'han', 'han');
    } else {
      const isMark = isOpeningAscii(cp) || isClosingAscii(cp) || /[\p{P}]/u.test(ch) || cp === 0x25a1 || cp === 0x2612;
      push('symbol', i, i + len, ch, adv, 0, 0, null, !isMark, one(g, 0, ch));
    }
    i += len;
  }
  return dropSpacesBetweenHanAndLatin(atoms);
}

/** §3.4: a typed space between Han and Latin is replaced by the CJK–Latin space. */
function dropSpacesBetweenHanAndLatin(atoms: Atom[]): Atom[] {
  const out: Atom[] = [];
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k]!;
    if (a.kind === 'space' && k > 0 && k + 1 < atoms.length) {
      const prev = atoms[k - 1]!;
      const next = atoms[k + 1]!;
      const hanLatin = prev.rightSide === 'han' && (next.leftSide === 'letter' || next.leftSide === 'digit');
      const latinHan = (prev.rightSide === 'letter' || prev.rightSide === 'digit') && next.leftSide === 'han';
      if (hanLatin || latinHan) continue;
    }
    out.push(a);
  }
  return out;
}
