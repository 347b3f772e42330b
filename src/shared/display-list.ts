// The engine's output: one display list per page, plain serialisable data.
// The PDF writer (src/pdf) and the on-screen preview (src/renderer/preview) both draw from it,
// so what an editor sees is what the printer gets.
//
// Geometry: points (1/72 in). Origin at the top-left corner of the trim box, x to the right,
// y downwards. Bleed and marks lie at negative coordinates or beyond the trim size.
// Part of the API contract (the preview receives pages over a transport). Pure.

export type Color =
  | { space: 'cmyk'; c: number; m: number; y: number; k: number } // each 0..1
  | { space: 'registration' }; // all separations, for crop and registration marks

export const BLACK: Color = { space: 'cmyk', c: 0, m: 0, y: 0, k: 1 };

/** A glyph placed on a run's baseline. */
export interface PlacedGlyph {
  /** Glyph id in the run's font. */
  gid: number;
  /** x of the glyph origin, relative to the run's x. */
  dx: number;
  /** Vertical shift from the run's baseline (positive = down); usually 0. */
  dy?: number;
  /** Advance the font gives this glyph, in font units (the PDF writer needs it for /W). */
  advance: number;
  /** The source characters this glyph shows (for ToUnicode, search and copy); "" for the
   *  second glyph of a cluster. */
  text: string;
}

export interface GlyphRun {
  kind: 'glyphs';
  /** Key of the font in the engine's font registry (e.g. "NotoSerifSC-Regular"). */
  font: string;
  sizePt: number;
  color: Color;
  /** Body text prints K100 overprinting. */
  overprint?: boolean;
  x: number;
  /** Baseline. */
  y: number;
  glyphs: PlacedGlyph[];
  /** The line this run belongs to (see DisplayPage.lines), if any. */
  lineId?: string;
}

export interface Rule {
  kind: 'rule';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  widthPt: number;
  color: Color;
}

export interface Box {
  kind: 'box';
  x: number;
  y: number;
  w: number;
  h: number;
  fill?: Color;
  stroke?: Color;
  strokeWidthPt?: number;
}

export interface ImageFrame {
  kind: 'image';
  x: number;
  y: number;
  w: number;
  h: number;
  /** The photo shown, or null for a placeholder frame (preflight lists those). */
  photoId: number | null;
  placeholder: boolean;
  /** Short label drawn inside a placeholder ("照片占位 …"); never printed in a print PDF. */
  label?: string;
  /** Art meant to run past the trim into the bleed (the cover and back-cover photos): the only
   *  item a page may draw beyond its trim. */
  bleed?: boolean;
}

export type DisplayItem = GlyphRun | Rule | Box | ImageFrame;

/** Where a line of text came from: a click on the page finds the text, and proof marks find the line. */
export interface LineSource {
  /** Article id, or a key such as "toc", "colophon", "cover" for generated pages. */
  owner: number | string;
  /** Index of the block in the article document; -1 for the title, subtitle, byline lines. */
  blockIndex: number;
  /** Character range [start, end) in the block's plain text (DocBlock.text). */
  start: number;
  end: number;
  /** Which part of an article the line belongs to when blockIndex is -1. */
  part?: 'title' | 'subtitle' | 'byline' | 'authorInfo' | 'sectionLabel' | 'credit' | 'endMark' | 'reserved';
}

export interface LineBox {
  lineId: string;
  x: number;
  /** Top of the line box. */
  y: number;
  w: number;
  h: number;
  baseline: number;
  source: LineSource;
  /** The text set on this line, as the reader sees it. */
  text: string;
}

export interface PageBoxes {
  /** Trim size, pt. */
  trimW: number;
  trimH: number;
  /** Bleed beyond the trim on every side, pt. */
  bleed: number;
}

export interface DisplayPage {
  /** 0-based position in the document. */
  index: number;
  /** The folio as printed ("01"), or null for unnumbered pages (covers). */
  folio: string | null;
  /** Page-kind tag: "cover", "contents", "colophon", "body", … */
  kind: string;
  boxes: PageBoxes;
  items: DisplayItem[];
  lines: LineBox[];
}

export interface DisplayDocument {
  pages: DisplayPage[];
  /** Font keys used, for the writer to load and embed. */
  fonts: string[];
}
