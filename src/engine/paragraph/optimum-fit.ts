// Optimum-fit line breaking (issue 10): the breaks of a paragraph are chosen together, as a
// shortest path over the legal break opportunities (Knuth–Plass style, one node per boundary),
// so that the sum of the lines' demerits is least. The 避头尾 rules and keep-together units are
// hard constraints (they are already cleared from p.breakable); push-in (a line wider than the
// measure that compresses its punctuation to fit) and push-out (an earlier break, stretched) are
// simply candidate lines. Each line's stretch and shrink are computed exactly as justify.ts will
// set them, so a line the DP counts as loose is one the composition report counts as loose.
//
// The cost is ordered: a forced or overfull line (only when a start has no line that fits) ≫ a
// 孤字 last line (§4.2) and loose lines (more than 0.25 em per gap, §3.5) ≫ a break between two
// characters of a word wider than the measure ≫ a break inside a URL or path (long-latin.ts) ≫ the
// lines' badness.
// A 孤字 weighs one and a half loose lines: like greedy, which pulls text down to the last line
// even when that leaves the line before it loose (§7 LB-18, LB-25), a loose line is accepted to
// avoid a 孤字, but not two. Every breaking the greedy breaker produces without a forced break is
// a candidate, so the optimum has no more loose lines than greedy unless it avoids a 孤字 greedy
// left (then at most one more). A paragraph never comes out longer than greedy sets it unless the
// extra line removes a loose line or a 孤字 (copyfitting counts lines). Justified paragraphs only:
// compose.ts breaks other alignments greedily. Pure; the inner loop allocates nothing.

import { FLAG_COUNTS_AS_TEXT, isHangable, KIND_LATIN, KIND_NEWLINE, KIND_OPEN, KIND_SPACE, KIND_SYMBOL, SHRINK_BRACKET, SHRINK_NONE } from './atoms';
import { breakLines, type BreakOptions, type LineSpan } from './break';
import { BREAK_EMERGENCY, BREAK_UNIT_SPACE, BREAK_URL } from './long-latin';
import type { PreparedParagraph } from './widths';

/** Per-gap stretch a justified line may take before it is loose (§3.5), em. */
export const ALLOWED_GAP_STRETCH = 0.25;

const EPS = 1e-9;

// Cost weights. A line's own demerits are at most (LINE_PENALTY + MAX_BADNESS)² + hyphenless ≈ 1e6,
// so a paragraph's badness never outweighs a loose line, nor loose lines a forced one.
const LINE_PENALTY = 10;
/** Every line costs this on top, so a paragraph takes an extra line only for a clearly better set of lines. */
const LINE_DEMERITS = 500;
/** The per-line cost when the paragraph must not come out longer than greedy sets it: above any
 *  paragraph's sum of badness, below a loose line. */
const COPYFIT_LINE_DEMERITS = 1e7;
let perLineDemerits = LINE_DEMERITS;
const MAX_BADNESS = 1000;
/** Badness of compressing a line by 1 em (it grows with the square of the em taken): compressing
 *  punctuation is the ordinary Chinese way to fit a line (§3.2), so half an em pushed in beats a
 *  push-out at 0.57 of the allowed stretch (§7 LB-02), while a whole em loses to 0.4 of it (LB-33). */
const SHRINK_BADNESS_PER_EM2 = 25;
const STRETCH_BADNESS = 100;
/** Breaking between two Latin pieces with no space (inside a URL, handle or code): no hyphen is set. */
const HYPHENLESS_DEMERITS = 3000;
/** A break inside a URL or path (long-latin.ts): above any line's badness, so it is taken only to
 *  avoid a loose line or an overfull one, never to even out ordinary spacing. */
const URL_BREAK_DEMERITS = 5e6;
/** A break between two characters of a word wider than the measure: far above a URL break, below a
 *  loose line — the word must break somewhere anyway, and a line of its pieces has no gap to justify. */
