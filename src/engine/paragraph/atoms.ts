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
import { CarvedArrays } from './carved-arrays';

// Atom kinds (AtomList.kind).
/** Ideograph or other full-width character. */
export const KIND_HAN = 0;
/** 。，、；：． — ink low-left, adjustable right half. */
export const KIND_STOP = 1;
/** ？！ single — ink left, adjustable right half. */
export const KIND_QE = 2;
/** Full-width closing mark. */
export const KIND_CLOSE = 3;
/** Full-width opening mark. */
export const KIND_OPEN = 4;
/** Unadjustable mark: · / – — ～ —— …… ？！-groups. */
export const KIND_FIXED = 5;
/** Latin word, number or code, shaped as one run. */
export const KIND_LATIN = 6;
/** Any other character (ASCII punctuation, signs). */
export const KIND_SYMBOL = 7;
export const KIND_SPACE = 8;
/** NBSP, word joiner. */
export const KIND_GLUE = 9;
export const KIND_NEWLINE = 10;

// Which shrink step of §3.2 an adjustable half belongs to (AtomList.shrinkGroup).
export const SHRINK_NONE = 0;
export const SHRINK_BRACKET = 1;
export const SHRINK_COMMA = 2;
export const SHRINK_PERIOD = 3;

// Side classes for CJK–Latin spacing at each edge of an atom (AtomList.leftSide, rightSide).
export const SIDE_NONE = 0;
export const SIDE_HAN = 1;
export const SIDE_LETTER = 2;
export const SIDE_DIGIT = 3;

// Bits of AtomList.flags.
/** May not start a line. */
export const FLAG_NO_START = 1;
/** May not end a line. */
export const FLAG_NO_END = 2;
/** Counts as text for the last-line minimum (§4.2): not punctuation. */
export const FLAG_COUNTS_AS_TEXT = 4;

/** Bytes per atom of the atom arrays, and per glyph of the glyph arrays. */
const ATOM_BYTES = 3 * 8 + 5 * 4 + 5;
const GLYPH_BYTES = 2 * 8 + 4;

/**
 * The atoms of a paragraph as parallel arrays, atom k at index k of each; its glyphs are the range
 * [glyphStart[k], glyphEnd[k]) of the glyph arrays. An object per character (and a list of glyph
 * objects per atom) made building and reading the atoms, and collecting them, a large share of the
 * layout's time. The atom arrays share one buffer, and so do the glyph arrays: a paragraph's list
 * costs two allocations, not one per field.
 */
export class AtomList {
  /** Number of atoms. */
  length = 0;
  kind!: Uint8Array;
  /** UTF-16 range in the paragraph text. */
  start!: Int32Array;
  end!: Int32Array;
  /** Natural box width, em (tracking included). */
  width!: Float64Array;
  /** Adjustable halves (em) that pair, line-edge and shrink rules may remove. */
  adjLeft!: Float64Array;
  adjRight!: Float64Array;
  shrinkGroup!: Uint8Array;
  /** FLAG_NO_START | FLAG_NO_END | FLAG_COUNTS_AS_TEXT. */
  flags!: Uint8Array;
  leftSide!: Uint8Array;
  rightSide!: Uint8Array;
  /** Index of the styled run the atom is set in (its face, size); -1 for the paragraph's face. */
  run!: Int32Array;
  glyphStart!: Int32Array;
  glyphEnd!: Int32Array;
  /** Number of glyphs. */
  glyphCount = 0;
  gid!: Int32Array;
  /** Advance in font units. */
  advance!: Float64Array;
  /** Glyph origin from the untrimmed box start, em. */
  dx!: Float64Array;
  /** Source characters each glyph shows. */
  glyphText: string[] = [];

  /** `text`: the paragraph's; room for `capacity` atoms and `glyphCapacity` glyphs (both grow). */
  constructor(readonly text: string, capacity: number, glyphCapacity = capacity) {
    this.allocAtoms(Math.max(1, capacity));
    this.allocGlyphs(Math.max(1, glyphCapacity));
  }

