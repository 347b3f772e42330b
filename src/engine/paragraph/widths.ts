// Punctuation widths before breaking (typography.md §2): adjacent-mark compression, line-start and
// line-end halves, CJK–Latin spaces, and the break and stretch rules at each boundary between atoms.
// Boundary k lies between atom k-1 and atom k. Pure.

import type { Atom } from './atoms';

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
  atoms: Atom[];
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

function isFullMark(a: Atom): boolean {
  return a.kind === 'stop' || a.kind === 'qe' || a.kind === 'close' || a.kind === 'open';
}

function noGapBefore(b: Atom): boolean {
  return b.kind === 'stop' || b.kind === 'qe' || b.kind === 'close' || b.noStart;
}

export function prepare(atoms: Atom[], opts: WidthOptions): PreparedParagraph {
  const n = atoms.length;
  const width = new Float64Array(n);
  const remLeft = new Float64Array(n);
  const remRight = new Float64Array(n);
  const cutLeft = new Float64Array(n);
  const cutRight = new Float64Array(n);
  const gap = new Float64Array(n);
  const breakable = new Uint8Array(n);
  const stretchable = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const a = atoms[k]!;
    width[k] = a.width;
    remLeft[k] = a.adjLeft;
    remRight[k] = a.adjRight;
  }
  for (let k = 1; k < n; k++) {
    const a = atoms[k - 1]!;
    const b = atoms[k]!;
    // §2.2: two adjacent full-width marks with ≥ 0.5 em adjustable space between them.
    if (isFullMark(a) && isFullMark(b) && remRight[k - 1]! + remLeft[k]! >= 0.5) {
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
    if (a.rightSide === 'han' && b.leftSide !== null && b.leftSide !== 'han') {
      gap[k] = b.leftSide === 'digit' ? opts.cjkDigitSpace : opts.cjkLatinSpace;
    } else if (b.leftSide === 'han' && a.rightSide !== null && a.rightSide !== 'han') {
      gap[k] = a.rightSide === 'digit' ? opts.cjkDigitSpace : opts.cjkLatinSpace;
    }
    // §1.5: never before a space, after a space unless the next atom may not start a line.
    let legal: boolean;
    if (a.kind === 'newline') legal = true;
    else if (b.kind === 'space' || b.kind === 'newline') legal = false;
    else legal = !b.noStart && !a.noEnd;
    breakable[k] = legal ? 1 : 0;
    // §3.3 step 3: where equal extra space may go.
    const eligible =
      gap[k] === 0 &&
      !noGapBefore(b) &&
      a.kind !== 'open' &&
      a.kind !== 'fixed' && b.kind !== 'fixed' &&
      a.kind !== 'space' && b.kind !== 'space' &&
      a.kind !== 'glue' && b.kind !== 'glue' &&
      a.kind !== 'newline' && b.kind !== 'newline' &&
      !(a.kind === 'latin' && b.kind === 'latin');
    stretchable[k] = eligible ? 1 : 0;
  }
  return { atoms, width, remLeft, remRight, cutLeft, cutRight, gap, breakable, breakClass: new Uint8Array(n), stretchable, opts };
}

/** Left half an atom loses at line start (§2.4). */
export function startTrim(p: PreparedParagraph, i: number): number {
  return p.opts.openingAtLineStart === 'half' && p.atoms[i]!.kind === 'open' ? p.remLeft[i]! : 0;
}

/** Right half a left-aligned mark loses at line end (§2.3). */
export function endTrim(p: PreparedParagraph, k: number): number {
  return p.remRight[k]!;
}

/** Index of the last atom of [i, j) that is not trailing white space, or i - 1. */
export function lastVisible(p: PreparedParagraph, i: number, j: number): number {
  let k = j - 1;
  while (k >= i && (p.atoms[k]!.kind === 'space' || p.atoms[k]!.kind === 'newline')) k--;
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
  let s = 0;
  for (let k = i; k <= last; k++) {
    const a = p.atoms[k]!;
    if (a.kind === 'space') s += Math.max(0, p.width[k]! - 0.25);
    if (k > i) s += p.gap[k]! / 2;
    if (a.shrinkGroup !== null) {
      if (k !== i || startTrim(p, i) === 0) s += p.remLeft[k]!;
      if (k !== last) s += p.remRight[k]!;
    }
  }
  return s;
}

/** Em of text on [i, j) for the last-line rule (§4.2): punctuation does not count. */
export function textEm(p: PreparedParagraph, i: number, j: number): number {
  let s = 0;
  for (let k = i; k < j; k++) if (p.atoms[k]!.countsAsText) s += p.atoms[k]!.width;
  return s;
}