const EMERGENCY_BREAK_DEMERITS = 1e11;
const LOOSE_DEMERITS = 1e12;
/** Among breakings with as many loose lines, the one whose loose lines stretch least (by the square
 *  of the stretch against the allowed, capped at 100): far below a loose line, above the rest. */
const LOOSE_STRETCH_DEMERITS = 1e5;
const LOOSE_STRETCH_CAP = 100;
const SHORT_LAST_DEMERITS = 1.5 * LOOSE_DEMERITS;
const OVERFULL_DEMERITS = 1e14;
const FORCED_DEMERITS = 1e15;

function isLatinSide(kind: number): boolean {
  return kind === KIND_LATIN || kind === KIND_SYMBOL;
}

/** Prefix sums of a paragraph, built once per breaking. */
interface Sums {
  /** Index of the last atom before boundary k that is not a space or newline, or -1. */
  lastVis: Int32Array;
  width: Float64Array;
  gap: Float64Array;
  /** What §3.2 may take: spaces down to 0.25 em, the adjustable halves still present, half of each CJK–Latin space. */
  shrink: Float64Array;
  spaceCap: Float64Array;
  spaces: Float64Array;
  cjkCap: Float64Array;
  stretchGaps: Float64Array;
  text: Float64Array;
  /** First space atom at or after atom k (n when none). */
  nextSpace: Int32Array;
  /** Breakable boundaries before boundary k. */
  breaks: Int32Array;
}

/** Scratch prefix sums, grown to the longest paragraph seen: a breaking reads them only while it runs. */
let scratch: Sums & { cost: Float64Array; prev: Int32Array; flags: Uint8Array } = scratchOf(256);

function scratchOf(size: number): typeof scratch {
  return {
    lastVis: new Int32Array(size),
    width: new Float64Array(size),
    gap: new Float64Array(size),
    shrink: new Float64Array(size),
    spaceCap: new Float64Array(size),
    spaces: new Float64Array(size),
    cjkCap: new Float64Array(size),
    stretchGaps: new Float64Array(size),
    text: new Float64Array(size),
    nextSpace: new Int32Array(size),
    breaks: new Int32Array(size),
    cost: new Float64Array(size),
    prev: new Int32Array(size),
    flags: new Uint8Array(size),
  };
}

function sumsOf(p: PreparedParagraph): typeof scratch {
  const n = p.atoms.length;
  if (scratch.width.length < n + 1) scratch = scratchOf(Math.max(n + 1, scratch.width.length * 2));
  const s = scratch;
  const { kind, shrinkGroup, flags, width: atomWidth } = p.atoms;
  s.lastVis[0] = -1;
  s.breaks[0] = 0;
  for (let k = 0; k < n; k++) {
    const w = p.width[k]!;
    const g = k > 0 ? p.gap[k]! : 0;
    const isSpace = kind[k] === KIND_SPACE;
    s.lastVis[k + 1] = isSpace || kind[k] === KIND_NEWLINE ? s.lastVis[k]! : k;
    s.width[k + 1] = s.width[k]! + w;
    s.gap[k + 1] = s.gap[k]! + g;
    let sh = isSpace ? Math.max(0, w - 0.25) : 0;
    if (shrinkGroup[k] === SHRINK_BRACKET) sh += p.remLeft[k]! + p.remRight[k]!;
    else if (shrinkGroup[k] !== SHRINK_NONE) sh += p.remRight[k]!;
    s.shrink[k + 1] = s.shrink[k]! + sh + g / 2;
    s.spaceCap[k + 1] = s.spaceCap[k]! + (isSpace ? Math.max(0, 0.5 - w) : 0);
    s.spaces[k + 1] = s.spaces[k]! + (isSpace ? 1 : 0);
    s.cjkCap[k + 1] = s.cjkCap[k]! + (g > 0 ? Math.max(0, 1 / 3 - g) : 0);
    s.stretchGaps[k + 1] = s.stretchGaps[k]! + (k > 0 && p.stretchable[k] ? 1 : 0);
    s.text[k + 1] = s.text[k]! + (flags[k]! & FLAG_COUNTS_AS_TEXT ? atomWidth[k]! : 0);
    s.breaks[k + 1] = s.breaks[k]! + (p.breakable[k] === 1 ? 1 : 0);
  }
  s.nextSpace[n] = n;
  for (let k = n - 1; k >= 0; k--) s.nextSpace[k] = kind[k] === KIND_SPACE ? k : s.nextSpace[k + 1]!;
  return s;
}

