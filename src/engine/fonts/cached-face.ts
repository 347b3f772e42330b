// A FontFace from font data measured once and kept (src/node/fonts/metrics-cache.ts stores it in
// the library's cache/): the cmap, every glyph's advance, the pair kerning of printable ASCII and
// the runs shaped before. Loading it needs no font parsing, so a process lays out an issue without
// fontkit decoding a table; anything the data does not cover (a Latin run with other letters, say)
// is shaped by the fontkit face, parsed on first need, and remembered for the next process. Pure.

import type { FaceGlyph, FontFace, ShapedGlyph } from './font-face';
import type { FkFont } from './fontkit-face';

export const METRICS_VERSION = 2;
/** Printable ASCII: the runs shaped from the pair table. */
const ASCII_FIRST = 0x20;
const ASCII_LAST = 0x7e;
const ASCII_COUNT = ASCII_LAST - ASCII_FIRST + 1;
/** Entries per context: each character × (each next character or the run's end). */
const ASCII_SLOTS = ASCII_COUNT * (ASCII_COUNT + 1);
const ASCII_TABLE = 2 * ASCII_SLOTS;

export interface FaceMetrics {
  key: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  names: { postscriptName: string | null; family: string | null; subfamily: string | null };
  /** Mapped code points, ascending, and their glyph ids. */
  codePoints: Uint32Array;
  gids: Uint32Array;
  /** Advance of every glyph id, font units. */
  advances: Uint16Array;
  /**
   * Printable ASCII as fontkit shapes it, per glyph from the glyph and the one after it (96 × 95:
   * the last row is 'end of run'), in two tables: runs without a letter (fontkit's common script)
   * and runs with one (Latin: other substitutions, e.g. proportional digits). Each entry is the
   * glyph id and its advance with the pair's kerning.
   */
  asciiGids: Uint16Array;
  asciiAdvances: Int16Array;
  /** Runs shaped by fontkit before (two-em dashes, ellipses, Latin beyond ASCII), as it shaped them. */
  shaped: Record<string, ShapedGlyph[]>;
}

/** The parts of a fontkit font the measurement reads: the face's, and the tables behind them. */
export interface MeasurableFont extends Omit<FkFont, 'glyphForCodePoint' | 'layout'> {
  numGlyphs: number;
  characterSet: number[];
  glyphForCodePoint(cp: number): { id: number };
  _cmapProcessor?: { lookup(cp: number): number };
  hmtx: { metrics: { length: number; get(i: number): { advance: number } } };
}

/** Measures a font through fontkit: what CachedFace needs, with shaping done by `shape`. */
export function measureFont(font: MeasurableFont, key: string, shape: (text: string) => ShapedGlyph[]): FaceMetrics {
  const codePoints = Uint32Array.from([...font.characterSet].sort((a, b) => a - b));
  const gids = new Uint32Array(codePoints.length);
  // The cmap itself where fontkit exposes it: glyphForCodePoint would create (and keep) glyph
  // objects carrying that code point, which later changes the text fontkit gives a ligature.
  const lookup = font._cmapProcessor ? (cp: number) => font._cmapProcessor!.lookup(cp) : (cp: number) => font.glyphForCodePoint(cp).id;
  for (let k = 0; k < codePoints.length; k++) gids[k] = lookup(codePoints[k]!);
  const advances = new Uint16Array(font.numGlyphs);
  const metrics = font.hmtx.metrics;
  let last = 0;
  // Glyphs past the last hmtx entry keep its advance (the TrueType rule).
  for (let g = 0; g < font.numGlyphs; g++) {
    if (g < metrics.length) last = metrics.get(g).advance;
    advances[g] = last;
  }
  const asciiGids = new Uint16Array(ASCII_TABLE);
  const asciiAdvances = new Int16Array(ASCII_TABLE);
  for (let context = 0; context < 2; context++)
    for (let a = 0; a < ASCII_COUNT; a++)
      for (let b = 0; b <= ASCII_COUNT; b++) {
        const first = String.fromCharCode(ASCII_FIRST + a);
        const second = b < ASCII_COUNT ? String.fromCharCode(ASCII_FIRST + b) : '';
        // A letter before (for the end of a run) or after the pair puts the run into Latin shaping.
        const latin = context === 1;
        const text = latin ? (second === '' ? `l${first}` : `${first}${second}l`) : `${first}${second}`;
        if (!latin && /[A-Za-z]/u.test(text)) continue; // no such run: a letter makes it Latin
        const run = shape(text);
        const at = latin && second === '' ? 1 : 0;
        if (run.length !== text.length) throw new Error(`${key}: ASCII “${text}” does not shape one glyph per character`);
        const slot = context * ASCII_SLOTS + a * (ASCII_COUNT + 1) + b;
        asciiGids[slot] = run[at]!.gid;
        asciiAdvances[slot] = run[at]!.advance;
      }
  return {
    key,
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    names: { postscriptName: font.postscriptName, family: font.familyName ?? null, subfamily: font.subfamilyName ?? null },
    codePoints,
    gids,
    advances,
    asciiGids,
    asciiAdvances,
    shaped: {},
  };
}

function isShapeableAscii(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < ASCII_FIRST || c > ASCII_LAST) return false;
  }
  return text.length > 0;
}

