// Justification (typography.md §3): shrink first in the order of §3.2, then stretch in the order
// of §3.3; start, centre, end and distributed (均排, §4.6) alignment. Positions are in em from
// the start of the measure. Pure.

import { KIND_SPACE, SHRINK_BRACKET, SHRINK_COMMA, SHRINK_PERIOD } from './atoms';
import type { LineSpan } from './break';
import { endTrim, lastVisible, naturalWidth, startTrim, type PreparedParagraph } from './widths';

export type Alignment = 'justify' | 'start' | 'center' | 'end' | 'distribute';

export interface PlacedAtom {
  atom: number;
  /** x of the glyph origin of the untrimmed box, em (add each glyph's dx). */
  x: number;
  /** Width of the box as set, em. */
  w: number;
}

export interface JustifiedLine {
  placed: PlacedAtom[];
  /** Set width, em (from the start of the measure to the end of the last visible atom). */
  width: number;
  natural: number;
  /** Extra space put into each eligible gap by §3.3 step 3, em. */
  gapStretch: number;
  /** Justification could not reach the measure (no place to put space or not enough shrink). */
  unjustified: boolean;
  /** Space a justified line could not take (em; 0 unless unjustified for want of gaps). */
  unfilled: number;
}

interface Adjustable {
  /** Atom index, or boundary index for gaps. */
  index: number;
  side: 'left' | 'right' | 'gap' | 'space';
  capacity: number;
}

export let placedX = new Float64Array(64);
export let placedW = new Float64Array(64);
let scratchCutL = new Float64Array(64);
let scratchCutR = new Float64Array(64);
let scratchGaps = new Float64Array(64);
let scratchSpaceW = new Float64Array(64);

function growScratch(size: number): void {
  const n = Math.max(size, scratchCutL.length * 2);
  scratchCutL = new Float64Array(n);
  scratchCutR = new Float64Array(n);
  scratchGaps = new Float64Array(n);
  scratchSpaceW = new Float64Array(n);
  placedX = new Float64Array(n);
  placedW = new Float64Array(n);
}

/**
 * Justifies the line [line.start, line.end): the summary is returned, and atom line.start + r is
 * placed at placedX[r] with width placedW[r] — scratch arrays, valid until the next line is
 * justified (composition reads them at once; nothing is allocated per atom).
 */