/** Line [i, end) measured as justify.ts sets it. Results in the module's scratch fields (no allocation). */
let mNatural = 0;
let mShrink = 0;
let mLast = -1;
/** What lineDemerits found: the line is loose; it is a 孤字 last line. */
let mLoose = false;
let mShortLast = false;

function measureLine(p: PreparedParagraph, s: Sums, i: number, end: number, indent: number): void {
  const last = s.lastVis[end]!;
  mLast = last;
  if (last < i) {
    mNatural = indent;
    mShrink = 0;
    return;
  }
  const startTrim = p.opts.openingAtLineStart === 'half' && p.atoms.kind[i] === KIND_OPEN ? p.remLeft[i]! : 0;
  const endTrim = p.remRight[last]!;
  mNatural = indent + s.width[last + 1]! - s.width[i]! + s.gap[last + 1]! - s.gap[i + 1]! - startTrim - endTrim;
  // The first atom's gap is not set; its trimmed half and the last atom's end half are gone already.
  let shrink = s.shrink[last + 1]! - s.shrink[i]! - (i > 0 ? p.gap[i]! / 2 : 0);
  if (p.atoms.shrinkGroup[i] === SHRINK_BRACKET) shrink -= startTrim;
  if (p.atoms.shrinkGroup[last] !== SHRINK_NONE) shrink -= endTrim;
  mShrink = Math.max(0, shrink);
}

/**
 * The breaks of one paragraph that minimise its demerits. Same result shape as breakLines, so
 * justification and placement do not change.
 */
export function breakLinesOptimum(p: PreparedParagraph, o: BreakOptions, search: Search = 'pruned'): LineSpan[] {
  const n = p.atoms.length;
  if (n === 0) return [];
  const s = sumsOf(p);
  const cost = s.cost;
  const prev = s.prev;
  // Bit 0: the line ending here hangs its mark; bit 1: forced; bit 2: overfull.
  const flags = s.flags;
  flags.fill(0, 0, n + 1);
  const best = solve(p, s, o, LINE_DEMERITS, cost, prev, flags, search);
  // Copyfitting: a paragraph the optimum sets longer than greedy does must buy fewer loose lines or
  // 孤字 with the extra line; otherwise the line count weighs above every other badness.
  const greedy = breakLines(p, o);
  if (best.length <= greedy.length || faultsOf(p, s, o, best) < faultsOf(p, s, o, greedy)) return best;
  return solve(p, s, o, COPYFIT_LINE_DEMERITS, cost, prev, flags, search);
}

/**
 * 'pruned' first breaks each segment without the loose candidate lines (most of a CJK start's
 * candidates: lines far too short); when the best breaking found costs less than one loose line,
 * no breaking with a loose line can beat it, so it is the optimum. Otherwise (a loose line, a 孤字
 * or a forced line was needed) the segment is broken again over every candidate, as 'exhaustive' does.
 */
export type Search = 'pruned' | 'exhaustive';

