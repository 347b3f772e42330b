// The GB/T 14706 proofreading marks (typography.md §6) as display items on the text: 改 and 疑问 box the
// characters, 删 boxes and strikes them, 增 sets a caret between two characters, 对调 draws the S-shaped
// line over the first part and under the second, 另起段 a ⌐ bracket at the break, 接排 a line joining the
// two paragraphs. The leader to the margin and the margin note are drawn by proof-sheet.ts. Pure.

import type { Color, DisplayItem, Rule } from '../../engine/display-list';
import type { CorrectionKind } from '../../shared/proof';
import type { AnchorSpan } from '../../engine/locate-range';

/** A proof is marked in red (GB/T 14706 §5: a coloured pen); process red prints and shows as red. */
export const PROOF_RED: Color = { space: 'cmyk', c: 0, m: 1, y: 1, k: 0 };
export const MARK_WIDTH_PT = 0.6;

export type Point = [number, number];

export function polyline(points: readonly Point[], color: Color = PROOF_RED, widthPt = MARK_WIDTH_PT): Rule[] {
  const rules: Rule[] = [];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i - 1]!;
    const [x2, y2] = points[i]!;
    rules.push({ kind: 'rule', x1, y1, x2, y2, widthPt, color });
  }
  return rules;
}

function boxAround(span: AnchorSpan): DisplayItem {
  return { kind: 'box', x: span.x1 - 1, y: span.top - 1, w: span.x2 - span.x1 + 2, h: span.bottom - span.top + 2, stroke: PROOF_RED, strokeWidthPt: MARK_WIDTH_PT };
}

/** The delete loop (删除号's pigtail) ending a leader at (x, y), drawn towards `direction` (−1 left, 1 right). */
export function deleteLoop(x: number, y: number, direction: -1 | 1): Rule[] {
  const r = 2.6;
  const cx = x + direction * r;
  const start = direction === 1 ? Math.PI : 0;
  const points: Point[] = [];
  // Once round a circle that touches the leader's end, then a short tail out of the loop.
  for (let step = 0; step <= 12; step++) {
    const angle = start - (step * 2 * Math.PI) / 12;
    points.push([cx + r * Math.cos(angle), y + r * Math.sin(angle)]);
  }
  points.push([x + direction * r * 2.4, y + r * 1.5]);
  return polyline(points);
}

/** Where the anchored text is split into the two parts a 对调 swaps: the proposed text is the swapped
 *  text (B + A, or B + middle + A for parts apart); failing that, the middle. */
export function transposeParts(original: string, proposed: string): { first: [number, number]; second: [number, number] } {
  const n = original.length;
  if (proposed.length === n && n >= 2) {
    for (let k = 1; k < n; k++) {
      if (original.slice(k) + original.slice(0, k) === proposed) return { first: [0, k], second: [k, n] };
    }
    if (n <= 80) {
      for (let a = 1; a < n; a++) {
        for (let b = a; b < n; b++) {
          if (original.slice(b) + original.slice(a, b) + original.slice(0, a) === proposed) return { first: [0, a], second: [b, n] };
        }
      }
    }
  }
  const half = Math.max(1, Math.floor(n / 2));
  return { first: [0, half], second: [half, Math.max(half, n)] };
}

/** The mark on the text for one correction; `spans` come from locateRange (for 对调, the spans of the
 *  two parts are given separately). */
export function markItems(
  kind: CorrectionKind,
  spans: readonly AnchorSpan[],
  transpose?: { first: readonly AnchorSpan[]; second: readonly AnchorSpan[] },
  nextLineStart?: AnchorSpan | null,
): DisplayItem[] {
  const items: DisplayItem[] = [];
  switch (kind) {
    case 'replace':
    case 'query':
      for (const span of spans) items.push(boxAround(span));
      break;
    case 'delete':
      for (const span of spans) {
        items.push(boxAround(span));
        const mid = (span.top + span.bottom) / 2;
        items.push(...polyline([[span.x1 - 1, mid], [span.x2 + 1, mid]]));
      }
      break;
    case 'insert': {
      const span = spans[0]!;
      // ⋎ between the two characters, its point on the baseline.
      items.push(...polyline([[span.x1 - 2.5, span.top - 2], [span.x1, span.bottom], [span.x1 + 2.5, span.top - 2]]));
      break;
    }
    case 'new-paragraph': {
      const span = spans[0]!;
      items.push(...polyline([[span.x1 + 8, span.top - 1.5], [span.x1, span.top - 1.5], [span.x1, span.bottom + 1.5]]));
      break;
    }
    case 'join-paragraphs': {
      const span = spans[0]!;
      const mid = (span.top + span.bottom) / 2;
      const lineEnd = span.line.x + span.line.w;
      if (nextLineStart && nextLineStart.pageIndex === span.pageIndex) {
        // Out of the end of the paragraph, back along the gap between the lines (never across text),
        // and into the start of the next one.
        const nextMid = (nextLineStart.top + nextLineStart.bottom) / 2;
        const right = Math.max(span.x1, lineEnd) + 3;
        const left = nextLineStart.x1 - 3;
        const gap = nextLineStart.top > span.bottom ? (span.bottom + nextLineStart.top) / 2 : nextLineStart.top - 1.5;
        items.push(...polyline([[span.x1, mid], [right, mid], [right, gap], [left, gap], [left, nextMid], [nextLineStart.x1, nextMid]]));
      } else {
        items.push(...polyline([[span.x1, mid], [Math.max(span.x1, lineEnd) + 4, mid], [Math.max(span.x1, lineEnd) + 4, span.bottom + 4]]));
      }
      break;
    }
    case 'transpose': {
      const first = transpose?.first.length ? transpose.first : spans.slice(0, 1);
      const second = transpose?.second.length ? transpose.second : spans.slice(-1);
      const a0 = first[0]!;
      const aN = first[first.length - 1]!;
      const b0 = second[0]!;
      const bN = second[second.length - 1]!;
      // ∽: up the left of the first part, over it, down between the parts, under the second, up its right.
      items.push(...polyline([[a0.x1 - 1, a0.bottom + 1], [a0.x1 - 1, a0.top - 1.5]]));
      for (const s of first) items.push(...polyline([[s.x1 - 1, s.top - 1.5], [s.x2, s.top - 1.5]]));
      items.push(...polyline([[aN.x2, aN.top - 1.5], [b0.x1, b0.bottom + 1.5]]));
      for (const s of second) items.push(...polyline([[s.x1, s.bottom + 1.5], [s.x2 + 1, s.bottom + 1.5]]));
      items.push(...polyline([[bN.x2 + 1, bN.bottom + 1.5], [bN.x2 + 1, bN.top - 1]]));
      break;
    }
  }
  return items;
}
