// Break opportunities inside long Latin runs (issue 10): URLs, file paths, e-mail addresses, handles
// and package names have no space to break at, so a path wider than what is left of a line either
// runs past the column or pushes the line before it into a loose spread. Two kinds of costly
// candidates are added to the ordinary ones of widths.ts:
//  - URL breaks (BREAK_URL), inside a code-like run only, after the Chicago/CLREQ convention: after
//    '/', before '.', after '-', '_', '?', '&', '=', '#', before '@'; '://' is never split and no
//    hyphen is ever added. The ordinary breaks inside such a run (e.g. before a '*') are cleared, so
//    a URL breaks only where a reader expects it.
//  - Emergency breaks (BREAK_EMERGENCY), between any two characters of a group of atoms with no break
//    opportunity that is wider than the measure — a Latin word, or a keep-together unit (name, number
//    with unit, 不断行) that cannot fit any line; after a word space in such a unit (BREAK_UNIT_SPACE),
//    at the cost of a URL break. Last resort; the lines ending there are reported.
// A Latin atom is split at these points by partitioning its shaped glyphs, so an unbroken run is set
// exactly as before. Pure.

import type { Atom } from './atoms';
import { applyKeepSpans } from './keep';
import { naturalWidth, prepare, shrinkable, type PreparedParagraph, type WidthOptions } from './widths';

/** breakClass values of a break opportunity (PreparedParagraph.breakClass). */
export const BREAK_NORMAL = 0;
export const BREAK_URL = 1;
export const BREAK_EMERGENCY = 2;
/** At a word space inside a keep-together unit wider than the measure: the unit breaks, but between words. */
export const BREAK_UNIT_SPACE = 3;

/** A break that splits what should stay whole (reported with the line). */
export function breaksWord(cls: number): boolean {
  return cls === BREAK_EMERGENCY || cls === BREAK_UNIT_SPACE;
}

/** Characters a URL, path, address or handle is made of (ASCII). */
function isCodeChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
    c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e || c === 0x3a || c === 0x2f || c === 0x3f || c === 0x23 ||
    c === 0x40 || c === 0x21 || c === 0x24 || c === 0x26 || c === 0x2a || c === 0x2b || c === 0x3d || c === 0x25 || c === 0x5c
  );
}
const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** Sentence punctuation that ends a run rather than belonging to it. */
const TRAILING = new Set([0x2e, 0x3a, 0x3f, 0x21]);
const BREAK_AFTER = new Set([0x2d, 0x5f, 0x3f, 0x26, 0x3d, 0x23]);
/** Shorter runs always fit a line; breaking them would only trade spacing for a broken word. */
const MIN_RUN = 8;

/** Code-like runs of a text: [start, end) pairs of runs with a letter and a URL, path, address or compound mark. */
export function codeRuns(text: string): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isCodeChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const s = i;
    while (i < text.length && isCodeChar(text.charCodeAt(i))) i++;
    let e = i;
    while (e > s && TRAILING.has(text.charCodeAt(e - 1))) e--;
    if (e - s < MIN_RUN) continue;
    let letter = false;
    let mark = false;
    for (let k = s; k < e; k++) {
      const c = text.charCodeAt(k);
      if (isLetter(c)) letter = true;
      else if (c === 0x2f || c === 0x40 || c === 0x5f || c === 0x3f || c === 0x3d || c === 0x26 || c === 0x23) mark = true;
      else if ((c === 0x2e || c === 0x2d) && k > s && k + 1 < e && isLetter(text.charCodeAt(k + 1))) mark = true;
    }
    if (letter && mark) out.push(s, e);
  }
  return out;
}

