// The part of fontkit 2's API the tests and benches use to compare with it (fontkit ships no type declarations).
declare module 'fontkit' {
  export interface FontkitBBox {
    minX: number;
    minY: number;
    maxX: number;
    maxY: number;
  }

  export interface FontkitPath {
    commands: ReadonlyArray<{ command: string; args: number[] }>;
    bbox: FontkitBBox;
  }

  export interface FontkitGlyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
    path: FontkitPath;
  }

  export interface FontkitSubset {
    /** Original glyph ids in subset order; index = glyph id in the subset font. */
    glyphs: number[];
    includeGlyph(glyph: number | FontkitGlyph): number;
    encode(): Uint8Array;
  }

  export interface FontkitFont {
    type: string;
    postscriptName: string | null;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    capHeight: number;
    italicAngle: number;
    numGlyphs: number;
    bbox: FontkitBBox;
    directory: { tables: Record<string, unknown> };
    getGlyph(glyphId: number): FontkitGlyph;
    glyphForCodePoint(codePoint: number): FontkitGlyph;
    createSubset(): FontkitSubset;
    layout(text: string, features?: string[] | Record<string, boolean>): FontkitGlyphRun;
  }

  export interface FontkitGlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }

  export interface FontkitGlyphRun {
    glyphs: FontkitGlyph[];
    positions: FontkitGlyphPosition[];
  }

  export interface FontkitCollection {
    type: 'TTC' | 'DFont';
    fonts: FontkitFont[];
    getFont(postscriptName: string): FontkitFont | null;
  }

  export function create(data: Uint8Array, postscriptName?: string): FontkitFont | FontkitCollection;
}
