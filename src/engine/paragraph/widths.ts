// Punctuation widths before breaking (typography.md §2): adjacent-mark compression, line-start and
// line-end halves, CJK–Latin spaces, and the break and stretch rules at each boundary between atoms.
// Boundary k lies between atom k-1 and atom k. Pure.

import {
  FLAG_COUNTS_AS_TEXT,
  FLAG_NO_END,
  FLAG_NO_START,
  KIND_CLOSE,
  KIND_FIXED,
  KIND_GLUE,
  KIND_LATIN,
  KIND_NEWLINE,
  KIND_OPEN,
  KIND_QE,
  KIND_SPACE,
  KIND_STOP,
  SHRINK_NONE,
  SIDE_DIGIT,
  SIDE_HAN,
  SIDE_NONE,
  type AtomList,
} from './atoms';
import { CarvedArrays } from './carved-arrays';

export interface WidthOptions {
  /** §3.4 space between Han and Latin letters / digits, em. */
  cjkLatinSpace: number;
  cjkDigitSpace: number;
  /** 'half': an opening mark at line start loses its left half (§2.4). */
  openingAtLineStart: 'half' | 'full';
  /** 1.5: two adjacent marks take 1.5 em (§2.2); 1: both halves go. */
  pairCompression: 1.5 | 1;
}

export interface PreparedParagraph {
  atoms: AtomList;
  /** Width after adjacent-mark compression. */
  width: Float64Array;
  /** Adjustable halves still present after compression. */
  remLeft: Float64Array;
  remRight: Float64Array;
  /** Halves already removed by compression (for glyph placement). */
  cutLeft: Float64Array;
  cutRight: Float64Array;
  /** CJK–Latin space at boundary k (index k; 0 unused). */
  gap: Float64Array;
  /** Whether a line may break at boundary k. */
  breakable: Uint8Array;
  /** Cost class of a break at boundary k (long-latin.ts): 0 ordinary, 1 inside a URL or path, 2 emergency. */
  breakClass: Uint8Array;
  /** Whether justification may add space at boundary k (§3.3 step 3). */
  stretchable: Uint8Array;
  opts: WidthOptions;
}

function isFullMark(kind: number): boolean {
  return kind === KIND_STOP || kind === KIND_QE || kind === KIND_CLOSE || kind === KIND_OPEN;
}

function noGapBefore(kind: number, flags: number): boolean {
  return kind === KIND_STOP || kind === KIND_QE || kind === KIND_CLOSE || (flags & FLAG_NO_START) !== 0;
}

