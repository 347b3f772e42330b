// The atom list's storage (atoms.ts AtomList): atom and glyph arrays carved from one buffer each. A
// paragraph's list is sized by its text and rarely grows (a split Latin run or a shaping with more
// glyphs than characters), so growth is checked here on a list that starts with room for one of each.
import { describe, expect, it } from 'vitest';
import { AtomList, FLAG_COUNTS_AS_TEXT, KIND_HAN, KIND_LATIN, KIND_SPACE, SHRINK_NONE, SIDE_HAN, SIDE_LETTER, SIDE_NONE } from '../../src/engine/paragraph/atoms';

describe('AtomList', () => {
  it('keeps every field of every atom and glyph when its arrays grow', () => {
    const l = new AtomList('x'.repeat(100), 1, 1);
    for (let k = 0; k < 100; k++) {
      l.addGlyph(k, k * 2, k / 3, `t${k}`);
      l.addGlyph(1000 + k, 1, 2, '');
      l.add(k % 11, k, k + 1, k * 0.5, k * 0.25, k * 0.125, k % 4, k % 8, k % 4, (k + 1) % 4, k - 50, l.glyphCount - 2);
    }
    expect(l.length).toBe(100);
    expect(l.glyphCount).toBe(200);
    for (let k = 0; k < 100; k++) {
      expect([l.kind[k], l.start[k], l.end[k], l.width[k], l.adjLeft[k], l.adjRight[k]]).toEqual([k % 11, k, k + 1, k * 0.5, k * 0.25, k * 0.125]);
      expect([l.shrinkGroup[k], l.flags[k], l.leftSide[k], l.rightSide[k], l.run[k], l.glyphStart[k], l.glyphEnd[k]]).toEqual([k % 4, k % 8, k % 4, (k + 1) % 4, k - 50, 2 * k, 2 * k + 2]);
      expect([l.gid[2 * k], l.advance[2 * k], l.dx[2 * k], l.glyphText[2 * k]]).toEqual([k, 2 * k, k / 3, `t${k}`]);
      expect([l.gid[2 * k + 1], l.advance[2 * k + 1], l.dx[2 * k + 1], l.glyphText[2 * k + 1]]).toEqual([1000 + k, 1, 2, '']);
    }
  });

  it('reads a space atom as a space, also a tab, and any other atom as its text', () => {
    const l = new AtomList('中\tA', 3);
    l.add(KIND_HAN, 0, 1, 1, 0, 0, SHRINK_NONE, FLAG_COUNTS_AS_TEXT, SIDE_HAN, SIDE_HAN, -1, 0);
    l.add(KIND_SPACE, 1, 2, 0.25, 0, 0, SHRINK_NONE, 0, SIDE_NONE, SIDE_NONE, -1, 0);
    l.add(KIND_LATIN, 2, 3, 0.5, 0, 0, SHRINK_NONE, FLAG_COUNTS_AS_TEXT, SIDE_LETTER, SIDE_LETTER, -1, 0);
    expect([l.textOf(0), l.textOf(1), l.textOf(2)]).toEqual(['中', ' ', 'A']);
  });
});
