// Parses each font once and cuts the subset a document needs: exactly the glyph ids its display
// lists use, renumbered 1..n in ascending original order (CID = subset glyph id, CIDToGIDMap
// Identity). Uses upstream fontkit 2: @pdf-lib/fontkit's subsetter loses CJK outlines
// (print-pdf.md, pitfall 1).
// Pure: font bytes are handed in.

import { create, type FontkitFont } from 'fontkit';
import { attachGlyphLoader } from '../../engine/fonts/glyph-loader';
import { PdfWriteError } from '../errors';
import { hex4, roundAsWritten } from '../pdf-syntax';
import { subsetTag } from './subset-tag';

/** Glyph ids a document shows per font key, with the text each glyph stands for. */
export class GlyphUsage {
  private readonly textByGidByFont = new Map<string, Map<number, string>>();

  use(fontKey: string, gid: number, text: string): void {
    let textByGid = this.textByGidByFont.get(fontKey);
    if (!textByGid) {
      textByGid = new Map();
      this.textByGidByFont.set(fontKey, textByGid);
    }
    // First non-empty text wins: a glyph seen as "" (a cluster's tail) and elsewhere with text
    // still copies as that text; document order keeps the choice deterministic.
    const known = textByGid.get(gid);
    if (known === undefined || (known === '' && text !== '')) textByGid.set(gid, text);
  }

  fontKeys(): string[] {
    return [...this.textByGidByFont.keys()].sort();
  }

  glyphsOf(fontKey: string): ReadonlyMap<number, string> {
    return this.textByGidByFont.get(fontKey) ?? new Map();
  }
}

export function loadFont(fontKey: string, bytes: Uint8Array): FontkitFont {
  let parsed;
  try {
    parsed = create(bytes);
  } catch (err) {
    throw new PdfWriteError('font_unreadable', `Font "${fontKey}" could not be parsed: ${String(err)}`, {
      font: fontKey,
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  let font: FontkitFont;
  if ('fonts' in parsed) {
    const face = parsed.fonts.find((candidate) => candidate.postscriptName === fontKey);
    if (!face) {
      const names = parsed.fonts.map((candidate) => candidate.postscriptName).join(', ');
      throw new PdfWriteError(
        'font_unsupported',
        `Font "${fontKey}" is a collection without a face of that PostScript name (faces: ${names})`,
        { font: fontKey, reason: 'collection_face_not_found' },
      );
    }
    font = face;
  } else {
    font = parsed;
  }
  attachGlyphLoader(font, bytes);
  const tables = font.directory.tables;
  if (!('glyf' in tables) || !('loca' in tables)) {
    const outlineKind = 'CFF ' in tables || 'CFF2' in tables ? 'CFF (OpenType/PostScript)' : 'unknown';
    throw new PdfWriteError(
      'font_unsupported',
      `Font "${fontKey}" has ${outlineKind} outlines; the PDF writer embeds TrueType (glyf) fonts only`,
      { font: fontKey, reason: 'not_truetype_outlines' },
    );
  }
  return font;
}

export interface SubsetFont {
  fontKey: string;
  /** Tag-prefixed PostScript name, e.g. "ABCDEF+NotoSerifSC-Regular". */
  baseFontName: string;
  /** Original glyph id → CID (= glyph id in the subset font). */
  cidByGid: Map<number, number>;
  /** Original glyph id → the CID as four hex digits, ready for content streams. */
  hexByGid: Map<number, string>;
  /** Original glyph id → advance in text space (1000 per em), rounded as /W writes it. */
  widthByGid: Map<number, number>;
  /** Widths per CID in the same units; index 0 is .notdef. */
  widthByCid: number[];
  textByCid: Map<number, string>;
  /** The subset TrueType program (FontFile2). */
  fontFile: Uint8Array;
  metrics: FontMetrics1000;
}

/** Font-wide metrics scaled to 1000 units per em, for the FontDescriptor. */
export interface FontMetrics1000 {
  ascent: number;
  descent: number;
  capHeight: number;
  italicAngle: number;
  bbox: [number, number, number, number];
}

/** A PDF name may not hold whitespace or delimiters; PostScript names normally have none. */
function postscriptNameFor(font: FontkitFont, fontKey: string): string {
  const raw = font.postscriptName ?? fontKey;
  const clean = raw.replace(/[^A-Za-z0-9\-_.]/g, '');
  return clean.length > 0 ? clean : 'Font';
}

export function subsetFont(fontKey: string, font: FontkitFont, textByGid: ReadonlyMap<number, string>): SubsetFont {
  const sortedGids = [...textByGid.keys()].sort((a, b) => a - b);
  const scale = 1000 / font.unitsPerEm;
  const subset = font.createSubset();
  const cidByGid = new Map<number, number>();
  const hexByGid = new Map<number, string>();
  const widthByGid = new Map<number, number>();
  const widthByCid: number[] = [roundAsWritten(font.getGlyph(0).advanceWidth * scale)];
  const textByCid = new Map<number, string>();
  for (const gid of sortedGids) {
    if (!Number.isInteger(gid) || gid < 0 || gid >= font.numGlyphs) {
      throw new PdfWriteError(
        'glyph_out_of_range',
        `Glyph id ${gid} does not exist in font "${fontKey}" (${font.numGlyphs} glyphs)`,
        { font: fontKey, gid },
      );
    }
    const cid = subset.includeGlyph(gid);
    const width = roundAsWritten(font.getGlyph(gid).advanceWidth * scale);
    cidByGid.set(gid, cid);
    hexByGid.set(gid, hex4(cid));
    widthByGid.set(gid, width);
    widthByCid[cid] = width;
    textByCid.set(cid, textByGid.get(gid) ?? '');
  }
  const postscriptName = postscriptNameFor(font, fontKey);
  const bbox = font.bbox;
  return {
    fontKey,
    baseFontName: `${subsetTag(postscriptName, sortedGids)}+${postscriptName}`,
    cidByGid,
    hexByGid,
    widthByGid,
    widthByCid,
    textByCid,
    fontFile: subset.encode(),
    metrics: {
      ascent: Math.round(font.ascent * scale),
      descent: Math.round(font.descent * scale),
      capHeight: Math.round((font.capHeight || font.ascent) * scale),
      italicAngle: font.italicAngle || 0,
      bbox: [
        Math.round(bbox.minX * scale),
        Math.round(bbox.minY * scale),
        Math.round(bbox.maxX * scale),
        Math.round(bbox.maxY * scale),
      ],
    },
  };
}
