// The composition report: plain data about what the engine set and what an editor should check.
// Pure.

export interface LineRef {
  owner: number | string;
  blockIndex: number;
  page: number;
  text: string;
}

export interface CompositionReport {
  pages: number;
  linesSet: number;
  /** Lines that start with a mark forbidden at line start (must be empty). */
  prohibitedLineStarts: LineRef[];
  /** Lines that end with a mark forbidden at line end (must be empty). */
  prohibitedLineEnds: LineRef[];
  /** Justified lines with more than 0.25 em per gap, or that could not be justified. */
  overStretchedLines: LineRef[];
  /** Paragraph last lines with less than two em of text (孤字). */
  singleCharacterLastLines: LineRef[];
  /** Blocks that could not be placed; they are not on any page. */
  oversetBlocks: { owner: number | string; blockIndex: number; reason: 'taller-than-column' | 'page-limit' }[];
  missingGlyphs: { owner: number | string; blockIndex: number; char: string; font: string; offset: number }[];
  /** Columns left with empty grid lines by widow/orphan/keep rules: candidates for copyfitting. */
  copyfit: { owner: number | string; page: number; column: number; emptyLines: number }[];
  /** Articles that used more pages than their budget. */
  overBudget: { owner: number | string; pages: number; budget: number }[];
}

export function emptyReport(): CompositionReport {
  return {
    pages: 0,
    linesSet: 0,
    prohibitedLineStarts: [],
    prohibitedLineEnds: [],
    overStretchedLines: [],
    singleCharacterLastLines: [],
    oversetBlocks: [],
    missingGlyphs: [],
    copyfit: [],
    overBudget: [],
  };
}

/** Shift page numbers of a report made for pages laid out on their own. */
export function appendReport(into: CompositionReport, part: CompositionReport, pageOffset: number): void {
  const shift = <T extends { page: number }>(xs: T[]): T[] => xs.map((x) => ({ ...x, page: x.page + pageOffset }));
  into.pages += part.pages;
  into.linesSet += part.linesSet;
  into.prohibitedLineStarts.push(...shift(part.prohibitedLineStarts));
  into.prohibitedLineEnds.push(...shift(part.prohibitedLineEnds));
  into.overStretchedLines.push(...shift(part.overStretchedLines));
  into.singleCharacterLastLines.push(...shift(part.singleCharacterLastLines));
  into.oversetBlocks.push(...part.oversetBlocks);
  into.missingGlyphs.push(...part.missingGlyphs);
  into.copyfit.push(...shift(part.copyfit));
  into.overBudget.push(...part.overBudget);
}
