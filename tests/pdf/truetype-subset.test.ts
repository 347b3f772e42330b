// The PDF writer's own TrueType subsetter against fontkit 2's: for the glyphs the sample issue
// prints in each of its fonts (and a composite glyph's components), the same subset font, byte
// for byte, and the metrics the FontDescriptor takes are fontkit's.
import fs from 'node:fs';
import { create } from 'fontkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachGlyphLoader } from '../../src/engine/fonts/glyph-loader';
import { loadFont, subsetFont } from '../../src/pdf/fonts/font-subset';
import { readTrueType, subsetTrueType } from '../../src/pdf/fonts/truetype-subset';
import { defaultFontPaths, lazyFontBytes } from '../../src/node/fonts/default-fonts';
import type { Library } from '../../src/node/library/open-library';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { createLibraryService } from '../../src/node/services/library-service';
import { openSampleLibrary, removeTempDirs } from '../node/helpers';

let lib: Library;
let gidsByFont: Map<string, number[]>;

beforeAll(() => {
  lib = openSampleLibrary();
  const layout = getIssueLayout(lib, createLibraryService(lib).listIssues({})[0]!.id);
  const sets = new Map<string, Set<number>>();
  for (const page of layout.document.pages)
    for (const item of page.items) if (item.kind === 'glyphs') for (const g of item.glyphs) (sets.get(item.font) ?? sets.set(item.font, new Set()).get(item.font)!).add(g.gid);
  gidsByFont = new Map([...sets].map(([font, set]) => [font, [...set].sort((a, b) => a - b)]));
});
afterAll(() => {
  lib?.close();
  removeTempDirs();
});

function fontkitSubset(bytes: Uint8Array, gids: readonly number[]): Uint8Array {
  const font = create(bytes) as unknown as { createSubset(): { includeGlyph(g: number): number; encode(): Uint8Array } };
  attachGlyphLoader(font, bytes);
  const subset = font.createSubset();
  for (const gid of gids) subset.includeGlyph(gid);
  return subset.encode();
}

describe('the TrueType subsetter', () => {
  it('cuts the same subset as fontkit for every font of the sample issue, from whole and from lazily read bytes', () => {
    const files = new Map(defaultFontPaths().map((file) => [readTrueType(new Uint8Array(fs.readFileSync(file)))!.postscriptName!, file]));
    expect(gidsByFont.size).toBeGreaterThanOrEqual(3);
    for (const [fontKey, gids] of gidsByFont) {
      const file = files.get(fontKey)!;
      expect(file, fontKey).toBeDefined();
      const whole = new Uint8Array(fs.readFileSync(file));
      const reference = fontkitSubset(whole, gids);
      const ours = subsetTrueType(readTrueType(whole)!, gids).bytes;
      expect(Buffer.compare(Buffer.from(ours), Buffer.from(reference)), fontKey).toBe(0);
      // The lazily read bytes load the outlines they need.
      expect(Buffer.compare(Buffer.from(subsetTrueType(readTrueType(lazyFontBytes(file))!, gids).bytes), Buffer.from(reference))).toBe(0);
      // And the descriptor's metrics are fontkit's.
      const fk = create(whole) as unknown as { ascent: number; descent: number; capHeight: number; italicAngle: number; unitsPerEm: number; postscriptName: string; bbox: { minX: number; minY: number; maxX: number; maxY: number } };
      const ttf = loadFont(fontKey, whole);
      expect([ttf.ascent, ttf.descent, ttf.capHeight, ttf.italicAngle, ttf.unitsPerEm, ttf.postscriptName]).toEqual([fk.ascent, fk.descent, fk.capHeight, fk.italicAngle, fk.unitsPerEm, fk.postscriptName]);
      expect(ttf.bbox).toEqual({ minX: fk.bbox.minX, minY: fk.bbox.minY, maxX: fk.bbox.maxX, maxY: fk.bbox.maxY });
      expect(subsetFont(fontKey, ttf, new Map(gids.map((g) => [g, '']))).widthByCid.length).toBe(gids.length + 1);
    }
  });

  it('brings a composite glyph\'s components along, renumbered as fontkit numbers them', () => {
    // The Noto faces have no composite glyphs: one is made in a copy, over a long simple glyph.
    const whole = new Uint8Array(fs.readFileSync(defaultFontPaths()[0]!));
    const font = readTrueType(whole)!;
    const glyf = font.tables.get('glyf')!.offset;
    const loca = font.tables.get('loca')!.offset;
    const start = (g: number) => (font.locaVersion === 0 ? font.view.getUint16(loca + g * 2) * 2 : font.view.getUint32(loca + g * 4));
    let host = 1;
    while (start(host + 1) - start(host) < 40) host++;
    const [a, b] = [host + 7, host + 3];
    const at = glyf + start(host);
    const v = font.view;
    v.setInt16(at, -1); // numberOfContours: composite
    // Component 1: words for the offsets (flags 0x0001|0x0002|0x0020), component 2: bytes and a scale (0x0002|0x0008).
    v.setUint16(at + 10, 0x0023);
    v.setUint16(at + 12, a);
    v.setInt16(at + 14, 10);
    v.setInt16(at + 16, -5);
    v.setUint16(at + 18, 0x000a);
    v.setUint16(at + 20, b);
    v.setInt8(at + 22, 3);
    v.setInt8(at + 23, 4);
    v.setInt16(at + 24, 0x4000);
    const ours = subsetTrueType(readTrueType(whole)!, [host, host + 1]);
    // .notdef, the two asked for, then the components in the order met.
    expect(ours.glyphs).toEqual([0, host, host + 1, a, b]);
    expect(Buffer.compare(Buffer.from(ours.bytes), Buffer.from(fontkitSubset(whole, [host, host + 1])))).toBe(0);
  });
});
