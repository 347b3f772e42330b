// Greedy line breaking (typography.md §1.6), kept for comparison with optimum-fit.ts: push-in first then push-out, then the last-line
// rule of §4.2 (孤字). The costly breaks of long-latin.ts are fallbacks: inside a URL or path when the push-out
// would leave the line loose or nothing else fits, between two characters of a word wider than the measure last. Pure.

import { isHangable, KIND_NEWLINE, KIND_SPACE, SHRINK_NONE } from './atoms';
import { BREAK_EMERGENCY, BREAK_NORMAL, BREAK_UNIT_SPACE, BREAK_URL } from './long-latin';
import { lastVisible, naturalWidth, shrinkable, startTrim, textEm, type PreparedParagraph } from './widths';

/** §3.5, as optimum-fit.ts's ALLOWED_GAP_STRETCH (not imported: optimum-fit.ts imports this file). */
const LOOSE_GAP_STRETCH = 0.25;

/** Whole-paragraph optimum fit (optimum-fit.ts) or this file's line-at-a-time breaking. */
export type LineBreaking = 'optimum' | 'greedy';

export interface BreakOptions {
  /** Available line width, em. */
  width: number;
  /** First-line indent, em (fixed: never compressed or stretched). */
  firstLineIndent: number;
  /** §4.2: a paragraph's last line carries at least this many em of text. */
  lastLineMinEm: number;
  /** §2.5: one of 、，。 may hang past the line end. */
  hanging: boolean;
}

export interface LineSpan {
  /** Atom range [start, end). */
  start: number;
  end: number;
  /** Ends a paragraph or a manual line break: not justified. */
  last: boolean;
  /** Indent applied to this line, em. */
  indent: number;
  /** The break after this line violates a prohibition (no legal break existed). */
  forced: boolean;
  /** The line is wider than the measure even after shrinking. */
  overfull: boolean;
  /** A mark hangs past the measure (§2.5). */
  hangs: boolean;
}

/** An ordinary break opportunity (or the paragraph's end). */
function legalAt(p: PreparedParagraph, k: number, n: number): boolean {
  return k >= n || (p.breakable[k] === 1 && p.breakClass[k] === BREAK_NORMAL);
}

/** The last break of class `cls` (long-latin.ts) in (i, j], or -1. */
function lastOfClass(p: PreparedParagraph, i: number, j: number, cls: number): number {
  for (let k = Math.min(j, p.atoms.length - 1); k > i; k--) if (p.breakable[k] === 1 && p.breakClass[k] === cls) return k;
  return -1;
}

/** Whether [i, k) justified would put more than the allowed stretch into its gaps (as justify.ts sets it, §3.3). */
function looseLine(p: PreparedParagraph, i: number, k: number, indent: number, W: number): boolean {
  const last = lastVisible(p, i, k);
  if (last < i) return false;
  const diff = W - naturalWidth(p, i, k, indent);
  if (diff <= 1e-9) return false;
  let cap = 0;
  let gaps = 0;
  let spaces = 0;
  const kind = p.atoms.kind;
  for (let m = i; m <= last; m++) {
    if (kind[m] === KIND_SPACE) {
      cap += Math.max(0, 0.5 - p.width[m]!);
      spaces++;
    }
    if (m > i) {
      if (p.gap[m]! > 0) cap += Math.max(0, 1 / 3 - p.gap[m]!);
      if (p.stretchable[m]) gaps++;
    }
  }
  const rest = diff - cap;
  if (rest <= 1e-9) return false;
  return gaps > 0 ? rest / gaps > LOOSE_GAP_STRETCH + 1e-9 : spaces === 0;
}

