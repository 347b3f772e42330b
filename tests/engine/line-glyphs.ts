// A composed line's glyphs as one object each, for assertions (the engine keeps them as its
// paragraph's parallel arrays, compose.ts ParagraphGlyphs).
import type { ComposedLine } from '../../src/engine/paragraph/compose';

export interface LineGlyph {
  gid: number;
  /** Advance in font units. */
  advance: number;
  /** Glyph origin from the start of the measure, em. */
  x: number;
  text: string;
  /** Index into ComposedParagraph.runs; undefined for the paragraph's face. */
  run?: number;
}

export function lineGlyphs(line: ComposedLine): LineGlyph[] {
  const set = line.glyphSet;
  const out: LineGlyph[] = [];
  for (let g = line.glyphStart; g < line.glyphEnd; g++) {
    const run = set.run[g]!;
    out.push({ gid: set.gid[g]!, advance: set.advance[g]!, x: set.x[g]!, text: set.text[g]!, run: run >= 0 ? run : undefined });
  }
  return out;
}
