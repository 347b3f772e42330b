// The six-letter subset prefix of a BaseFont ("ABCDEF+NotoSerifSC-Regular"). Derived from the
// font name and the glyph set so the same input always gives the same file, and two different
// subsets of one font in one workflow get different names (PDF 32000-1 §9.6.4).
// Pure.

const LETTERS = 26;
const TAG_LENGTH = 6;

/** FNV-1a over the name's char codes and the sorted glyph ids, two independent 32-bit lanes. */
export function subsetTag(fontName: string, sortedGlyphIds: readonly number[]): string {
  let laneA = 0x811c9dc5;
  let laneB = 0x01000193 ^ sortedGlyphIds.length;
  const mix = (value: number): void => {
    laneA = Math.imul(laneA ^ value, 0x01000193) >>> 0;
    laneB = Math.imul(laneB ^ (value + 0x9e3779b9), 0x85ebca6b) >>> 0;
  };
  for (let i = 0; i < fontName.length; i++) mix(fontName.charCodeAt(i));
  for (const gid of sortedGlyphIds) {
    mix(gid & 0xff);
    mix(gid >>> 8);
  }
  // 26^6 ≈ 3.1e8 < 2^32; combine both lanes so every glyph id moves every letter.
  let value = (laneA ^ Math.imul(laneB, 31)) >>> 0;
  let tag = '';
  for (let i = 0; i < TAG_LENGTH; i++) {
    tag += String.fromCharCode(65 + (value % LETTERS));
    value = Math.floor(value / LETTERS);
  }
  return tag;
}