function solve(p: PreparedParagraph, s: Sums, o: BreakOptions, perLine: number, cost: Float64Array, prev: Int32Array, flags: Uint8Array, search: Search): LineSpan[] {
  const n = p.atoms.length;
  perLineDemerits = perLine;
  const lines: LineSpan[] = [];
  let segStart = 0;
  while (segStart < n) {
    let segEnd = segStart;
    while (segEnd < n && p.atoms.kind[segEnd] !== KIND_NEWLINE) segEnd++;
    if (segEnd < n) segEnd++; // the manual break ends the segment's last line
    if (search === 'exhaustive') breakSegment(p, s, o, segStart, segEnd, cost, prev, flags, false);
    else {
      breakSegment(p, s, o, segStart, segEnd, cost, prev, flags, true);
      if (!(cost[segEnd]! < LOOSE_DEMERITS)) breakSegment(p, s, o, segStart, segEnd, cost, prev, flags, false);
    }
    const first = lines.length;
    for (let k = segEnd; k > segStart; k = prev[k]!) {
      const i = prev[k]!;
      const f = flags[k]!;
      lines.push({
        start: i,
        end: k,
        last: k === segEnd,
        indent: i === 0 ? o.firstLineIndent : 0,
        forced: (f & 2) !== 0,
        overfull: (f & 4) !== 0,
        hangs: (f & 1) !== 0,
      });
    }
    reverseFrom(lines, first);
    segStart = segEnd;
  }
  return lines;
}

/** Loose lines, 孤字 (weighted as in the demerits) and forced or overfull lines of a breaking. */
function faultsOf(p: PreparedParagraph, s: Sums, o: BreakOptions, lines: readonly LineSpan[]): number {
  let faults = 0;
  let segStart = 0;
  for (const l of lines) {
    if (l.forced || l.overfull) faults += FORCED_DEMERITS / LOOSE_DEMERITS;
    else {
      measureLine(p, s, l.start, l.end, l.indent);
      const last = mLast;
      const hangW = l.hangs && last >= l.start ? p.width[last]! - p.remRight[last]! : 0;
      const segEnd = l.last ? l.end : -1;
      lineDemerits(p, s, o, l.start, l.end, last, mNatural - hangW, mShrink, l.last, segStart, l.last ? s.text[segEnd]! - s.text[segStart]! : 0);
      if (mLoose) faults += 1;
      if (mShortLast) faults += SHORT_LAST_DEMERITS / LOOSE_DEMERITS;
    }
    if (l.last) segStart = l.end;
  }
  return faults;
}

function reverseFrom<T>(xs: T[], from: number): void {
  for (let a = from, b = xs.length - 1; a < b; a++, b--) {
    const t = xs[a]!;
    xs[a] = xs[b]!;
    xs[b] = t;
  }
}

