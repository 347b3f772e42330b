// The measured font data (src/node/fonts/metrics-cache.ts, src/engine/fonts/cached-face.ts): it gives
// the glyphs and advances fontkit gives for every character of the sample issue and the same shaped
// runs for every run the issue shapes; a damaged, foreign or stale file is measured again; and with
// the data in place a whole issue is laid out without fontkit parsing a table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedFace, decodeMetrics, encodeMetrics } from '../../src/engine/fonts/cached-face';
import type { FontFace } from '../../src/engine/fonts/font-face';
import { defaultFontPaths, lazyFontBytes, loadFontRegistry, type LoadedFonts } from '../../src/node/fonts/default-fonts';
import { facesWithCache, metricsKeyOf, saveLearnedMetrics } from '../../src/node/fonts/metrics-cache';
import type { Library } from '../../src/node/library/open-library';
import { getIssueLayout, issueLayoutInput } from '../../src/node/services/issue-layout';
import { createLibraryService } from '../../src/node/services/library-service';
import { openSampleLibrary, removeTempDirs } from './helpers';

let cacheDir: string;
let lib: Library;
let issueId: number;

beforeAll(() => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-metrics-'));
  lib = openSampleLibrary();
  issueId = createLibraryService(lib).listIssues({})[0]!.id;
});
afterAll(() => {
  lib?.close();
  removeTempDirs();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

/** The sample's runs the engine shapes (not the ideographs, which go through glyph()), per face key. */
function shapedRunsOfSample(fonts: LoadedFonts): Map<string, Set<string>> {
  const runs = new Map<string, Set<string>>();
  for (const key of fonts.registry.keys()) {
    const face = fonts.registry.get(key)!;
    const shape = face.shape.bind(face);
    const seen = new Set<string>();
    runs.set(key, seen);
    face.shape = (text: string) => {
      seen.add(text);
      return shape(text);
    };
  }
  getIssueLayout(lib, issueId, { loadFonts: () => fonts });
  return runs;
}

describe('cached font data', () => {
  it('gives the glyph and advance fontkit gives for every character of the sample issue, and the same shaped runs', () => {
    const plain = loadFontRegistry();
    const cached = loadFontRegistry({ metricsCacheDir: cacheDir });
    const text = JSON.stringify(issueLayoutInput(lib, issueId));
    const chars = [...new Set([...text].map((c) => c.codePointAt(0)!))];
    expect(chars.length).toBeGreaterThan(1500);
    const runs = shapedRunsOfSample(plain);
    let compared = 0;
    for (const key of plain.registry.keys()) {
      const reference = plain.registry.get(key)!;
      const face = cached.registry.get(key)!;
      expect(face).toBeInstanceOf(CachedFace);
      expect([face.unitsPerEm, face.ascent, face.descent]).toEqual([reference.unitsPerEm, reference.ascent, reference.descent]);
      for (const cp of chars) expect(face.glyph(cp), `${key} U+${cp.toString(16)}`).toEqual(reference.glyph(cp));
      for (const run of runs.get(key)!) {
        expect(face.shape(run), `${key} “${run}”`).toEqual(reference.shape(run));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('lays a whole issue out without fontkit once the data holds the runs it shapes', () => {
    // Each library keeps the registry it was first laid out with: fresh libraries for fresh registries.
    const one = openSampleLibrary();
    const first = loadFontRegistry({ metricsCacheDir: cacheDir });
    getIssueLayout(one, createLibraryService(one).listIssues({})[0]!.id, { loadFonts: () => first });
    one.close();
    saveLearnedMetrics();
    // A new library (a new engine and registry), as the next process would have.
    const other = openSampleLibrary();
    try {
      const second = loadFontRegistry({ metricsCacheDir: cacheDir });
      const layout = getIssueLayout(other, createLibraryService(other).listIssues({})[0]!.id, { loadFonts: () => second });
      expect(layout.document.pages.length).toBeGreaterThan(60);
      const faces = second.registry.keys().map((k) => second.registry.get(k)!) as CachedFace[];
      for (const face of faces) expect(face.usedFontkit, face.key).toBe(false);
      // And it is the same layout fontkit gives.
      const plain = getIssueLayout(lib, issueId, { loadFonts: () => loadFontRegistry() });
      expect(layout.document.pages.map((p) => p.lines.map((l) => [l.text, l.x, l.baseline]))).toEqual(plain.document.pages.map((p) => p.lines.map((l) => [l.text, l.x, l.baseline])));
    } finally {
      other.close();
    }
  });

  it('measures a damaged, foreign or outdated file again and rewrites it', () => {
    const bytes = lazyFontBytes(defaultFontPaths()[0]!);
    const file = path.join(cacheDir, `${metricsKeyOf(bytes)}.qkfm`);
    facesWithCache(bytes, cacheDir);
    const good = fs.readFileSync(file);
    const reference = loadFontRegistry();
    const check = (damage: Buffer) => {
      fs.writeFileSync(file, damage);
      const [face] = facesWithCache(bytes, cacheDir) as FontFace[];
      expect(face).toBeInstanceOf(CachedFace);
      expect(face!.glyph(0x4eba)).toEqual(reference.registry.get(face!.key)!.glyph(0x4eba));
      const again = decodeMetrics(new Uint8Array(fs.readFileSync(file)));
      expect(again.codePoints.length).toBeGreaterThan(20_000);
    };
    check(good.subarray(0, good.length - 100)); // truncated
    check(Buffer.from('not metrics at all'));
    const outdated = Buffer.from(good);
    outdated.write('{"version":0', 8, 'latin1'); // an older format
    check(outdated);
    expect(() => decodeMetrics(new Uint8Array(outdated))).toThrow();
  });

  it('names the data by the font tables it comes from: another font (or a changed metric) is another file', () => {
    const [serif, serifBold] = defaultFontPaths().map((f) => lazyFontBytes(f));
    expect(metricsKeyOf(serif!)).not.toBe(metricsKeyOf(serifBold!));
    const changed = new Uint8Array(serif!);
    // One byte of the hmtx table (an advance) changed: the key changes with it.
    const view = new DataView(changed.buffer);
    for (let i = 0; i < view.getUint16(4); i++) {
      const at = 12 + i * 16;
      if (String.fromCharCode(...changed.subarray(at, at + 4)) === 'hmtx') changed[view.getUint32(at + 8) + 100]! ^= 1;
    }
    expect(metricsKeyOf(changed)).not.toBe(metricsKeyOf(serif!));
    // The stored form round-trips.
    const [face] = facesWithCache(serif!, cacheDir) as CachedFace[];
    const round = decodeMetrics(encodeMetrics(face!.metrics));
    expect(round.advances).toEqual(face!.metrics.advances);
    expect(round.asciiGids).toEqual(face!.metrics.asciiGids);
    expect(round.asciiAdvances).toEqual(face!.metrics.asciiAdvances);
  });
});
