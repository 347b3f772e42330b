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

import { AtomList, FLAG_COUNTS_AS_TEXT, KIND_CLOSE, KIND_LATIN, KIND_NEWLINE, KIND_OPEN, KIND_QE, KIND_SPACE, KIND_STOP, SHRINK_NONE, SIDE_LETTER } from './atoms';
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
 * An offset inside a ligature glyph or a non-Latin atom is left alone. Returns a new list (the
 * input unchanged) when something was split.
 */
export function splitAtomsAt(atoms: AtomList, offsets: readonly number[]): AtomList {
  if (offsets.length === 0) return atoms;
  const { kind, start, end, glyphStart, glyphEnd, glyphText, dx } = atoms;
  const n = atoms.length;
  let out: AtomList | null = null;
  // Atoms before `copied` not yet appended to `out` (nothing was split before them).
  let copied = 0;
  let o = 0;
  // Glyph indices where a piece starts (scratch, per atom).
  const cuts: number[] = [];
  for (let k = 0; k < n; k++) {
    const a0 = start[k]!;
    const a1 = end[k]!;
    while (o < offsets.length && offsets[o]! <= a0) o++;
    if (kind[k] !== KIND_LATIN || o >= offsets.length || offsets[o]! >= a1) continue;
    const g0 = glyphStart[k]!;
    const g1 = glyphEnd[k]!;
    cuts.length = 0;
    let at = a0;
    for (let g = g0; g < g1; g++) {
      while (o < offsets.length && offsets[o]! < at) o++;
      if (g > g0 && o < offsets.length && offsets[o] === at) cuts.push(g);
      at += glyphText[g]!.length;
    }
    while (o < offsets.length && offsets[o]! < a1) o++;
    if (cuts.length === 0) continue;
    out ??= new AtomList(atoms.text, n + offsets.length, atoms.glyphCount);
    for (; copied < k; copied++) copyAtom(out, atoms, copied);
    copied = k + 1;
    cuts.push(g1);
    const width = atoms.width[k]!;
    let from = g0;
    let charFrom = a0;
    for (let c = 0; c < cuts.length; c++) {
      const to = cuts[c]!;
      const x0 = dx[from]!;
      const lastPiece = to === g1;
      const pieceGlyphs = out.glyphCount;
      let chars = 0;
      for (let g = from; g < to; g++) {
        chars += glyphText[g]!.length;
        out.addGlyph(atoms.gid[g]!, atoms.advance[g]!, dx[g]! - x0, glyphText[g]!);
      }
      // The last piece keeps the atom's tracking; the others end where the next glyph starts.
      out.add(
        KIND_LATIN, charFrom, charFrom + chars, lastPiece ? width - x0 : dx[to]! - x0, 0, 0, SHRINK_NONE, FLAG_COUNTS_AS_TEXT,
        from === g0 ? atoms.leftSide[k]! : SIDE_LETTER, lastPiece ? atoms.rightSide[k]! : SIDE_LETTER, atoms.run[k]!, pieceGlyphs,
      );
      from = to;
      charFrom += chars;
    }
  }
  if (out === null) return atoms;
  for (; copied < n; copied++) copyAtom(out, atoms, copied);
  return out;
}

/** Appends atom k of `src`, with its glyphs, to `out`. */
function copyAtom(out: AtomList, src: AtomList, k: number): void {
  const g0 = out.glyphCount;
  for (let g = src.glyphStart[k]!; g < src.glyphEnd[k]!; g++) out.addGlyph(src.gid[g]!, src.advance[g]!, src.dx[g]!, src.glyphText[g]!);
  out.add(
    src.kind[k]!, src.start[k]!, src.end[k]!, src.width[k]!, src.adjLeft[k]!, src.adjRight[k]!, src.shrinkGroup[k]!, src.flags[k]!,
    src.leftSide[k]!, src.rightSide[k]!, src.run[k]!, g0,
  );
}

