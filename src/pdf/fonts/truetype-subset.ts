// A TrueType subset read straight from the font's bytes, without parsing the font: the tables a PDF
// FontFile2 needs (head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm), the chosen glyphs renumbered
// in the order given (composite glyphs bring their components, appended and renumbered as fontkit
// does), laid out exactly as fontkit 2's TTFSubset encodes them — the tests hold the two to the same
// bytes — so the PDF is unchanged while the export no longer loads fontkit at all. The metrics the
// FontDescriptor needs come from the same tables. Pure.

import { requestGlyph, requestGlyphs } from '../../engine/fonts/glyph-loader';

interface Table {
  offset: number;
  length: number;
}

export interface TrueTypeFont {
  bytes: Uint8Array;
  view: DataView;
  tables: Map<string, Table>;
  unitsPerEm: number;
  numGlyphs: number;
  /** loca format: 0 short (offset / 2), 1 long. */
  locaVersion: number;
  numberOfHMetrics: number;
  ascent: number;
  descent: number;
  capHeight: number;
  italicAngle: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  postscriptName: string | null;
}

export class TrueTypeError extends Error {}

const REQUIRED = ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx'];

/** The tables of a TrueType font whose table directory starts at `directory` (0, or a collection
 *  member's offset), or null when the bytes are not one. */
