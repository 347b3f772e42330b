// Hand-built display documents for the PDF writer's tests: text shaped with fontkit on the real
// Noto Serif SC / Noto Sans SC fonts, placed on lines the way the engine places them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type FontkitFont } from 'fontkit';
import { BLACK, type Color, type DisplayDocument, type DisplayItem, type DisplayPage, type GlyphRun } from '../../../src/engine/display-list';

const ROOT = join(__dirname, '..', '..', '..');
export const SERIF_KEY = 'NotoSerifSC-Regular';
export const SANS_KEY = 'NotoSansSC-Regular';
const FONT_FILES: Record<string, string> = {
  [SERIF_KEY]: 'node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  [SANS_KEY]: 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'NotoSansSC-Bold': 'node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

const bytesCache = new Map<string, Uint8Array>();
const fontCache = new Map<string, FontkitFont>();

export function fontBytes(fontKey: string): Uint8Array {
  let bytes = bytesCache.get(fontKey);
  if (!bytes) {
    const file = FONT_FILES[fontKey];
    if (!file) throw new Error(`no test font ${fontKey}`);
    bytes = new Uint8Array(readFileSync(join(ROOT, file)));
    bytesCache.set(fontKey, bytes);
  }
  return bytes;
}

export function testFont(fontKey: string): FontkitFont {
  let font = fontCache.get(fontKey);
  if (!font) {
    const parsed = create(fontBytes(fontKey));
    if ('fonts' in parsed) throw new Error('unexpected collection');
    font = parsed;
    fontCache.set(fontKey, font);
  }
  return font;
}

export function fontMap(...keys: string[]): Map<string, Uint8Array> {
  return new Map(keys.map((key) => [key, fontBytes(key)]));
}

export interface RunSpec {
  font: string;
  text: string;
  sizePt: number;
  x: number;
  y: number;
  color?: Color;
  overprint?: boolean;
  /** Extra space after every glyph, pt (like justification stretch). */
  trackingPt?: number;
}

/** Shapes text with fontkit (GSUB included, so digits and dashes may become other glyphs). */
export function shapedRun(spec: RunSpec): GlyphRun {
  const font = testFont(spec.font);
  const shaped = font.layout(spec.text);
  const scale = spec.sizePt / font.unitsPerEm;
  let dx = 0;
  const glyphs = shaped.glyphs.map((glyph, index) => {
    const position = shaped.positions[index]!;
    const placed = {
      gid: glyph.id,
      dx: dx + position.xOffset * scale,
      advance: glyph.advanceWidth,
      text: String.fromCodePoint(...glyph.codePoints),
    };
    dx += position.xAdvance * scale + (spec.trackingPt ?? 0);
    return placed;
  });
  return {
    kind: 'glyphs',
    font: spec.font,
    sizePt: spec.sizePt,
    color: spec.color ?? BLACK,
    overprint: spec.overprint,
    x: spec.x,
    y: spec.y,
    glyphs,
  };
}

export const TRIM_W = (210 * 72) / 25.4;
export const TRIM_H = (285 * 72) / 25.4;
export const BLEED = (3 * 72) / 25.4;

export function page(index: number, items: DisplayItem[]): DisplayPage {
  return {
    index,
    folio: String(index + 1).padStart(2, '0'),
    kind: 'body',
    boxes: { trimW: TRIM_W, trimH: TRIM_H, bleed: BLEED },
    items,
    lines: [],
  };
}

export function documentOf(pages: DisplayPage[]): DisplayDocument {
  const fonts = new Set<string>();
  for (const p of pages) for (const item of p.items) if (item.kind === 'glyphs') fonts.add(item.font);
  return { pages, fonts: [...fonts].sort() };
}

/** Text of a page's runs in drawing order, as a reader would copy it. */
export function runTexts(p: DisplayPage): string[] {
  return p.items.filter((item): item is GlyphRun => item.kind === 'glyphs').map((run) => run.glyphs.map((g) => g.text).join(''));
}
