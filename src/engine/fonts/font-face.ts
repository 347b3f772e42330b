// What the engine needs from a font: glyph lookup by code point (the fast path for Han and
// full-width punctuation), shaping for Latin runs, and vertical metrics. Pure.

export interface FaceGlyph {
  /** Glyph id; 0 means the font has no glyph for the character (.notdef). */
  gid: number;
  /** Advance in font units. */
  advance: number;
}

export interface ShapedGlyph extends FaceGlyph {
  /** Source characters this glyph shows; "" for a second glyph of a cluster. */
  text: string;
}

export interface FontFace {
  /** Registry key, e.g. "NotoSerifSC-Regular". */
  readonly key: string;
  readonly unitsPerEm: number;
  /** Ascender and descender in font units (descent is negative). */
  readonly ascent: number;
  readonly descent: number;
  /** Cached cmap + hmtx lookup. */
  glyph(codePoint: number): FaceGlyph;
  /** Shape a Latin/digit run with kerning, no ligatures; results are cached per string. */
  shape(text: string): ShapedGlyph[];
}