/** Offsets q inside the code-like runs where a URL break may go (between text[q-1] and text[q]). */
export function urlBreakOffsets(text: string, runs: readonly number[] = codeRuns(text)): number[] {
  const out: number[] = [];
  for (let r = 0; r < runs.length; r += 2) {
    const s = runs[r]!;
    const e = runs[r + 1]!;
    // At least two characters on each side: a lone '/' or 'h' at a line edge reads as a stray mark.
    for (let q = s + 2; q <= e - 2; q++) {
      const a = text.charCodeAt(q - 1);
      const b = text.charCodeAt(q);
      let ok = false;
      if (a === 0x2f) ok = b !== 0x2f; // after '/', also after '://', never between the slashes
      else if (b === 0x2e) ok = a !== 0x2e && !(isDigit(a) && isDigit(text.charCodeAt(q + 1))); // before '.', not inside 38.8
      else if (BREAK_AFTER.has(a)) ok = !BREAK_AFTER.has(b) && b !== 0x2e && b !== 0x2f;
      else if (b === 0x40) ok = a !== 0x40; // before '@'
      // '://' stays whole: nothing above breaks between ':' and '/'.
      if (ok && a === 0x3a) ok = false;
      if (ok) out.push(q);
    }
  }
  return out;
}

/**
 * Splits Latin atoms so that every offset (sorted) that falls inside one becomes an atom boundary.
 * An offset inside a ligature glyph or a non-Latin atom is left alone.
 */
export function splitAtomsAt(atoms: Atom[], offsets: readonly number[]): Atom[] {
  if (offsets.length === 0) return atoms;
  const out: Atom[] = [];
  let o = 0;
  for (const a of atoms) {
    while (o < offsets.length && offsets[o]! <= a.start) o++;
    if (a.kind !== 'latin' || o >= offsets.length || offsets[o]! >= a.end) {
      out.push(a);
      continue;
    }
    // Glyph indices where a piece starts.
    const cuts: number[] = [];
    let at = a.start;
    for (let g = 0; g < a.glyphs.length; g++) {
      while (o < offsets.length && offsets[o]! < at) o++;
      if (g > 0 && o < offsets.length && offsets[o] === at) cuts.push(g);
      at += a.glyphs[g]!.text.length;
    }
    while (o < offsets.length && offsets[o]! < a.end) o++;
    if (cuts.length === 0) {
      out.push(a);
      continue;
    }
    cuts.push(a.glyphs.length);
    let from = 0;
    let charFrom = a.start;
    for (let c = 0; c < cuts.length; c++) {
      const to = cuts[c]!;
      const x0 = a.glyphs[from]!.dx;
      const lastPiece = to === a.glyphs.length;
      let chars = 0;
      for (let g = from; g < to; g++) chars += a.glyphs[g]!.text.length;
      const piece: Atom = {
        kind: 'latin', start: charFrom, end: charFrom + chars, text: a.text.slice(charFrom - a.start, charFrom - a.start + chars),
        // The last piece keeps the atom's tracking; the others end where the next glyph starts.
        width: lastPiece ? a.width - x0 : a.glyphs[to]!.dx - x0,
        adjLeft: 0, adjRight: 0, shrinkGroup: null, noStart: false, noEnd: false, countsAsText: true,
        leftSide: from === 0 ? a.leftSide : 'letter', rightSide: lastPiece ? a.rightSide : 'letter',
        glyphs: a.glyphs.slice(from, to).map((g) => ({ ...g, dx: g.dx - x0 })),
      };
      if (a.run !== undefined) piece.run = a.run;
      out.push(piece);
      from = to;
      charFrom += chars;
    }
  }
  return out;
}

/** Sets the boundaries at these offsets breakable with the given class (where no ordinary break is). */
function markBreaks(p: PreparedParagraph, offsets: ReadonlySet<number>, cls: number): void {
  const atoms = p.atoms;
  for (let k = 1; k < atoms.length; k++) {
    const b = atoms[k]!;
    if (!offsets.has(b.start) || p.breakable[k] === 1) continue;
    if (b.kind === 'space' || b.kind === 'newline' || atoms[k - 1]!.kind === 'newline') continue;
    p.breakable[k] = 1;
    p.breakClass[k] = cls;
  }
}

/** Clears the ordinary breaks strictly inside the code-like runs: a URL breaks only at its URL breaks. */
function clearInsideRuns(p: PreparedParagraph, runs: readonly number[]): void {
  if (runs.length === 0) return;
  let r = 0;
  for (let k = 1; k < p.atoms.length; k++) {
    const at = p.atoms[k]!.start;
    while (r < runs.length && runs[r + 1]! <= at) r += 2;
    if (r < runs.length && runs[r]! < at && p.breakClass[k] === BREAK_NORMAL) p.breakable[k] = 0;
  }
}