export function breakLines(p: PreparedParagraph, o: BreakOptions): LineSpan[] {
  const n = p.atoms.length;
  const kind = p.atoms.kind;
  const lines: LineSpan[] = [];
  let i = 0;
  let segmentStart = 0;
  const W = o.width + 1e-9;
  while (i < n) {
    const indent = i === 0 ? o.firstLineIndent : 0;
    // Step 1: the largest end j with natural(i..j) ≤ W, stopping at a manual line break.
    let j = i;
    let newlineEnd = -1;
    let running = indent;
    // naturalWidth(p, i, k + 1, indent) for each k, summed as it goes (the same additions in the same
    // order, so the same numbers) instead of anew for every end: that made each line quadratic.
    const trim = startTrim(p, i);
    let sum = indent;
    let lastSeen = -1;
    let sumToLastSeen = indent;
    for (let k = i; k < n; k++) {
      if (kind[k] === KIND_NEWLINE) {
        if ((lastSeen < i ? indent : sumToLastSeen - trim - p.remRight[lastSeen]!) <= W) newlineEnd = k + 1;
        break;
      }
      running += p.width[k]! + (k > i ? p.gap[k]! : 0);
      if (running - 1.5 > W) break; // no trim can bring it back
      sum += p.width[k]!;
      if (k > i) sum += p.gap[k]!;
      if (kind[k] !== KIND_SPACE) {
        lastSeen = k;
        sumToLastSeen = sum;
      }
      if ((lastSeen < i ? indent : sumToLastSeen - trim - p.remRight[lastSeen]!) <= W) j = k + 1;
    }
    if (newlineEnd > 0 && j >= newlineEnd - 1) {
      lines.push({ start: i, end: newlineEnd, last: true, indent, forced: false, overfull: false, hangs: false });
      fixLastLine(p, lines, segmentStart, o);
      i = newlineEnd;
      segmentStart = lines.length;
      continue;
    }
    if (j >= n) {
      lines.push({ start: i, end: n, last: true, indent, forced: false, overfull: false, hangs: false });
      break;
    }
    let end = -1;
    let overfull = false;
    let hangs = false;
    if (j > i && legalAt(p, j, n)) end = j; // step 2
    if (end < 0 && o.hanging && j > i && isHangable(p.atoms, j) && p.atoms.shrinkGroup[j - 1] === SHRINK_NONE && legalAt(p, j + 1, n)) {
      end = j + 1;
      hangs = true;
    }
    if (end < 0 && j > i) {
      // Step 3, push-in: the next legal break at most two atoms further, if shrinking makes it fit.
      for (let k = j + 1; k <= Math.min(j + 2, n); k++) {
        if (!legalAt(p, k, n)) continue;
        if (naturalWidth(p, i, k, indent) - shrinkable(p, i, k) <= W) end = k;
        break;
      }
    }
    if (end < 0) {
      // Step 4, push-out: the previous legal break.
      for (let k = j - (j > i && !legalAt(p, j, n) ? 1 : 0); k > i; k--) {
        if (legalAt(p, k, n)) {
          end = k;
          break;
        }
      }
      // A URL or path that does not fit the rest of the line: break inside it rather than leave the
      // line loose or overfull (long-latin.ts); a word wider than the measure, between two characters.
      if (end < 0 || looseLine(p, i, end, indent, o.width)) {
        const url = Math.max(lastOfClass(p, i, j, BREAK_URL), lastOfClass(p, i, j, BREAK_UNIT_SPACE));
        if (url > end) end = url;
      }
      // A word wider than the measure breaks somewhere anyway: here rather than after a loose line.
      if (end < 0 || looseLine(p, i, end, indent, o.width)) {
        const cut = lastOfClass(p, i, j, BREAK_EMERGENCY);
        if (cut > end) end = cut;
      }
    }
    let forced = false;
    if (end < 0) {
      // Step 5: nothing legal fits; take the next legal break (an overfull line) or break anyway.
      for (let k = Math.max(j, i + 1); k <= n; k++) {
        if (legalAt(p, k, n) || (k < n && kind[k] === KIND_NEWLINE)) {
          end = k;
          break;
        }
      }
      if (end < 0 || end - i > Math.max(1, j - i) + 3) {
        end = Math.max(j, i + 1);
        forced = end < n && !legalAt(p, end, n);
      }
      overfull = naturalWidth(p, i, end, indent) - shrinkable(p, i, end) > W;
    }
    // Keep trailing spaces with the line they follow.
    while (end < n && kind[end] === KIND_SPACE) end++;
    lines.push({ start: i, end, last: end >= n, indent, forced, overfull, hangs });
    i = end;
  }
  if (lines.length > 0) fixLastLine(p, lines, segmentStart, o);
  return lines;
}

/** §4.2: pull atoms down from the previous line until the last line carries enough text. */
function fixLastLine(p: PreparedParagraph, lines: LineSpan[], segmentStart: number, o: BreakOptions): void {
  if (lines.length - segmentStart < 2) return;
  const last = lines[lines.length - 1]!;
  const prev = lines[lines.length - 2]!;
  if (textEm(p, last.start, last.end) >= o.lastLineMinEm - 1e-9) return;
  const n = p.atoms.length;
  let best = -1;
  for (let b = last.start - 1; b > prev.start; b--) {
    if (!legalAt(p, b, n) || p.atoms.kind[b] === KIND_SPACE) continue;
    if (naturalWidth(p, b, last.end, 0) > o.width + 1e-9) break;
    best = b;
    if (textEm(p, b, last.end) >= o.lastLineMinEm - 1e-9) break;
  }
  if (best < 0 || textEm(p, best, last.end) < o.lastLineMinEm - 1e-9) return;
  prev.end = best;
  prev.last = false;
  prev.forced = false;
  prev.hangs = false;
  last.start = best;
}
