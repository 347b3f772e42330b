// A FontFace over fontkit 2: TTF, OTF and TTC parsed from bytes the caller hands in (the engine
// never reads files). Han and full-width punctuation go through a per-code-point cache of
// cmap + hmtx; Latin runs are shaped with fontkit's layout (kerning on, ligatures off). Pure.

import * as fontkit from 'fontkit';
import type { FaceGlyph, FontFace, ShapedGlyph } from './font-face';
import { attachGlyphLoader } from './glyph-loader';

interface FkGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
/** The parts of a fontkit font the faces read (cached-face.ts measures a few more). */
export interface FkFont {
  postscriptName: string | null;
  familyName?: string;
  subfamilyName?: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  glyphForCodePoint(cp: number): FkGlyph;
  layout(text: string, features?: Record<string, boolean>): { glyphs: FkGlyph[]; positions: { xAdvance: number }[] };
}
interface FkCollection {
  fonts: FkFont[];
}

export class FontParseError extends Error {}

/** Every font in the bytes: one for TTF/OTF, all members for TTC. */
export function parseFonts(bytes: Uint8Array): FkFont[] {
  let parsed: unknown;
  try {
    parsed = fontkit.create(bytes);
  } catch (e) {
    throw new FontParseError(`not a font file: ${(e as Error).message}`);
  }
  const maybe = parsed as Partial<FkCollection> & Partial<FkFont>;
  if (Array.isArray(maybe.fonts)) return maybe.fonts.map((font) => attachGlyphLoader(font, bytes));
  if (typeof maybe.unitsPerEm === 'number' && typeof maybe.glyphForCodePoint === 'function') return [attachGlyphLoader(parsed as FkFont, bytes)];
  throw new FontParseError('not a font file');
}

/** The font of PostScript name `key` in the bytes: the file's face, or that member of a collection
 *  (fontkit's create(bytes, name) would read the name as a variation of a single TTF); null when a
 *  collection has no such member. */
export function fontkitFontNamed(bytes: Uint8Array, key: string): FkFont | null {
  const fonts = parseFonts(bytes);
  const collection = bytes.length >= 4 && bytes[0] === 0x74 && bytes[1] === 0x74 && bytes[2] === 0x63 && bytes[3] === 0x66; // 'ttcf'
  return (collection ? fonts.find((f) => f.postscriptName === key) : fonts[0]) ?? null;
}

const SHAPE_FEATURES = { liga: false, clig: false, dlig: false, kern: true };

export class FontkitFace implements FontFace {
  readonly key: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  private readonly glyphs = new Map<number, FaceGlyph>();
  private readonly shaped = new Map<string, ShapedGlyph[]>();

  /** The parsed fontkit font (the metrics cache measures it). */
  constructor(readonly font: FkFont, key?: string) {
    this.key = key ?? font.postscriptName ?? 'UnnamedFont';
    this.unitsPerEm = font.unitsPerEm;
    this.ascent = font.ascent;
    this.descent = font.descent;
  }

  /** Family and style names as the font states them (for the user-font registry). */
  get names(): { postscriptName: string | null; family: string | null; subfamily: string | null } {
    return { postscriptName: this.font.postscriptName, family: this.font.familyName ?? null, subfamily: this.font.subfamilyName ?? null };
  }

  glyph(cp: number): FaceGlyph {
    let g = this.glyphs.get(cp);
    if (!g) {
      const fk = this.font.glyphForCodePoint(cp);
      g = { gid: fk.id, advance: fk.advanceWidth };
      this.glyphs.set(cp, g);
    }
    return g;
  }

  shape(text: string): ShapedGlyph[] {
    let out = this.shaped.get(text);
    if (out) return out;
    const run = this.font.layout(text, SHAPE_FEATURES);
    out = run.glyphs.map((g, k) => ({
      gid: g.id,
      advance: run.positions[k]?.xAdvance ?? g.advanceWidth,
      text: g.codePoints.length > 0 ? String.fromCodePoint(...g.codePoints) : '',
    }));
    this.shaped.set(text, out);
    return out;
  }
}

/** Parse bytes into faces; `keyOf` may rename (a TTC member or a user font with a clashing name). */
export function facesFromBytes(bytes: Uint8Array): FontkitFace[] {
  return parseFonts(bytes).map((f) => new FontkitFace(f));
}
