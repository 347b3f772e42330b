// The composition report: plain data about what the engine set and what an editor should check.
// Pure.

export interface LineRef {
  owner: number | string;
  blockIndex: number;
  page: number;
  text: string;
  /** On an over-stretched line: its stretch against the allowed 0.25 em per gap (1 = at the limit). */
  stretch?: number;
}

/** The most stretched justified line of one owner (an article, a generated page). */
export interface StretchRef extends LineRef {
  stretch: number;
}

export interface CompositionReport {
  pages: number;
  linesSet: number;
  /** Lines that start with a mark forbidden at line start (must be empty). */
  prohibitedLineStarts: LineRef[];
  /** Lines that end with a mark forbidden at line end (must be empty). */
  prohibitedLineEnds: LineRef[];
  /** Justified lines with more than 0.25 em per gap, or that could not be justified; each with its stretch. */
  overStretchedLines: LineRef[];
  /** Per owner, its justified line with the largest stretch (see maxStretchRatio). */
  maxStretch: StretchRef[];
  /** Paragraph last lines with less than two em of text (孤字). */
  singleCharacterLastLines: LineRef[];
  /** Lines set wider than their measure: nothing, not even a break inside a word, made them fit (must be empty). */
  overfullLines: LineRef[];
  /** Lines ending at an emergency break: inside a Latin word or a keep-together unit wider than the measure. */
  brokenWords: LineRef[];
  /** Blocks that could not be placed; they are not on any page. */
  oversetBlocks: { owner: number | string; blockIndex: number; reason: 'taller-than-column' | 'page-limit'; /** The page it would have gone on. */ page?: number }[];
  missingGlyphs: { owner: number | string; blockIndex: number; char: string; font: string; offset: number }[];
  /** Columns left with empty grid lines by widow/orphan/keep rules: candidates for copyfitting. */
  copyfit: { owner: number | string; page: number; column: number; emptyLines: number }[];
  /** Articles that used more pages than their budget. */
  overBudget: { owner: number | string; pages: number; budget: number }[];
  /** Text of a generated page (cover, contents, colophon, 封二/封三/封四, captions there) that did not
   *  fit its frame and is not drawn: one entry per page and frame. */
  oversetFrames: OversetFrame[];
}

export interface OversetFrame {
  /** Page index in the issue. */
  page: number;
  /** "<page kind>:<part>", e.g. "inside-back-cover:body", "colophon:board", "cover:lines". */
  frame: string;
  owner: number | string;
  blockIndex: number;
  /** Lines not drawn. */
  lines: number;
  /** The first text that did not fit. */
  text: string;
}

/** Everything that did not fit: blocks the flow could not place and lines beyond their frames. This is
 *  the figure the export and the previews call overset (溢出). */
export function oversetCount(report: CompositionReport): number {
  return report.oversetBlocks.length + report.oversetFrames.length;
}

export function emptyReport(): CompositionReport {
  return {
    pages: 0,
    linesSet: 0,
    prohibitedLineStarts: [],
    prohibitedLineEnds: [],
    overStretchedLines: [],
    maxStretch: [],
    singleCharacterLastLines: [],
    overfullLines: [],
    brokenWords: [],
    oversetBlocks: [],
    missingGlyphs: [],
    copyfit: [],
    overBudget: [],
    oversetFrames: [],
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
  for (const m of part.maxStretch) keepLargest(into, { ...m, page: m.page + pageOffset });
  into.singleCharacterLastLines.push(...shift(part.singleCharacterLastLines));
  // Absent in a report built before these lists existed.
  into.overfullLines.push(...shift(part.overfullLines ?? []));
  into.brokenWords.push(...shift(part.brokenWords ?? []));
  into.oversetBlocks.push(...part.oversetBlocks.map((o) => (o.page === undefined ? o : { ...o, page: o.page + pageOffset })));
  into.missingGlyphs.push(...part.missingGlyphs);
  into.copyfit.push(...shift(part.copyfit));
  into.overBudget.push(...part.overBudget);
  into.oversetFrames.push(...shift(part.oversetFrames));
}

/**
 * Notes a justified line that is not its paragraph's last: the largest stretch of its owner, and the
 * line itself when it is over-stretched. `line` is a ComposedLine (loose, stretchRatio).
 */
export function noteJustifiedLine(report: CompositionReport, ref: LineRef, line: { loose: boolean; stretchRatio: number }): void {
  const stretch = Math.round(line.stretchRatio * 1000) / 1000;
  // Built field by field: this runs for every line of the issue.
  if (line.loose) report.overStretchedLines.push({ owner: ref.owner, blockIndex: ref.blockIndex, page: ref.page, text: ref.text, stretch });
  if (stretch > 0) {
    const at = indexOfOwner(report.maxStretch, ref.owner);
    if (at < 0 || stretch > report.maxStretch[at]!.stretch) keepLargest(report, { owner: ref.owner, blockIndex: ref.blockIndex, page: ref.page, text: ref.text, stretch });
  }
}

function indexOfOwner(xs: readonly StretchRef[], owner: LineRef['owner']): number {
  for (let k = xs.length - 1; k >= 0; k--) if (xs[k]!.owner === owner) return k;
  return -1;
}

function keepLargest(report: CompositionReport, ref: StretchRef): void {
  const at = indexOfOwner(report.maxStretch, ref.owner);
  if (at < 0) report.maxStretch.push(ref);
  else if (ref.stretch > report.maxStretch[at]!.stretch) report.maxStretch[at] = ref;
}

/** The largest stretch of any justified line in the report, against the allowed 0.25 em per gap (0 when none stretched). */
export function maxStretchRatio(report: CompositionReport): number {
  let max = 0;
  for (const m of report.maxStretch) if (m.stretch > max) max = m.stretch;
  return max;
}