export function readTrueType(bytes: Uint8Array, directory = 0): TrueTypeFont | null {
  if (bytes.length < directory + 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(directory);
  if (version !== 0x00010000 && version !== 0x74727565) return null;
  const numTables = view.getUint16(directory + 4);
  if (directory + 12 + numTables * 16 > bytes.length) return null;
  const tables = new Map<string, Table>();
  for (let i = 0; i < numTables; i++) {
    const at = directory + 12 + i * 16;
    const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    if (offset + length > bytes.length) return null;
    tables.set(tag, { offset, length });
  }
  if (REQUIRED.some((t) => !tables.has(t))) return null;
  const head = tables.get('head')!.offset;
  const hhea = tables.get('hhea')!.offset;
  const os2 = tables.get('OS/2');
  const post = tables.get('post');
  const ascent = view.getInt16(hhea + 4);
  return {
    bytes,
    view,
    tables,
    unitsPerEm: view.getUint16(head + 18),
    bbox: { minX: view.getInt16(head + 36), minY: view.getInt16(head + 38), maxX: view.getInt16(head + 40), maxY: view.getInt16(head + 42) },
    locaVersion: view.getInt16(head + 50),
    ascent,
    descent: view.getInt16(hhea + 6),
    numberOfHMetrics: view.getUint16(hhea + 34),
    numGlyphs: view.getUint16(tables.get('maxp')!.offset + 4),
    // OS/2 version 2 and later carry sCapHeight; fontkit reads 0 from older tables, then falls back as the writer does.
    capHeight: os2 && os2.length >= 90 && view.getUint16(os2.offset) >= 2 ? view.getInt16(os2.offset + 88) : os2 ? 0 : ascent,
    italicAngle: post && post.length >= 8 ? view.getInt32(post.offset + 4) / 65536 : 0,
    postscriptName: postscriptNameOf(bytes, view, tables.get('name')),
  };
}

/** Name ID 6 from the name table: a Windows Unicode record, else a Macintosh Roman one. */
function postscriptNameOf(bytes: Uint8Array, view: DataView, name: Table | undefined): string | null {
  if (!name || name.length < 6) return null;
  const count = view.getUint16(name.offset + 2);
  const storage = name.offset + view.getUint16(name.offset + 4);
  let mac: string | null = null;
  for (let i = 0; i < count; i++) {
    const at = name.offset + 6 + i * 12;
    if (at + 12 > name.offset + name.length) break;
    const platform = view.getUint16(at);
    const nameId = view.getUint16(at + 6);
    if (nameId !== 6) continue;
    const length = view.getUint16(at + 8);
    const offset = storage + view.getUint16(at + 10);
    if (platform === 3) {
      let s = '';
      for (let k = 0; k + 1 < length; k += 2) s += String.fromCharCode(view.getUint16(offset + k));
      return s;
    }
    if (platform === 1) mac = String.fromCharCode(...bytes.subarray(offset, offset + length));
  }
  return mac;
}

function glyphRange(font: TrueTypeFont, gid: number): [number, number] {
  const loca = font.tables.get('loca')!.offset;
  if (font.locaVersion === 0) return [font.view.getUint16(loca + gid * 2) * 2, font.view.getUint16(loca + gid * 2 + 2) * 2];
  return [font.view.getUint32(loca + gid * 4), font.view.getUint32(loca + gid * 4 + 4)];
}

/** Advance and left side bearing from hmtx (glyphs past numberOfHMetrics share the last advance). */
export function horizontalMetrics(font: TrueTypeFont, gid: number): { advance: number; bearing: number } {
  const hmtx = font.tables.get('hmtx')!.offset;
  const n = font.numberOfHMetrics;
  if (gid < n) return { advance: font.view.getUint16(hmtx + gid * 4), bearing: font.view.getInt16(hmtx + gid * 4 + 2) };
  return { advance: font.view.getUint16(hmtx + (n - 1) * 4), bearing: font.view.getInt16(hmtx + n * 4 + (gid - n) * 2) };
}

const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** Positions (in the glyph record) of a composite glyph's component glyph ids. */
function componentPositions(record: Uint8Array): number[] {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const out: number[] = [];
  let at = 10;
  for (;;) {
    if (at + 4 > record.length) throw new TrueTypeError('composite glyph record ends inside a component');
    const flags = view.getUint16(at);
    out.push(at + 2);
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
    if (!(flags & MORE_COMPONENTS)) return out;
  }
}

export interface TrueTypeSubset {
  /** Subset glyph id (= CID) of each original glyph id included. */
  mapping: Map<number, number>;
  /** Original glyph ids in subset order (0 is .notdef). */
  glyphs: number[];
  bytes: Uint8Array;
}

/** The subset font holding .notdef and `gids` in that order, plus the components composites need. */
export function subsetTrueType(font: TrueTypeFont, gids: readonly number[]): TrueTypeSubset {
  const glyphs: number[] = [];
  const mapping = new Map<number, number>();
  const include = (gid: number): number => {
    let id = mapping.get(gid);
    if (id === undefined) {
      id = glyphs.length;
      glyphs.push(gid);
      mapping.set(gid, id);
    }
    return id;
  };
  include(0);
  for (const gid of gids) include(gid);

  const glyf = font.tables.get('glyf')!.offset;
  const records: Uint8Array[] = [];
  const offsets: number[] = [];
  const metrics: { advance: number; bearing: number }[] = [];
  let offset = 0;
  requestGlyphs(font.bytes, glyphs);
  for (let i = 0; i < glyphs.length; i++) {
    const gid = glyphs[i]!;
    if (gid >= font.numGlyphs) throw new TrueTypeError(`glyph ${gid} is not in the font (${font.numGlyphs} glyphs)`);
    requestGlyph(font.bytes, gid);
    const [start, end] = glyphRange(font, gid);
    let record = font.bytes.subarray(glyf + start, glyf + end);
    if (record.length >= 10 && font.view.getInt16(glyf + start) < 0) {
      record = new Uint8Array(record);
      const view = new DataView(record.buffer);
      for (const at of componentPositions(record)) view.setUint16(at, include(view.getUint16(at)));
    }
    records.push(record);
    offsets.push(offset);
    metrics.push(horizontalMetrics(font, gid));
    offset += record.length;
  }
  offsets.push(offset);

  const copy = (tag: string): Uint8Array | null => {
    const t = font.tables.get(tag);
    return t ? font.bytes.slice(t.offset, t.offset + t.length) : null;
  };
  const head = copy('head')!.slice(0, 54);
  new DataView(head.buffer).setInt16(50, font.locaVersion);
  const hhea = copy('hhea')!.slice(0, 36);
  new DataView(hhea.buffer).setUint16(34, metrics.length);
  const maxpTable = copy('maxp')!;
  const maxp = maxpTable.slice(0, new DataView(maxpTable.buffer).getUint32(0) === 0x00005000 ? 6 : 32);
  new DataView(maxp.buffer).setUint16(4, glyphs.length);
  const loca = new Uint8Array(offsets.length * (font.locaVersion === 0 ? 2 : 4));
  const locaView = new DataView(loca.buffer);
  offsets.forEach((o, k) => (font.locaVersion === 0 ? locaView.setUint16(k * 2, o >>> 1) : locaView.setUint32(k * 4, o)));
  const glyfOut = new Uint8Array(offset);
  let at = 0;
  for (const r of records) {
    glyfOut.set(r, at);
    at += r.length;
  }
  const hmtx = new Uint8Array(metrics.length * 4);
  const hmtxView = new DataView(hmtx.buffer);
  metrics.forEach((m, k) => {
    hmtxView.setUint16(k * 4, m.advance);
    hmtxView.setInt16(k * 4 + 2, m.bearing);
  });
  // The order, the 'true' tag, zero checksums and no padding are fontkit's TTFSubset encoding.
  const tables: [string, Uint8Array | null][] = [
    ['head', head],
    ['hhea', hhea],
    ['loca', loca],
    ['maxp', maxp],
    ['cvt ', copy('cvt ')],
    ['prep', copy('prep')],
    ['glyf', glyfOut],
    ['hmtx', hmtx],
    ['fpgm', copy('fpgm')],
  ];
  const present = tables.filter((t): t is [string, Uint8Array] => t[1] !== null);
  const numTables = present.length;
  const power = 2 ** Math.floor(Math.log2(numTables));
  let size = 12 + numTables * 16;
  for (const [, t] of present) size += t.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set([0x74, 0x72, 0x75, 0x65], 0); // 'true'
  view.setUint16(4, numTables);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, numTables * 16 - power * 16);
  let data = 12 + numTables * 16;
  present.forEach(([tag, t], k) => {
    const entry = 12 + k * 16;
    for (let c = 0; c < 4; c++) out[entry + c] = tag.charCodeAt(c);
    view.setUint32(entry + 4, 0);
    view.setUint32(entry + 8, data);
    view.setUint32(entry + 12, t.length);
    out.set(t, data);
    data += t.length;
  });
  return { mapping, glyphs, bytes: out };
}
