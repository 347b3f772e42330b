// Fonts read with their outlines loaded per glyph (src/node/fonts/lazy-font-file.ts) must behave
// exactly like the whole file: same glyph ids, advances and shaping in the engine, the same subset
// font program in the PDF writer, and outlines that are really read only when a glyph is used.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { facesFromBytes } from '../../src/engine/fonts/fontkit-face';
import { describe, expect, it } from 'vitest';
import { FontkitFace, parseFonts } from '../../src/engine/fonts/fontkit-face';
import { hasGlyphLoader } from '../../src/engine/fonts/glyph-loader';
import { loadFont, subsetFont } from '../../src/pdf/fonts/font-subset';
import { defaultFontPaths } from '../../src/node/fonts/default-fonts';
import { readFontFileLazily } from '../../src/node/fonts/lazy-font-file';

const SERIF_FILE = defaultFontPaths()[0]!;
const SAMPLE = '北京市人民代表大会常务委员会，“十五五”规划（2026年）Beijing People’s Congress — AV Wa fi';

function glyfRange(bytes: Uint8Array): { offset: number; length: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) === 'glyf') return { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) };
  }
  throw new Error('no glyf table');
}

describe('lazily read TrueType fonts', () => {
  const whole = new Uint8Array(fs.readFileSync(SERIF_FILE));

  it('reads every table but the outlines up front', () => {
    const lazy = readFontFileLazily(SERIF_FILE);
    expect(hasGlyphLoader(lazy)).toBe(true);
    expect(lazy.length).toBe(whole.length);
    const glyf = glyfRange(whole);
    expect(Buffer.compare(lazy.subarray(0, glyf.offset), whole.subarray(0, glyf.offset))).toBe(0);
    expect(Buffer.compare(lazy.subarray(glyf.offset + glyf.length), whole.subarray(glyf.offset + glyf.length))).toBe(0);
    expect(lazy.subarray(glyf.offset, glyf.offset + glyf.length).some((b) => b !== 0)).toBe(false);
  });

  it('gives the engine the same glyphs, advances and shaping as the whole file', () => {
    const eager = new FontkitFace(parseFonts(whole)[0]!);
    const lazy = new FontkitFace(parseFonts(readFontFileLazily(SERIF_FILE))[0]!);
    for (const ch of SAMPLE) expect(lazy.glyph(ch.codePointAt(0)!)).toEqual(eager.glyph(ch.codePointAt(0)!));
    expect(lazy.shape('Beijing AV Wa fi 2026')).toEqual(eager.shape('Beijing AV Wa fi 2026'));
  });

  it('loads the outline of each glyph used, and only those', () => {
    const lazyBytes = readFontFileLazily(SERIF_FILE);
    const face = new FontkitFace(parseFonts(lazyBytes)[0]!);
    const glyf = glyfRange(whole);
    const before = lazyBytes.subarray(glyf.offset, glyf.offset + glyf.length).reduce((n, b) => n + (b !== 0 ? 1 : 0), 0);
    expect(before).toBe(0);
    face.glyph('京'.codePointAt(0)!);
    const after = lazyBytes.subarray(glyf.offset, glyf.offset + glyf.length).reduce((n, b) => n + (b !== 0 ? 1 : 0), 0);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(4096);
  });

  it('cuts byte-identical PDF subsets from lazy and whole bytes', () => {
    const key = 'NotoSerifSC-Regular';
    const eagerFont = loadFont(key, whole);
    const lazyFont = loadFont(key, readFontFileLazily(SERIF_FILE));
    const textByGid = new Map<number, string>();
    const cmap = facesFromBytes(whole)[0]!;
    for (const ch of SAMPLE) textByGid.set(cmap.glyph(ch.codePointAt(0)!).gid, ch);
    const eager = subsetFont(key, eagerFont, textByGid);
    const lazy = subsetFont(key, lazyFont, textByGid);
    expect(lazy.baseFontName).toBe(eager.baseFontName);
    expect(lazy.widthByCid).toEqual(eager.widthByCid);
    expect(Buffer.compare(lazy.fontFile, eager.fontFile)).toBe(0);
  });

  it('reads anything that is not a plain TrueType font whole', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-lazy-font-'));
    try {
      const file = path.join(dir, 'not-a-font.ttf');
      fs.writeFileSync(file, 'this is not a font file at all');
      const bytes = readFontFileLazily(file);
      expect(hasGlyphLoader(bytes)).toBe(false);
      expect(Buffer.from(bytes).toString('utf8')).toBe('this is not a font file at all');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