export class CachedFace implements FontFace {
  readonly key: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  private readonly glyphs = new Map<number, FaceGlyph>();
  private readonly runs = new Map<string, ShapedGlyph[]>();
  private parsed: FontFace | null = null;
  /** Runs shaped by fontkit in this process that the stored data lacked (the cache adds them). */
  readonly learned: Record<string, ShapedGlyph[]> = {};

  constructor(
    readonly metrics: FaceMetrics,
    private readonly parse: () => FontFace,
  ) {
    this.key = metrics.key;
    this.unitsPerEm = metrics.unitsPerEm;
    this.ascent = metrics.ascent;
    this.descent = metrics.descent;
  }

  get names(): FaceMetrics['names'] {
    return this.metrics.names;
  }

  /** Whether the fontkit face had to be parsed in this process. */
  get usedFontkit(): boolean {
    return this.parsed !== null;
  }

  private gidOf(cp: number): number {
    const cps = this.metrics.codePoints;
    let lo = 0;
    let hi = cps.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = cps[mid]!;
      if (v === cp) return this.metrics.gids[mid]!;
      if (v < cp) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  glyph(cp: number): FaceGlyph {
    let g = this.glyphs.get(cp);
    if (!g) {
      const gid = this.gidOf(cp);
      g = { gid, advance: this.metrics.advances[gid] ?? 0 };
      this.glyphs.set(cp, g);
    }
    return g;
  }

  shape(text: string): ShapedGlyph[] {
    let out = this.runs.get(text);
    if (out) return out;
    out = this.metrics.shaped[text];
    if (!out && isShapeableAscii(text)) {
      const base = /[A-Za-z]/u.test(text) ? ASCII_SLOTS : 0;
      out = new Array<ShapedGlyph>(text.length);
      for (let k = 0; k < text.length; k++) {
        const a = text.charCodeAt(k) - ASCII_FIRST;
        const b = k + 1 < text.length ? text.charCodeAt(k + 1) - ASCII_FIRST : ASCII_COUNT;
        const slot = base + a * (ASCII_COUNT + 1) + b;
        out[k] = { gid: this.metrics.asciiGids[slot]!, advance: this.metrics.asciiAdvances[slot]!, text: text[k]! };
      }
    }
    if (!out) {
      this.parsed ??= this.parse();
      out = this.parsed.shape(text);
      this.learned[text] = out;
    }
    this.runs.set(text, out);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------
// The stored form: a small JSON head (with the byte lengths) followed by the typed arrays.

const MAGIC = 'QKFM';

export function encodeMetrics(m: FaceMetrics): Uint8Array {
  const head = new TextEncoder().encode(
    JSON.stringify({
      version: METRICS_VERSION,
      key: m.key,
      unitsPerEm: m.unitsPerEm,
      ascent: m.ascent,
      descent: m.descent,
      names: m.names,
      counts: [m.codePoints.length, m.advances.length, m.asciiGids.length],
      shaped: m.shaped,
    }),
  );
  const body = [m.codePoints, m.gids, m.advances, m.asciiGids, m.asciiAdvances];
  // Each array starts on a 4-byte boundary so it can be viewed in place.
  const pad = (n: number) => (4 - (n % 4)) % 4;
  let size = 8 + head.length + pad(head.length);
  for (const a of body) size += a.byteLength + pad(a.byteLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  for (let k = 0; k < 4; k++) out[k] = MAGIC.charCodeAt(k);
  view.setUint32(4, head.length, true);
  out.set(head, 8);
  let at = 8 + head.length + pad(head.length);
  for (const a of body) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength + pad(a.byteLength);
  }
  return out;
}

export class MetricsFormatError extends Error {}

/** The stored metrics, or a MetricsFormatError when the bytes are not a complete current file. */
export function decodeMetrics(bytes: Uint8Array): FaceMetrics {
  const fail = (why: string): never => {
    throw new MetricsFormatError(why);
  };
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) fail('not a font metrics file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = view.getUint32(4, true);
  if (8 + headLength > bytes.length) fail('truncated head');
  let head: {
    version: number;
    key: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    names: FaceMetrics['names'];
    counts: [number, number, number];
    shaped: Record<string, ShapedGlyph[]>;
  };
  try {
    head = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headLength)));
  } catch {
    return fail('unreadable head');
  }
  if (head.version !== METRICS_VERSION) fail(`version ${head.version}`);
  const [cps, glyphs, kern] = head.counts;
  if (kern !== ASCII_TABLE) fail('ASCII table size');
  const pad = (n: number) => (4 - (n % 4)) % 4;
  let at = 8 + headLength + pad(headLength);
  // Copies, not views: the file's buffer may be shared and unaligned for another reader.
  const take = <T extends Uint32Array | Uint16Array | Int16Array>(make: new (n: number) => T, count: number, width: number): T => {
    const length = count * width;
    if (at + length > bytes.length) fail('truncated data');
    const out = new make(count);
    new Uint8Array(out.buffer).set(bytes.subarray(at, at + length));
    at += length + pad(length);
    return out;
  };
  const codePoints = take(Uint32Array, cps, 4);
  const gids = take(Uint32Array, cps, 4);
  const advances = take(Uint16Array, glyphs, 2);
  const asciiGids = take(Uint16Array, kern, 2);
  const asciiAdvances = take(Int16Array, kern, 2);
  if (at !== bytes.length) fail('trailing bytes');
  return { key: head.key, unitsPerEm: head.unitsPerEm, ascent: head.ascent, descent: head.descent, names: head.names, codePoints, gids, advances, asciiGids, asciiAdvances, shaped: head.shaped ?? {} };
}