  /** Text of atom k: a space atom's is ' ' (also for a tab). */
  textOf(k: number): string {
    return this.kind[k] === KIND_SPACE ? ' ' : this.text.slice(this.start[k]!, this.end[k]!);
  }

  /** Appends a glyph to the pool (the next atom appended takes the glyphs added since the last one). */
  addGlyph(gid: number, advance: number, dx: number, text: string): void {
    const g = this.glyphCount;
    if (g === this.gid.length) this.allocGlyphs(g * 2);
    this.gid[g] = gid;
    this.advance[g] = advance;
    this.dx[g] = dx;
    this.glyphText[g] = text;
    this.glyphCount = g + 1;
  }

  /** Appends an atom whose glyphs are [glyphStart, glyphCount) of the pool; returns its index. */
  add(
    kind: number, start: number, end: number, width: number, adjLeft: number, adjRight: number, shrinkGroup: number,
    flags: number, leftSide: number, rightSide: number, run: number, glyphStart: number,
  ): number {
    const k = this.length;
    if (k === this.kind.length) this.allocAtoms(k * 2);
    this.kind[k] = kind;
    this.start[k] = start;
    this.end[k] = end;
    this.width[k] = width;
    this.adjLeft[k] = adjLeft;
    this.adjRight[k] = adjRight;
    this.shrinkGroup[k] = shrinkGroup;
    this.flags[k] = flags;
    this.leftSide[k] = leftSide;
    this.rightSide[k] = rightSide;
    this.run[k] = run;
    this.glyphStart[k] = glyphStart;
    this.glyphEnd[k] = this.glyphCount;
    this.length = k + 1;
    return k;
  }

  /** (Re)allocates the atom arrays for `size` atoms, keeping the atoms there are. */
  private allocAtoms(size: number): void {
    const old = this.length > 0 ? this.atomFields() : null;
    const carve = new CarvedArrays(size, ATOM_BYTES);
    this.width = carve.f64();
    this.adjLeft = carve.f64();
    this.adjRight = carve.f64();
    this.start = carve.i32();
    this.end = carve.i32();
    this.run = carve.i32();
    this.glyphStart = carve.i32();
    this.glyphEnd = carve.i32();
    this.kind = carve.u8();
    this.shrinkGroup = carve.u8();
    this.flags = carve.u8();
    this.leftSide = carve.u8();
    this.rightSide = carve.u8();
    if (old) {
      const fresh = this.atomFields();
      for (let f = 0; f < fresh.length; f++) fresh[f]!.set(old[f]!.subarray(0, this.length));
    }
  }

  private atomFields(): (Float64Array | Int32Array | Uint8Array)[] {
    return [
      this.width, this.adjLeft, this.adjRight, this.start, this.end, this.run, this.glyphStart, this.glyphEnd,
      this.kind, this.shrinkGroup, this.flags, this.leftSide, this.rightSide,
    ];
  }

  /** (Re)allocates the glyph arrays for `size` glyphs, keeping the glyphs there are. */
  private allocGlyphs(size: number): void {
    const n = this.glyphCount;
    const carve = new CarvedArrays(size, GLYPH_BYTES);
    const advance = carve.f64();
    const dx = carve.f64();
    const gid = carve.i32();
    if (n > 0) {
      advance.set(this.advance.subarray(0, n));
      dx.set(this.dx.subarray(0, n));
      gid.set(this.gid.subarray(0, n));
    }
    this.advance = advance;
    this.dx = dx;
    this.gid = gid;
  }
}