export function prepare(atoms: AtomList, opts: WidthOptions): PreparedParagraph {
  const n = atoms.length;
  // One buffer for all the arrays: a paragraph's preparation is one allocation, not nine.
  const carve = new CarvedArrays(n, 6 * 8 + 3);
  const width = carve.f64();
  const remLeft = carve.f64();
  const remRight = carve.f64();
  const cutLeft = carve.f64();
  const cutRight = carve.f64();
  const gap = carve.f64();
  const breakable = carve.u8();
  const breakClass = carve.u8();
  const stretchable = carve.u8();
  width.set(atoms.width.subarray(0, n));
  remLeft.set(atoms.adjLeft.subarray(0, n));
  remRight.set(atoms.adjRight.subarray(0, n));
  const { kind, flags, leftSide, rightSide } = atoms;
  for (let k = 1; k < n; k++) {
    const ak = kind[k - 1]!;
    const bk = kind[k]!;
    // §2.2: two adjacent full-width marks with ≥ 0.5 em adjustable space between them.
    if (isFullMark(ak) && isFullMark(bk) && remRight[k - 1]! + remLeft[k]! >= 0.5) {
      const cutBoth = opts.pairCompression === 1;
      if (remRight[k - 1]! > 0) {
        cutRight[k - 1] = remRight[k - 1]!;
        width[k - 1]! -= remRight[k - 1]!;
        remRight[k - 1] = 0;
      }
      if ((cutBoth || cutRight[k - 1] === 0) && remLeft[k]! > 0) {
        cutLeft[k] = remLeft[k]!;
        width[k]! -= remLeft[k]!;
        remLeft[k] = 0;
      }
    }
    // §3.4: Han next to a Latin letter or digit.
    const ar = rightSide[k - 1]!;
    const bl = leftSide[k]!;
    if (ar === SIDE_HAN && bl !== SIDE_NONE && bl !== SIDE_HAN) {
      gap[k] = bl === SIDE_DIGIT ? opts.cjkDigitSpace : opts.cjkLatinSpace;
    } else if (bl === SIDE_HAN && ar !== SIDE_NONE && ar !== SIDE_HAN) {
      gap[k] = ar === SIDE_DIGIT ? opts.cjkDigitSpace : opts.cjkLatinSpace;
    }
    // §1.5: never before a space, after a space unless the next atom may not start a line.
    let legal: boolean;
    if (ak === KIND_NEWLINE) legal = true;
    else if (bk === KIND_SPACE || bk === KIND_NEWLINE) legal = false;
    else legal = (flags[k]! & FLAG_NO_START) === 0 && (flags[k - 1]! & FLAG_NO_END) === 0;
    breakable[k] = legal ? 1 : 0;
    // §3.3 step 3: where equal extra space may go.
    const eligible =
      gap[k] === 0 &&
      !noGapBefore(bk, flags[k]!) &&
      ak !== KIND_OPEN &&
      ak !== KIND_FIXED && bk !== KIND_FIXED &&
      ak !== KIND_SPACE && bk !== KIND_SPACE &&
      ak !== KIND_GLUE && bk !== KIND_GLUE &&
      ak !== KIND_NEWLINE && bk !== KIND_NEWLINE &&
      !(ak === KIND_LATIN && bk === KIND_LATIN);
    stretchable[k] = eligible ? 1 : 0;
  }
  return { atoms, width, remLeft, remRight, cutLeft, cutRight, gap, breakable, breakClass, stretchable, opts };
}

/** Left half an atom loses at line start (§2.4). */
export function startTrim(p: PreparedParagraph, i: number): number {
  return p.opts.openingAtLineStart === 'half' && p.atoms.kind[i] === KIND_OPEN ? p.remLeft[i]! : 0;
}

/** Right half a left-aligned mark loses at line end (§2.3). */
export function endTrim(p: PreparedParagraph, k: number): number {
  return p.remRight[k]!;
}

/** Index of the last atom of [i, j) that is not trailing white space, or i - 1. */
export function lastVisible(p: PreparedParagraph, i: number, j: number): number {
  const kind = p.atoms.kind;
  let k = j - 1;
  while (k >= i && (kind[k] === KIND_SPACE || kind[k] === KIND_NEWLINE)) k--;
  return k;
}

/** Natural width of the line [i, j) in em, indent included (§1.6 step 1). */
export function naturalWidth(p: PreparedParagraph, i: number, j: number, indent: number): number {
  const last = lastVisible(p, i, j);
  if (last < i) return indent;
  let w = indent;
  for (let k = i; k <= last; k++) {
    w += p.width[k]!;
    if (k > i) w += p.gap[k]!;
  }
  return w - startTrim(p, i) - endTrim(p, last);
}

/** How much the line [i, j) can shrink by the steps of §3.2. */
export function shrinkable(p: PreparedParagraph, i: number, j: number): number {
  const last = lastVisible(p, i, j);
  const { kind, shrinkGroup } = p.atoms;
  let s = 0;
  for (let k = i; k <= last; k++) {
    if (kind[k] === KIND_SPACE) s += Math.max(0, p.width[k]! - 0.25);
    if (k > i) s += p.gap[k]! / 2;
    if (shrinkGroup[k] !== SHRINK_NONE) {
      if (k !== i || startTrim(p, i) === 0) s += p.remLeft[k]!;
      if (k !== last) s += p.remRight[k]!;
    }
  }
  return s;
}

/** Em of text on [i, j) for the last-line rule (§4.2): punctuation does not count. */
export function textEm(p: PreparedParagraph, i: number, j: number): number {
  const { flags, width } = p.atoms;
  let s = 0;
  for (let k = i; k < j; k++) if (flags[k]! & FLAG_COUNTS_AS_TEXT) s += width[k]!;
  return s;
}