/** Sets the boundaries at these offsets breakable with the given class (where no ordinary break is). */
function markBreaks(p: PreparedParagraph, offsets: ReadonlySet<number>, cls: number): void {
  const { kind, start } = p.atoms;
  for (let k = 1; k < p.atoms.length; k++) {
    if (!offsets.has(start[k]!) || p.breakable[k] === 1) continue;
    if (kind[k] === KIND_SPACE || kind[k] === KIND_NEWLINE || kind[k - 1] === KIND_NEWLINE) continue;
    p.breakable[k] = 1;
    p.breakClass[k] = cls;
  }
}

/** Clears the ordinary breaks strictly inside the code-like runs: a URL breaks only at its URL breaks. */
function clearInsideRuns(p: PreparedParagraph, runs: readonly number[]): void {
  if (runs.length === 0) return;
  const start = p.atoms.start;
  let r = 0;
  for (let k = 1; k < p.atoms.length; k++) {
    const at = start[k]!;
    while (r < runs.length && runs[r + 1]! <= at) r += 2;
    if (r < runs.length && runs[r]! < at && p.breakClass[k] === BREAK_NORMAL) p.breakable[k] = 0;
  }
}

/** Whether an emergency break may go at boundary k: not before a closing or stop mark, not after an opening one. */
function emergencyAllowed(p: PreparedParagraph, k: number): boolean {
  const a = p.atoms.kind[k - 1]!;
  const b = p.atoms.kind[k]!;
  if (b === KIND_SPACE || b === KIND_NEWLINE || a === KIND_NEWLINE || a === KIND_OPEN) return false;
  return !(b === KIND_STOP || b === KIND_QE || b === KIND_CLOSE);
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
export function prepareForBreaking(text: string, atoms: AtomList, o: BreakPrepareOptions, keep: readonly number[]): PreparedParagraph {
  const runs = codeRuns(text);
  const url = runs.length > 0 ? urlBreakOffsets(text, runs) : [];
  const urlSet = new Set(url);
  const build = (as: AtomList, split: ReadonlySet<number>): PreparedParagraph => {
    const p = prepare(as, o);
    // Two pieces of one split Latin atom are no ordinary break: only the classes below make them one.
    if (split.size > 0) {
      const { kind, start, end } = as;
      for (let k = 1; k < as.length; k++) if (split.has(start[k]!) && kind[k] === KIND_LATIN && kind[k - 1] === KIND_LATIN && end[k - 1] === start[k]) p.breakable[k] = 0;
    }
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
  const kind = p.atoms.kind;
  const wide: number[] = [];
  let g0 = 0;
  for (let k = 1; k <= n; k++) {
    if (k < n && p.breakable[k] !== 1 && kind[k] !== KIND_NEWLINE && kind[k - 1] !== KIND_NEWLINE) continue;
    const indent = g0 === 0 ? o.firstLineIndent : 0;
    if (naturalWidth(p, g0, k, indent) - shrinkable(p, g0, k) > o.measure + 1e-9) wide.push(g0, k);
    g0 = k;
  }
  if (wide.length === 0) return p;

  // Every character boundary inside those groups: atom boundaries and the glyph boundaries of Latin atoms.
  const offsets: number[] = [];
  const { start, glyphStart, glyphEnd, glyphText } = p.atoms;
  for (let w = 0; w < wide.length; w += 2) {
    for (let k = wide[w]!; k < wide[w + 1]!; k++) {
      if (k > wide[w]!) offsets.push(start[k]!);
      if (kind[k] === KIND_LATIN) {
        let at = start[k]!;
        for (let g = glyphStart[k]!; g + 1 < glyphEnd[k]!; g++) {
          at += glyphText[g]!.length;
          offsets.push(at);
        }
      }
    }
  }
  // '://' stays whole even here.
  const emergency = new Set(offsets.filter((q) => !(text.startsWith('://', q - 1) || text.startsWith('://', q - 2))));
  p = build(splitAtomsAt(p.atoms, [...emergency].sort((a, b) => a - b)), new Set([...urlSet, ...emergency]));
  for (let k = 1; k < p.atoms.length; k++) {
    if (p.breakable[k] === 1 || !emergency.has(p.atoms.start[k]!) || !emergencyAllowed(p, k)) continue;
    p.breakable[k] = 1;
    p.breakClass[k] = p.atoms.kind[k - 1] === KIND_SPACE ? BREAK_UNIT_SPACE : BREAK_EMERGENCY;
  }
  return p;
}