export function justifyInPlace(p: PreparedParagraph, line: LineSpan, measure: number, align: Alignment, lastAlign: Alignment): Omit<JustifiedLine, 'placed'> {
  const { start: i, end: j } = line;
  const last = lastVisible(p, i, j);
  const indent = line.indent;
  const natural = naturalWidth(p, i, j, indent);
  const hangW = line.hangs && last >= i ? p.width[last]! - endTrim(p, last) : 0;
  // Per-atom trims and per-boundary gaps as set (scratch, read only while this line is justified).
  if (scratchCutL.length < j - i) growScratch(j - i);
  const cutL = scratchCutL;
  const cutR = scratchCutR;
  const gaps = scratchGaps;
  const spaceW = scratchSpaceW;
  const { kind, shrinkGroup, adjLeft, adjRight, width: atomWidth } = p.atoms;
  for (let k = i; k < j; k++) {
    cutL[k - i] = p.cutLeft[k]!;
    cutR[k - i] = p.cutRight[k]!;
    gaps[k - i] = k > i ? p.gap[k]! : 0;
    spaceW[k - i] = kind[k] === KIND_SPACE ? p.width[k]! : 0;
  }
  if (last >= i) {
    cutL[0]! += startTrim(p, i);
    cutR[last - i]! += endTrim(p, last);
  }
  const effective = align === 'justify' && line.last ? lastAlign : align;
  let diff = measure - (natural - hangW);
  let gapStretch = 0;
  let unjustified = false;
  let unfilled = 0;
  const stretchGaps: number[] = [];
  for (let k = i + 1; k <= last; k++) if (p.stretchable[k]) stretchGaps.push(k);

  const apply = (items: Adjustable[], amount: number, sign: 1 | -1): number => {
    const total = items.reduce((s, a) => s + a.capacity, 0);
    if (total <= 0) return 0;
    const used = Math.min(amount, total);
    const f = used / total;
    for (const a of items) {
      const d = a.capacity * f * sign;
      const r = a.index - i;
      if (a.side === 'left') cutL[r]! -= d;
      else if (a.side === 'right') cutR[r]! -= d;
      else if (a.side === 'gap') gaps[r]! += d;
      else spaceW[r]! += d;
    }
    return used;
  };

  // A line wider than the measure is shrunk whatever its alignment: the breaker took it because
  // shrinking makes it fit (push-in), also on a paragraph's last line — whose end mark or closing
  // marks would otherwise run past the column.
  if (effective !== 'distribute' && diff < -1e-9) {
    // §3.2, in order; each step equally over all its instances.
    let need = -diff;
    const steps: Adjustable[][] = [[], [], [], [], []];
    for (let k = i; k <= last; k++) {
      const r = k - i;
      if (kind[k] === KIND_SPACE) steps[0]!.push({ index: k, side: 'space', capacity: Math.max(0, spaceW[r]! - 0.25) });
      const remL = adjLeft[k]! - cutL[r]!;
      const remR = adjRight[k]! - cutR[r]!;
      const group = shrinkGroup[k];
      if (group === SHRINK_BRACKET) {
        if (remL > 0) steps[1]!.push({ index: k, side: 'left', capacity: remL });
        if (remR > 0) steps[1]!.push({ index: k, side: 'right', capacity: remR });
      } else if (group === SHRINK_COMMA && remR > 0) steps[2]!.push({ index: k, side: 'right', capacity: remR });
      else if (group === SHRINK_PERIOD && remR > 0) steps[4]!.push({ index: k, side: 'right', capacity: remR });
      if (k > i && gaps[r]! > 0) steps[3]!.push({ index: k, side: 'gap', capacity: gaps[r]! / 2 });
    }
    for (const step of steps) {
      if (need <= 1e-9) break;
      need -= apply(step, need, -1);
    }
    unjustified = need > 1e-6;
    diff = 0;
  } else if (effective === 'justify' && diff > 1e-9) {
    // §3.3: word spaces to 0.5 em, CJK–Latin spaces to 1/3 em, then equal shares in eligible gaps.
    let need = diff;
    const spaces: Adjustable[] = [];
    const cjk: Adjustable[] = [];
    for (let k = i; k <= last; k++) {
      const r = k - i;
      if (kind[k] === KIND_SPACE) spaces.push({ index: k, side: 'space', capacity: Math.max(0, 0.5 - spaceW[r]!) });
      if (k > i && gaps[r]! > 0) cjk.push({ index: k, side: 'gap', capacity: Math.max(0, 1 / 3 - gaps[r]!) });
    }
    need -= apply(spaces, need, 1);
    need -= apply(cjk, need, 1);
    if (need > 1e-9) {
      if (stretchGaps.length > 0) {
        gapStretch = need / stretchGaps.length;
        for (const k of stretchGaps) gaps[k - i]! += gapStretch;
      } else {
        const spaceItems = spaces.map((s) => ({ ...s, capacity: 1 }));
        if (spaceItems.length > 0) apply(spaceItems, need, 1);
        else {
          unjustified = true;
          unfilled = need;
        }
      }
    }
    diff = 0;
  } else if (effective === 'distribute' && last > i) {
    const share = diff / (last - i);
    for (let k = i + 1; k <= last; k++) gaps[k - i]! += share;
    gapStretch = share;
    diff = 0;
  }

  let x = indent;
  if (effective === 'center') x += Math.max(0, diff) / 2;
  else if (effective === 'end') x += Math.max(0, diff);
  let width = x;
  for (let k = i; k < j; k++) {
    const r = k - i;
    x += gaps[r]!;
    const w = kind[k] === KIND_SPACE ? (k > last ? 0 : spaceW[r]!) : atomWidth[k]! - cutL[r]! - cutR[r]!;
    placedX[r] = x - cutL[r]!;
    placedW[r] = w;
    x += w;
    if (k <= last) width = x;
  }
  return { width, natural, gapStretch, unjustified, unfilled };
}

export function justifyLine(p: PreparedParagraph, line: LineSpan, measure: number, align: Alignment, lastAlign: Alignment): JustifiedLine {
  const summary = justifyInPlace(p, line, measure, align, lastAlign);
  const placed: PlacedAtom[] = [];
  for (let k = line.start; k < line.end; k++) placed.push({ atom: k, x: placedX[k - line.start]!, w: placedW[k - line.start]! });
  return { placed, ...summary };
}
