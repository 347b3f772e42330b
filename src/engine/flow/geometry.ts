// Page geometry and the baseline grid (typography.md §4.5–4.7): trim, bleed, margins, columns of
// an integer number of em, and a grid of lines shared by all columns. Pure.

import { MM_TO_PT } from '../styles/sizes';

export interface PageSpec {
  trimWidthMm: number;
  trimHeightMm: number;
  bleedMm: number;
  /** Top and bottom margins; the type area is centred horizontally. */
  marginTopMm: number;
  marginBottomMm: number;
  /** Type-area width in em of the body size (an integer). */
  typeWidthEm: number;
  bodySizePt: number;
  /** Baseline pitch, pt. */
  pitchPt: number;
  /** Smallest gutter, em. */
  minGutterEm: number;
}

export const DEFAULT_PAGE: PageSpec = {
  trimWidthMm: 210,
  trimHeightMm: 285,
  bleedMm: 3,
  marginTopMm: 20,
  marginBottomMm: 25,
  typeWidthEm: 53,
  bodySizePt: 9,
  pitchPt: 15.5,
  minGutterEm: 2.5,
};

export interface ColumnGrid {
  columns: number;
  columnEm: number;
  gutterEm: number;
}

export interface PageGrid {
  trimW: number;
  trimH: number;
  bleed: number;
  /** Type area, pt from the trim's top-left corner. */
  left: number;
  top: number;
  width: number;
  /** Lines per column. */
  lines: number;
  /** Height from the first line's top to the last line's em-box bottom, pt. */
  blockHeight: number;
  pitch: number;
  bodySize: number;
}

/** Grid lines in the usable height: the last line's em box must fit (GR-01). */
export function gridFor(spec: PageSpec): PageGrid {
  const trimW = spec.trimWidthMm * MM_TO_PT;
  const trimH = spec.trimHeightMm * MM_TO_PT;
  const usable = trimH - (spec.marginTopMm + spec.marginBottomMm) * MM_TO_PT;
  const lines = Math.floor((usable - spec.bodySizePt) / spec.pitchPt + 1e-9) + 1;
  const width = spec.typeWidthEm * spec.bodySizePt;
  return {
    trimW,
    trimH,
    bleed: spec.bleedMm * MM_TO_PT,
    left: (trimW - width) / 2,
    top: spec.marginTopMm * MM_TO_PT,
    width,
    lines,
    blockHeight: (lines - 1) * spec.pitchPt + spec.bodySizePt,
    pitch: spec.pitchPt,
    bodySize: spec.bodySizePt,
  };
}

/** The widest integer column that leaves at least the minimum gutter (GR-02). */
export function columnsFor(typeWidthEm: number, columns: number, minGutterEm: number): ColumnGrid {
  if (!Number.isInteger(columns) || columns < 1 || columns > 4) throw new RangeError(`columns must be 1–4, got ${columns}`);
  if (columns === 1) return { columns, columnEm: typeWidthEm, gutterEm: 0 };
  let columnEm = Math.floor(typeWidthEm / columns);
  while (columnEm > 1 && (typeWidthEm - columns * columnEm) / (columns - 1) < minGutterEm - 1e-9) columnEm--;
  return { columns, columnEm, gutterEm: (typeWidthEm - columns * columnEm) / (columns - 1) };
}

export interface GeometryProblem {
  field: string;
  message: string;
}

/** GR-04 and friends: a line length must be a whole number of em, columns 1–4, the grid non-empty. */
export function validateGeometry(spec: PageSpec, columns: ColumnGrid[]): GeometryProblem[] {
  const problems: GeometryProblem[] = [];
  if (!Number.isInteger(spec.typeWidthEm)) problems.push({ field: 'typeWidthEm', message: `type width ${spec.typeWidthEm} em is not a whole number of em` });
  if (spec.pitchPt < spec.bodySizePt * 1.5 - 1e-9 || spec.pitchPt > spec.bodySizePt * 2 + 1e-9)
    problems.push({ field: 'pitchPt', message: `pitch ${spec.pitchPt} pt is outside 1.5–2 × the body size (line gap 50–100 %)` });
  if (spec.typeWidthEm * spec.bodySizePt > spec.trimWidthMm * MM_TO_PT) problems.push({ field: 'typeWidthEm', message: 'type area is wider than the page' });
  for (const c of columns) {
    if (!Number.isInteger(c.columnEm)) problems.push({ field: 'columnEm', message: `column width ${c.columnEm} em is not a whole number of em` });
    if (c.columns < 1 || c.columns > 4) problems.push({ field: 'columns', message: `${c.columns} columns (1–4 allowed)` });
    const total = c.columns * c.columnEm + (c.columns - 1) * c.gutterEm;
    if (Math.abs(total - spec.typeWidthEm) > 1e-6) problems.push({ field: 'gutterEm', message: `columns and gutters make ${total} em, not the type width ${spec.typeWidthEm} em` });
  }
  if (gridFor(spec).lines < 2) problems.push({ field: 'marginTopMm', message: 'fewer than two grid lines fit on the page' });
  return problems;
}
