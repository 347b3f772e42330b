// Printer's marks in the slug: crop marks (角线) and registration targets, stroked in the
// registration colour (Separation /All) so they print on every plate, all outside the BleedBox
// (print-pdf.md §0.2). Written in PDF user space from the page geometry.
// Pure.

import type { PageGeometry } from '../geometry';
import { pdfNumber } from '../pdf-syntax';

export const MM = 72 / 25.4;
/** Slug beyond the bleed: room for the marks (MediaBox = BleedBox + this on every side). */
export const MARKS_SLUG_PT = 10 * MM;
/** Crop marks start this far from the trim (beyond a 3 mm bleed) and run this long. */
export const CROP_MARK_OFFSET_PT = 3 * MM;
export const CROP_MARK_LENGTH_PT = 5 * MM;
export const MARK_LINE_WIDTH_PT = 0.25;
/** Registration targets sit on the middle of each side, centred this far from the trim. */
export const TARGET_DISTANCE_PT = 8 * MM;
export const TARGET_RADIUS_PT = 2.5 * MM;
export const TARGET_ARM_PT = 4 * MM;

/** Bézier approximation of a quarter circle. */
const KAPPA = 0.5522847498;

function circle(cx: number, cy: number, r: number): string {
  const k = r * KAPPA;
  const n = pdfNumber;
  return [
    `${n(cx + r)} ${n(cy)} m`,
    `${n(cx + r)} ${n(cy + k)} ${n(cx + k)} ${n(cy + r)} ${n(cx)} ${n(cy + r)} c`,
    `${n(cx - k)} ${n(cy + r)} ${n(cx - r)} ${n(cy + k)} ${n(cx - r)} ${n(cy)} c`,
    `${n(cx - r)} ${n(cy - k)} ${n(cx - k)} ${n(cy - r)} ${n(cx)} ${n(cy - r)} c`,
    `${n(cx + k)} ${n(cy - r)} ${n(cx + r)} ${n(cy - k)} ${n(cx + r)} ${n(cy)} c`,
    'h S',
  ].join('\n');
}

function line(x1: number, y1: number, x2: number, y2: number): string {
  return `${pdfNumber(x1)} ${pdfNumber(y1)} m ${pdfNumber(x2)} ${pdfNumber(y2)} l S`;
}

/** Every mark as straight segments and circles, for the content stream and for tests. */
export interface MarkSegments {
  lines: Array<[number, number, number, number]>;
  targets: Array<{ cx: number; cy: number }>;
}

export function markSegments(geometry: PageGeometry): MarkSegments {
  const { trimBox } = geometry;
  const left = trimBox.x;
  const right = trimBox.x + trimBox.width;
  const bottom = trimBox.y;
  const top = trimBox.y + trimBox.height;
  const near = CROP_MARK_OFFSET_PT;
  const far = CROP_MARK_OFFSET_PT + CROP_MARK_LENGTH_PT;
  const lines: MarkSegments['lines'] = [];
  for (const [x, xOut] of [
    [left, -1],
    [right, 1],
  ] as const) {
    for (const [y, yOut] of [
      [bottom, -1],
      [top, 1],
    ] as const) {
      // One horizontal mark continuing the horizontal trim edge, one vertical continuing the vertical edge.
      lines.push([x + xOut * near, y, x + xOut * far, y]);
      lines.push([x, y + yOut * near, x, y + yOut * far]);
    }
  }
  const midX = (left + right) / 2;
  const midY = (bottom + top) / 2;
  const targets = [
    { cx: midX, cy: top + TARGET_DISTANCE_PT },
    { cx: midX, cy: bottom - TARGET_DISTANCE_PT },
    { cx: left - TARGET_DISTANCE_PT, cy: midY },
    { cx: right + TARGET_DISTANCE_PT, cy: midY },
  ];
  for (const { cx, cy } of targets) {
    lines.push([cx - TARGET_ARM_PT, cy, cx + TARGET_ARM_PT, cy]);
    lines.push([cx, cy - TARGET_ARM_PT, cx, cy + TARGET_ARM_PT]);
  }
  return { lines, targets };
}

/** The marks as a self-contained content-stream fragment (its own q … Q). */
export function marksContent(geometry: PageGeometry, registrationColorSpace: string): string {
  const { lines, targets } = markSegments(geometry);
  return [
    'q',
    `/${registrationColorSpace} CS 1 SCN`,
    `${pdfNumber(MARK_LINE_WIDTH_PT)} w`,
    '0 J',
    ...lines.map(([x1, y1, x2, y2]) => line(x1, y1, x2, y2)),
    ...targets.map(({ cx, cy }) => circle(cx, cy, TARGET_RADIUS_PT)),
    'Q',
  ].join('\n');
}
