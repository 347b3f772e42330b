// Reads each font once and cuts the subset a document needs: exactly the glyph ids its display
// lists use, renumbered 1..n in ascending original order (CID = subset glyph id, CIDToGIDMap
// Identity), by truetype-subset.ts straight from the font's tables (encoded as upstream fontkit 2
// encodes a subset; @pdf-lib/fontkit's subsetter loses CJK outlines, print-pdf.md, pitfall 1).
// Pure: font bytes are handed in.

import { PdfWriteError } from '../errors';
import { hex4, roundAsWritten } from '../pdf-syntax';
import { subsetTag } from './subset-tag';
import { horizontalMetrics, readTrueType, subsetTrueType, TrueTypeError, type TrueTypeFont } from './truetype-subset';

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

/** The TrueType font for a key: the file itself, or the member of a collection with that PostScript name. */
export function loadFont(fontKey: string, bytes: Uint8Array): TrueTypeFont {
  const isCollection = bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) === 'ttcf';
  const candidates: TrueTypeFont[] = [];
  if (isCollection) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = bytes.length >= 12 ? view.getUint32(8) : 0;
    for (let k = 0; k < count && 12 + k * 4 + 4 <= bytes.length; k++) {
      const member = readTrueType(bytes, view.getUint32(12 + k * 4));
      if (member) candidates.push(member);
    }
    const face = candidates.find((c) => c.postscriptName === fontKey);
    if (!face) {
      throw new PdfWriteError(
        'font_unsupported',
        `Font "${fontKey}" is a collection without a TrueType face of that PostScript name (faces: ${candidates.map((c) => c.postscriptName).join(', ')})`,
        { font: fontKey, reason: 'collection_face_not_found' },
      );
    }
    return face;
  }
  const font = readTrueType(bytes);
  if (font) return font;
  const tag = bytes.length >= 4 ? String.fromCharCode(...bytes.subarray(0, 4)) : '';
  if (tag === 'OTTO') {
    throw new PdfWriteError('font_unsupported', `Font "${fontKey}" has CFF (OpenType/PostScript) outlines; the PDF writer embeds TrueType (glyf) fonts only`, {
      font: fontKey,
      reason: 'not_truetype_outlines',
    });
  }
  throw new PdfWriteError('font_unreadable', `Font "${fontKey}" could not be read as a TrueType font`, { font: fontKey, reason: 'not a TrueType font file' });
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
function postscriptNameFor(font: TrueTypeFont, fontKey: string): string {
  const raw = font.postscriptName ?? fontKey;
  const clean = raw.replace(/[^A-Za-z0-9\-_.]/g, '');
  return clean.length > 0 ? clean : 'Font';
}

export function subsetFont(fontKey: string, font: TrueTypeFont, textByGid: ReadonlyMap<number, string>): SubsetFont {
  const sortedGids = [...textByGid.keys()].sort((a, b) => a - b);
  const scale = 1000 / font.unitsPerEm;
  for (const gid of sortedGids) {
    if (!Number.isInteger(gid) || gid < 0 || gid >= font.numGlyphs) {
      throw new PdfWriteError('glyph_out_of_range', `Glyph id ${gid} does not exist in font "${fontKey}" (${font.numGlyphs} glyphs)`, { font: fontKey, gid });
    }
  }
  let subset;
  try {
    subset = subsetTrueType(font, sortedGids);
  } catch (err) {
    if (!(err instanceof TrueTypeError)) throw err;
    throw new PdfWriteError('font_unreadable', `Font "${fontKey}" could not be subset: ${err.message}`, { font: fontKey, reason: err.message });
  }
  const cidByGid = new Map<number, number>();
  const hexByGid = new Map<number, string>();
  const widthByGid = new Map<number, number>();
  const widthByCid: number[] = [roundAsWritten(horizontalMetrics(font, 0).advance * scale)];
  const textByCid = new Map<number, string>();
  for (const gid of sortedGids) {
    const cid = subset.mapping.get(gid)!;
    const width = roundAsWritten(horizontalMetrics(font, gid).advance * scale);
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
    fontFile: subset.bytes,
    metrics: {
      ascent: Math.round(font.ascent * scale),
      descent: Math.round(font.descent * scale),
      capHeight: Math.round((font.capHeight || font.ascent) * scale),
      italicAngle: font.italicAngle || 0,
      bbox: [Math.round(bbox.minX * scale), Math.round(bbox.minY * scale), Math.round(bbox.maxX * scale), Math.round(bbox.maxY * scale)],
    },
  };
}