/** Whether atom k is one of 、，。, which may hang past the line end (§2.5). */
export function isHangable(atoms: AtomList, k: number): boolean {
  const s = atoms.start[k]!;
  if (atoms.end[k]! - s !== 1 || atoms.kind[k] === KIND_SPACE) return false;
  const c = atoms.text.charCodeAt(s);
  return c === 0x3001 || c === 0xff0c || c === 0x3002;
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

function sideOf(cp: number): number {
  if (isAsciiDigit(cp) || NUMBER_POSTFIXES.has(cp) || NUMBER_PREFIXES.has(cp)) return SIDE_DIGIT;
  if (isLatinLetterOrDigit(cp)) return SIDE_LETTER;
  return SIDE_NONE;
}

/** An ideograph's glyph, per face and code point, with its text kept once (see the fast path below). */
interface HanGlyph {
  gid: number;
  advance: number;
  text: string;
}
const hanGlyphs = new WeakMap<FontFace, Map<number, HanGlyph>>();

/**
 * Atoms of a paragraph. `runs` (sorted, non-overlapping) set spans in other faces: an atom takes
 * the face of the run holding its first character, so atom boundaries and break rules do not
 * depend on styling.
 */
export function buildAtoms(text: string, paragraphFace: FontFace, opts: AtomOptions, missing?: MissingGlyph[], runs: readonly StyledRun[] = []): AtomList {
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
  // Every atom holds at least one UTF-16 unit, so the atom arrays never grow.
  const atoms = new AtomList(text, text.length);
  const level = opts.kinsoku;
  const tracking = opts.tracking;
  let hanFace: FontFace | null = null;
  let byCp: Map<number, HanGlyph> | undefined;

  const glyphOf = (cp: number, offset: number): { gid: number; advance: number } => {
    const g = face.glyph(cp);
    if (g.gid === 0 && missing) missing.push({ char: String.fromCodePoint(cp), font: face.key, offset });
    return g;
  };

  // §3.4: a typed space between Han and Latin is replaced by the CJK–Latin space. Judged when the
  // atom after the space comes: the space goes when its neighbours are Han and Latin (a space
  // beside a space has no side, so two in a row both stay, and the space's own neighbour is never
  // one that went).
  const dropSpaceBefore = (leftSide: number): void => {
    const n = atoms.length;
    if (n < 2 || atoms.kind[n - 1] !== KIND_SPACE) return;
    const prev = atoms.rightSide[n - 2]!;
    const hanLatin = prev === SIDE_HAN && (leftSide === SIDE_LETTER || leftSide === SIDE_DIGIT);
    const latinHan = (prev === SIDE_LETTER || prev === SIDE_DIGIT) && leftSide === SIDE_HAN;
    // A space has no glyphs: dropping it leaves the glyph pool as it is.
    if (hanLatin || latinHan) atoms.length = n - 1;
  };

  // The atom's glyphs are the pool's from glyphFrom on (added just before). noStart, noEnd absent:
  // by the kinsoku rules for its first and last character.
  const push = (
    kind: number, start: number, end: number, width: number, adjLeft: number, adjRight: number, shrinkGroup: number,
    countsAsText: boolean, glyphFrom: number, leftSide = SIDE_NONE, rightSide = SIDE_NONE,
    noStartGiven?: boolean, noEndGiven?: boolean,
  ): void => {
    let noStart = noStartGiven;
    let noEnd = noEndGiven;
    if (noStart === undefined) {
      // The first code point of the atom's own text (a pair cut at its end counts as its first unit).
      const first = text.codePointAt(start)!;
      noStart = forbiddenAtLineStart(first > 0xffff && end - start < 2 ? text.charCodeAt(start) : first, level);
    }
    if (noEnd === undefined) {
      const lastUnit = text.charCodeAt(end - 1);
      const lastCp = end - start > 1 && lastUnit >= 0xdc00 && lastUnit <= 0xdfff ? text.codePointAt(end - 2)! : lastUnit;
      noEnd = forbiddenAtLineEnd(lastCp, level);
    }
    if (scale !== 1) for (let g = glyphFrom; g < atoms.glyphCount; g++) atoms.dx[g]! *= scale;
    dropSpaceBefore(leftSide);
    atoms.add(
      kind, start, end, width * scale + (kind === KIND_NEWLINE ? 0 : tracking), adjLeft * scale, adjRight * scale, shrinkGroup,
      (noStart ? FLAG_NO_START : 0) | (noEnd ? FLAG_NO_END : 0) | (countsAsText ? FLAG_COUNTS_AS_TEXT : 0),
      leftSide, rightSide, runIndex, glyphFrom,
    );
  };

  let i = 0;
  while (i < text.length) {
    if (i >= faceValidUntil) selectFaceAt(i);
    const cp = cpAt(text, i);
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf)) {
      // Fast path for ideographs: one look-up per face and code point, no classification, nothing allocated.
      if (hanFace !== face) {
        hanFace = face;
        byCp = hanGlyphs.get(face);
        if (!byCp) hanGlyphs.set(face, (byCp = new Map()));
      }
      let h = byCp!.get(cp);
      if (!h) {
        const g = face.glyph(cp);
        byCp!.set(cp, (h = { gid: g.gid, advance: g.advance, text: text[i]! }));
      }
      if (h.gid === 0 && missing) missing.push({ char: String.fromCodePoint(cp), font: face.key, offset: i });
      const g0 = atoms.glyphCount;
      atoms.addGlyph(h.gid, h.advance, 0, h.text);
      dropSpaceBefore(SIDE_HAN);
      atoms.add(KIND_HAN, i, i + 1, (h.advance * scale) / em + tracking, 0, 0, SHRINK_NONE, FLAG_COUNTS_AS_TEXT, SIDE_HAN, SIDE_HAN, runIndex, g0);
      i += 1;
      continue;
    }
    const len = cpLen(cp);
    const next = cpAt(text, i + len);
    const g0 = atoms.glyphCount;

    if (cp === 0x0a || cp === 0x0d || cp === 0x2028) {
      push(KIND_NEWLINE, i, i + len, 0, 0, 0, SHRINK_NONE, false, g0, SIDE_NONE, SIDE_NONE, false, false);
      i += len;
      continue;
    }
    if (cp === 0x20 || cp === 0x09) {
      const g = glyphOf(0x20, i);
      push(KIND_SPACE, i, i + 1, g.advance / em, 0, 0, SHRINK_NONE, false, g0, SIDE_NONE, SIDE_NONE, false, false);
      i += 1;
      continue;
    }
    // §1.4-1/2: the two-em dash and ellipsis pairs, and the long dashes, are single fixed atoms.
    if ((cp === EM_DASH && next === EM_DASH) || (cp === ELLIPSIS && next === ELLIPSIS) || (cp === MIDLINE_ELLIPSIS && next === MIDLINE_ELLIPSIS)) {
      // Shaped as a pair so a font's two-em dash ligature is used; centred in the 2 em box.
      const shaped = face.shape(text.slice(i, i + 2));
      const total = shaped.reduce((s, g) => s + g.advance / em, 0);
      let gx = Math.max(0, (2 - total) / 2);
      for (const g of shaped) {
        if (g.gid === 0 && missing) missing.push({ char: g.text, font: face.key, offset: i });
        atoms.addGlyph(g.gid, g.advance, gx, g.text);
        gx += g.advance / em;
      }
      push(KIND_FIXED, i, i + 2, 2, 0, 0, SHRINK_NONE, false, g0, SIDE_NONE, SIDE_NONE, level === 'strict', false);
      i += 2;
      continue;
    }
    if (cp === 0x2e3a || cp === 0x2e3b) {
      const g = glyphOf(cp, i);
      atoms.addGlyph(g.gid, g.advance, 0, text[i]!);
      push(KIND_FIXED, i, i + 1, g.advance / em, 0, 0, SHRINK_NONE, false, g0, SIDE_NONE, SIDE_NONE, level === 'strict', false);
      i += 1;
      continue;
    }
    // §1.4-3: ？！ ！？ ？？ = one 1 em atom; three marks = 2 em.
    if (isQuestionExclaim(cp) && isQuestionExclaim(next)) {
      let j = i;
      while (j < text.length && isQuestionExclaim(cpAt(text, j))) j++;
      const count = j - i;
      const width = count === 2 ? 1 : 2;
      for (let k = 0; k < count; k++) {
        const g = glyphOf(cpAt(text, i + k), i + k);
        atoms.addGlyph(g.gid, g.advance, (k * width) / count, text[i + k]!);
      }
      push(KIND_FIXED, i, j, width, 0, 0, SHRINK_NONE, false, g0, SIDE_NONE, SIDE_NONE, level !== 'none', false);
      i = j;
      continue;
    }
    const latinEnd = latinRunEnd(text, i);
    if (latinEnd > i) {
      const shaped = face.shape(text.slice(i, latinEnd));
      let x = 0;
      let offset = i;
      for (const g of shaped) {
        if (g.gid === 0 && missing) missing.push({ char: g.text, font: face.key, offset });
        atoms.addGlyph(g.gid, g.advance, x, g.text);
        x += g.advance / em;
        offset += g.text.length;
      }
      const lastCp = text.codePointAt(latinEnd - 1)!;
      const lastSide = sideOf(lastCp);
      push(KIND_LATIN, i, latinEnd, x, 0, 0, SHRINK_NONE, true, g0, sideOf(cpAt(text, i)), lastSide !== SIDE_NONE ? lastSide : SIDE_LETTER, false, false);
      i = latinEnd;
      continue;
    }
    const g = glyphOf(cp, i);
    const adv = g.advance / em;
    if (isStop(cp) || (isQuestionExclaim(cp)) || isClosingFull(cp)) {
      const kind = isClosingFull(cp) ? KIND_CLOSE : isStop(cp) ? KIND_STOP : KIND_QE;
      const group = kind === KIND_CLOSE ? SHRINK_BRACKET : cp === 0x3002 || cp === 0xff0e || kind === KIND_QE ? SHRINK_PERIOD : SHRINK_COMMA;
      atoms.addGlyph(g.gid, g.advance, 0, text.slice(i, i + len));
      push(kind, i, i + len, 1, 0, 0.5, group, false, g0);
    } else if (isOpeningFull(cp)) {
      atoms.addGlyph(g.gid, g.advance, 1 - adv, text.slice(i, i + len));
      push(KIND_OPEN, i, i + len, 1, 0.5, 0, SHRINK_BRACKET, false, g0);
    } else if (fixedWidthOf(cp) !== null) {
      // An en dash is drawn wider than its half-em box in the Noto faces (0.563 em): the box takes the
      // glyph, so a line ending in one does not run past the column.
      const box = cp === 0x2013 ? Math.max(fixedWidthOf(cp)!, adv) : fixedWidthOf(cp)!;
      atoms.addGlyph(g.gid, g.advance, (box - adv) / 2, text.slice(i, i + len));
      // A single em dash is a 连接号 and never starts a line (§1.2).
      push(KIND_FIXED, i, i + len, box, 0, 0, SHRINK_NONE, false, g0, SIDE_NONE, SIDE_NONE, cp === EM_DASH ? level !== 'none' : undefined);
    } else if (isNoBreakGlue(cp)) {
      const glue = cp === 0x2060 ? { gid: 0, advance: 0 } : face.glyph(cp).gid === 0 ? face.glyph(0x20) : g;
      if (glue.gid) atoms.addGlyph(glue.gid, glue.advance, 0, text.slice(i, i + len));
      push(KIND_GLUE, i, i + len, glue.advance / em, 0, 0, SHRINK_NONE, false, g0, SIDE_NONE, SIDE_NONE, true, true);
    } else if (isWide(cp)) {
      atoms.addGlyph(g.gid, g.advance, 0, text.slice(i, i + len));
      push(KIND_HAN, i, i + len, adv, 0, 0, SHRINK_NONE, true, g0, SIDE_HAN, SIDE_HAN);
    } else {
      const ch = text.slice(i, i + len);
      const isMark = isOpeningAscii(cp) || isClosingAscii(cp) || /[\p{P}]/u.test(ch) || cp === 0x25a1 || cp === 0x2612;
      atoms.addGlyph(g.gid, g.advance, 0, ch);
      push(KIND_SYMBOL, i, i + len, adv, 0, 0, SHRINK_NONE, !isMark, g0);
    }
    i += len;
  }
  return atoms;
}