function breakSegment(
  p: PreparedParagraph, s: Sums, o: BreakOptions, segStart: number, segEnd: number,
  cost: Float64Array, prev: Int32Array, flags: Uint8Array, skipLoose: boolean,
): void {
  const W = o.width + EPS;
  for (let k = segStart; k <= segEnd; k++) cost[k] = Infinity;
  flags.fill(0, segStart, segEnd + 1);
  cost[segStart] = 0;
  const segText = s.text[segEnd]! - s.text[segStart]!;
  // The hot loop reads typed arrays only (measureLine inlined): natural width and compression of
  // [i, k) from the prefix sums, less the line-start and line-end halves.
  const { lastVis, width: sw, gap: sg, shrink: sh } = s;
  const breakable = p.breakable;
  const remLeft = p.remLeft;
  const remRight = p.remRight;
  const halfOpen = p.opts.openingAtLineStart === 'half';
  const { kind, shrinkGroup } = p.atoms;
  for (let i = segStart; i < segEnd; i++) {
    const base = cost[i]!;
    if (base === Infinity) continue;
    const indent = i === 0 ? o.firstLineIndent : 0;
    const startTrim = halfOpen && kind[i] === KIND_OPEN ? remLeft[i]! : 0;
    const w0 = indent - sw[i]! - sg[i + 1]! - startTrim;
    const s0 = sh[i]! + (i > 0 ? p.gap[i]! / 2 : 0) + (shrinkGroup[i] === SHRINK_BRACKET ? startTrim : 0);
    let found = false;
    let kFrom = i + 1;
    if (skipLoose) {
      // Without a space, a line from i is only less loose the longer it gets (more gaps to share
      // less missing width), so its loose beginnings, which the pruned search skips, are found by
      // bisection instead of one by one. They all fit, so a breakable one among them counts as found.
      const hi = Math.min(segEnd - 1, s.nextSpace[i]!);
      let top = hi + 1;
      while (kFrom < top) {
        const mid = (kFrom + top) >>> 1;
        if (looseLineTo(p, s, o, i, mid, w0, indent)) kFrom = mid + 1;
        else top = mid;
      }
      if (s.breaks[kFrom]! - s.breaks[i + 1]! > 0) found = true;
    }
    for (let k = kFrom; k <= segEnd; k++) {
      const isEnd = k === segEnd;
      const last = lastVis[k]!;
      let natural = indent;
      let shrink = 0;
      if (last >= i) {
        // Only marks have a right half left, and every mark is in a shrink group.
        const endTrim = remRight[last]!;
        natural = w0 + sw[last + 1]! + sg[last + 1]! - endTrim;
        shrink = sh[last + 1]! - s0 - endTrim;
        if (shrink < 0) shrink = 0;
      }
      // Stop once no compression can bring the line back.
      if (natural - shrink - 1.5 > W) break;
      if (!isEnd && breakable[k] !== 1) continue;
      let hangW = 0;
      if (natural - shrink > W) {
        // §2.5: a 、，。 that may not start the next line hangs past the measure when the rest fits.
        if (!(o.hanging && last === k - 1 && last > i && isHangable(p.atoms, last) && shrinkGroup[last - 1] === SHRINK_NONE)) continue;
        measureLine(p, s, i, last, indent);
        if (mNatural > W) continue;
        hangW = p.width[last]! - remRight[last]!;
      }
      found = true;
      if (skipLoose && !isEnd && isLoose(s, o, i, last, natural - hangW)) continue;
      const d = lineDemerits(p, s, o, i, k, last, natural - hangW, shrink, isEnd, segStart, segText);
      const c = base + d;
      if (c < cost[k]!) {
        cost[k] = c;
        prev[k] = i;
        flags[k] = hangW > 0 ? 1 : 0;
      }
    }
    if (!found) fallback(p, s, o, i, segEnd, indent, base, cost, prev, flags);
  }
}

/** The loose test of lineDemerits without the rest of its work: the line from atom i to its last
 *  visible atom `last`, of natural width `natural` (hanging mark excluded). */
function isLoose(s: Sums, o: BreakOptions, i: number, last: number, natural: number): boolean {
  const diff = o.width - natural;
  if (!(diff > EPS)) return false;
  if (last <= i) return true;
  const rest = diff - (s.spaceCap[last + 1]! - s.spaceCap[i]!) - (s.cjkCap[last + 1]! - s.cjkCap[i + 1]!);
  const gaps = s.stretchGaps[last + 1]! - s.stretchGaps[i + 1]!;
  return rest > EPS && (gaps > 0 ? rest / gaps > ALLOWED_GAP_STRETCH + EPS : s.spaces[last + 1]! - s.spaces[i]! === 0);
}

/** isLoose for the line [i, k), measured as breakSegment measures it. */
function looseLineTo(p: PreparedParagraph, s: Sums, o: BreakOptions, i: number, k: number, w0: number, indent: number): boolean {
  const last = s.lastVis[k]!;
  return isLoose(s, o, i, last, last >= i ? w0 + s.width[last + 1]! + s.gap[last + 1]! - p.remRight[last]! : indent);
}