/** Whether an emergency break may go at boundary k: not before a closing or stop mark, not after an opening one. */
function emergencyAllowed(p: PreparedParagraph, k: number): boolean {
  const a = p.atoms[k - 1]!;
  const b = p.atoms[k]!;
  if (b.kind === 'space' || b.kind === 'newline' || a.kind === 'newline' || a.kind === 'open') return false;
  return !(b.kind === 'stop' || b.kind === 'qe' || b.kind === 'close');
}

export interface BreakPrepareOptions extends WidthOptions {
  /** Measure, em. */
  measure: number;
  firstLineIndent: number;
}

/**
 * prepare() plus the keep-together spans and the costly break opportunities of long Latin runs.
 * `keep`: flat start, end pairs (keepSpans). Returns the prepared paragraph (its atoms may be the
 * input's Latin atoms split at break points).
 */
export function prepareForBreaking(text: string, atoms: Atom[], o: BreakPrepareOptions, keep: readonly number[]): PreparedParagraph {
  const runs = codeRuns(text);
  const url = runs.length > 0 ? urlBreakOffsets(text, runs) : [];
  const urlSet = new Set(url);
  const build = (as: Atom[], split: ReadonlySet<number>): PreparedParagraph => {
    const p = prepare(as, o);
    // Two pieces of one split Latin atom are no ordinary break: only the classes below make them one.
    if (split.size > 0) for (let k = 1; k < as.length; k++) if (split.has(as[k]!.start) && as[k]!.kind === 'latin' && as[k - 1]!.kind === 'latin' && as[k - 1]!.end === as[k]!.start) p.breakable[k] = 0;
    if (runs.length > 0) {
      clearInsideRuns(p, runs);
      markBreaks(p, urlSet, BREAK_URL);
    }
    // Keep-together units stay whole: their spans clear URL breaks too.
    applyKeepSpans(p, keep);
    return p;
  };
  let p = build(url.length > 0 ? splitAtomsAt(atoms, url) : atoms, urlSet);

  // Groups of atoms with no break between them that are wider than any line could hold.
  const n = p.atoms.length;
  const wide: number[] = [];
  let g0 = 0;
  for (let k = 1; k <= n; k++) {
    if (k < n && p.breakable[k] !== 1 && p.atoms[k]!.kind !== 'newline' && p.atoms[k - 1]!.kind !== 'newline') continue;
    const indent = g0 === 0 ? o.firstLineIndent : 0;
    if (naturalWidth(p, g0, k, indent) - shrinkable(p, g0, k) > o.measure + 1e-9) wide.push(g0, k);
    g0 = k;
  }
  if (wide.length === 0) return p;

  // Every character boundary inside those groups: atom boundaries and the glyph boundaries of Latin atoms.
  const offsets: number[] = [];
  for (let w = 0; w < wide.length; w += 2) {
    for (let k = wide[w]!; k < wide[w + 1]!; k++) {
      const a = p.atoms[k]!;
      if (k > wide[w]!) offsets.push(a.start);
      if (a.kind === 'latin') {
        let at = a.start;
        for (let g = 0; g + 1 < a.glyphs.length; g++) {
          at += a.glyphs[g]!.text.length;
          offsets.push(at);
        }
      }
    }
  }
  // '://' stays whole even here.
  const emergency = new Set(offsets.filter((q) => !(text.startsWith('://', q - 1) || text.startsWith('://', q - 2))));
  p = build(splitAtomsAt(p.atoms, [...emergency].sort((a, b) => a - b)), new Set([...urlSet, ...emergency]));
  for (let k = 1; k < p.atoms.length; k++) {
    if (p.breakable[k] === 1 || !emergency.has(p.atoms[k]!.start) || !emergencyAllowed(p, k)) continue;
    p.breakable[k] = 1;
    p.breakClass[k] = p.atoms[k - 1]!.kind === 'space' ? BREAK_UNIT_SPACE : BREAK_EMERGENCY;
  }
  return p;
}
