// Short texts for the proof sheet (margin notes, footer, watermark, the list of unplaced
// corrections) set as glyph runs with one face: cmap lookup per character, Latin runs shaped, lines
// broken at the measure by character (Chinese breaks anywhere; a proof note needs no 避头尾). Pure.

import type { Color, GlyphRun, PlacedGlyph } from '../../engine/display-list';
import type { FontFace } from '../../engine/fonts/font-face';

export interface SheetFont {
  /** Registry key the PDF writer embeds. */
  key: string;
  face: FontFace;
}

interface MeasuredGlyph extends PlacedGlyph {
  /** Advance on the page, pt. */
  width: number;
}

const LATIN_RUN = /[\u0021-\u007e]+/y;

/** The glyphs of a text at a size; characters the face lacks are left out (their text goes with the
 *  glyph before, so copying the note still gives every character). */
function glyphsOf(font: SheetFont, text: string, sizePt: number): MeasuredGlyph[] {
  const { face } = font;
  const scale = sizePt / face.unitsPerEm;
  const out: MeasuredGlyph[] = [];
  let i = 0;
  while (i < text.length) {
    LATIN_RUN.lastIndex = i;
    const latin = LATIN_RUN.exec(text);
    if (latin) {
      for (const g of face.shape(latin[0])) out.push({ gid: g.gid, dx: 0, advance: g.advance, text: g.text, width: g.advance * scale });
      i += latin[0].length;
      continue;
    }
    const codePoint = text.codePointAt(i)!;
    const char = String.fromCodePoint(codePoint);
    i += char.length;
    const g = face.glyph(codePoint);
    if (g.gid === 0) {
      const last = out[out.length - 1];
      if (last) last.text += char;
      continue;
    }
    out.push({ gid: g.gid, dx: 0, advance: g.advance, text: char, width: g.advance * scale });
  }
  return out;
}

export function textWidth(font: SheetFont, text: string, sizePt: number): number {
  return glyphsOf(font, text, sizePt).reduce((sum, g) => sum + g.width, 0);
}

function runOf(font: SheetFont, glyphs: readonly MeasuredGlyph[], x: number, y: number, sizePt: number, color: Color): GlyphRun {
  let dx = 0;
  const placed: PlacedGlyph[] = glyphs.map((g) => {
    const p = { gid: g.gid, dx, advance: g.advance, text: g.text };
    dx += g.width;
    return p;
  });
  return { kind: 'glyphs', font: font.key, sizePt, color, x, y, glyphs: placed };
}

/** One line of text with its baseline at y, starting at x. */
export function textRun(font: SheetFont, text: string, x: number, y: number, sizePt: number, color: Color): GlyphRun {
  return runOf(font, glyphsOf(font, text, sizePt), x, y, sizePt, color);
}

/** The text broken into lines no wider than `width` (explicit newlines kept). */
export function wrapText(font: SheetFont, text: string, sizePt: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const g of glyphsOf(font, paragraph, sizePt)) {
      if (line !== '' && lineWidth + g.width > width) {
        lines.push(line);
        line = '';
        lineWidth = 0;
      }
      line += g.text;
      lineWidth += g.width;
    }
    lines.push(line);
  }
  return lines;
}
