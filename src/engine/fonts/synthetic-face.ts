// A font with the metrics convention of typography.md §7, so the spec's test cases hold exactly:
// Han and full-width marks 1 em, ASCII letters/digits/marks 0.5 em, U+0020 0.25 em, U+00A0 0.5 em.
// Glyph ids are the code points themselves. Used by unit tests and as a stand-in where no real
// font bytes exist.

import type { FaceGlyph, FontFace, ShapedGlyph } from './font-face';

const UNITS_PER_EM = 1000;

function syntheticAdvance(cp: number): number {
  if (cp === 0x20) return 250;
  if (cp === 0xa0) return 500;
  if (cp < 0x80) return 500;
  // Proportional marks that the spec sets in a half-em box anyway.
  if (cp === 0xb7 || cp === 0x2013 || cp === 0x2009 || cp === 0x202f) return 500;
  if (cp === 0x2060) return 0;
  return UNITS_PER_EM;
}

export function createSyntheticFace(key = 'Synthetic-Regular', missing: ReadonlySet<number> = new Set()): FontFace {
  return {
    key,
    unitsPerEm: UNITS_PER_EM,
    ascent: 880,
    descent: -120,
    glyph(cp: number): FaceGlyph {
      if (missing.has(cp)) return { gid: 0, advance: UNITS_PER_EM };
      return { gid: cp, advance: syntheticAdvance(cp) };
    },
    shape(text: string): ShapedGlyph[] {
      const out: ShapedGlyph[] = [];
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        const g = missing.has(cp) ? { gid: 0, advance: UNITS_PER_EM } : { gid: cp, advance: syntheticAdvance(cp) };
        out.push({ ...g, text: ch });
      }
      return out;
    },
  };
}