/** Demerits of the line [i, k) whose natural width (hanging mark excluded) is `natural`. */
function lineDemerits(
  p: PreparedParagraph, s: Sums, o: BreakOptions, i: number, k: number, last: number,
  natural: number, shrink: number, isEnd: boolean, segStart: number, segText: number,
): number {
  const diff = o.width - natural;
  let badness = 0;
  let loose = false;
  let looseStretch = 0;
  if (diff < -EPS) {
    // Push-in: the line is compressed by §3.2 (also a last line: justify shrinks it whatever the alignment).
    badness = SHRINK_BADNESS_PER_EM2 * diff * diff;
  } else if (!isEnd && diff > EPS && last > i) {
    // §3.3: word spaces to 0.5 em, CJK–Latin spaces to 1/3 em, then equal shares in the eligible gaps.
    const spaceCap = s.spaceCap[last + 1]! - s.spaceCap[i]!;
    const cjkCap = s.cjkCap[last + 1]! - s.cjkCap[i + 1]!;
    const gaps = s.stretchGaps[last + 1]! - s.stretchGaps[i + 1]!;
    const rest = diff - spaceCap - cjkCap;
    if (rest > EPS) {
      if (gaps > 0) {
        loose = rest / gaps > ALLOWED_GAP_STRETCH + EPS;
        looseStretch = rest / gaps / ALLOWED_GAP_STRETCH;
      } else if (s.spaces[last + 1]! - s.spaces[i]! === 0) {
        loose = true;
        looseStretch = rest / ALLOWED_GAP_STRETCH;
      }
    }
    const comfortable = spaceCap + cjkCap + ALLOWED_GAP_STRETCH * gaps;
    const r = comfortable > 0 ? diff / comfortable : 10;
    badness = STRETCH_BADNESS * r * r * r;
  } else if (!isEnd && diff > EPS) {
    loose = true; // nothing on the line to put space into
    looseStretch = diff / ALLOWED_GAP_STRETCH;
    badness = MAX_BADNESS;
  }
  if (badness > MAX_BADNESS) badness = MAX_BADNESS;
  let d = (LINE_PENALTY + badness) * (LINE_PENALTY + badness) + perLineDemerits;
  mLoose = loose;
  mShortLast = false;
  if (loose) {
    const r = looseStretch < LOOSE_STRETCH_CAP ? looseStretch : LOOSE_STRETCH_CAP;
    d += LOOSE_DEMERITS + LOOSE_STRETCH_DEMERITS * r * r;
  }
  if (!isEnd && isLatinSide(p.atoms.kind[k - 1]!) && isLatinSide(p.atoms.kind[k]!)) d += HYPHENLESS_DEMERITS;
  if (!isEnd) {
    const cls = p.breakClass[k]!;
    if (cls === BREAK_URL || cls === BREAK_UNIT_SPACE) d += URL_BREAK_DEMERITS;
    else if (cls === BREAK_EMERGENCY) d += EMERGENCY_BREAK_DEMERITS;
  }
  if (isEnd && i > segStart && s.text[k]! - s.text[i]! < o.lastLineMinEm - EPS && segText >= o.lastLineMinEm) {
    d += SHORT_LAST_DEMERITS;
    mShortLast = true;
  }
  return d;
}

/** A start with no line that fits: what greedy does (§1.6 step 5), at a cost above any other line. */
function fallback(
  p: PreparedParagraph, s: Sums, o: BreakOptions, i: number, segEnd: number, indent: number, base: number,
  cost: Float64Array, prev: Int32Array, flags: Uint8Array,
): void {
  const W = o.width + EPS;
  let j = i;
  for (let k = i + 1; k <= segEnd; k++) {
    measureLine(p, s, i, k, indent);
    if (mNatural <= W) j = k;
    else if (mNatural - 1.5 > W) break;
  }
  let end = -1;
  for (let k = Math.max(j, i + 1); k <= segEnd; k++) {
    if (k === segEnd || p.breakable[k] === 1) {
      end = k;
      break;
    }
  }
  let forced = false;
  if (end < 0 || end - i > Math.max(1, j - i) + 3) {
    end = Math.max(j, i + 1);
    while (end < segEnd && p.atoms.kind[end] === KIND_SPACE) end++;
    forced = end < segEnd && p.breakable[end] !== 1;
  }
  measureLine(p, s, i, end, indent);
  const overfull = mNatural - mShrink > W;
  const c = base + (forced ? FORCED_DEMERITS : 0) + (overfull ? OVERFULL_DEMERITS : 0) + LINE_PENALTY * LINE_PENALTY;
  if (c < cost[end]!) {
    cost[end] = c;
    prev[end] = i;
    flags[end] = (forced ? 2 : 0) | (overfull ? 4 : 0);
  }
}
