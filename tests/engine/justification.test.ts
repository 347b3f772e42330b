// typography.md §7.3 justification and §7.5 GR-03 distributed setting, with the §7 test font.
import { describe, expect, it } from 'vitest';
import { composeParagraph, type ComposedLine } from '../../src/engine/paragraph/compose';
import { lineGlyphs } from './line-glyphs';
import { specFace, specSettings } from './spec-support';

/** x of each glyph that shows the given character (first occurrence per call order). */
function xs(line: ComposedLine): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const g of lineGlyphs(line)) m.set(g.text, [...(m.get(g.text) ?? []), g.x]);
  return m;
}

describe('typography.md §7.3 justification', () => {
  it('JU-01: 7 eligible gaps each get 1/14 em; 六 ends at 10', () => {
    const p = composeParagraph('他说：“一二三四五六七。”后面的话', specFace, specSettings(), 10);
    const l = p.lines[0]!;
    expect(l.text).toBe('他说：“一二三四五六');
    expect(l.width).toBeCloseTo(10, 9);
    expect(l.gapStretch).toBeCloseTo(1 / 14, 9);
    const x = xs(l);
    // 说|： is not eligible: ： follows 说 directly.
    expect(x.get('：')![0]! - x.get('说')![0]!).toBeCloseTo(1, 9);
    // “|一 is not eligible: 一 starts where the half-width “ box ends (“ drawn 0.5 em left of its box).
    expect(x.get('一')![0]! - x.get('“')![0]!).toBeCloseTo(1, 9);
    expect(x.get('六')![0]! + 1).toBeCloseTo(10, 9);
  });
  it('JU-02: a last line is not justified', () => {
    const p = composeParagraph('岁序更替，华章日新。2025年，是“十四五”收官之年。', specFace, specSettings({ cjkLatinSpace: 0, cjkDigitSpace: 0 }), 10);
    const l = p.lines[2]!;
    expect(l.text).toBe('收官之年。');
    expect(l.width).toBeCloseTo(4.5, 9);
    expect(lineGlyphs(l)[0]!.x).toBe(0);
    expect(l.gapStretch).toBe(0);
  });
  it('JU-03: CJK–Latin spaces go to 1/3 em, the rest over the four Han gaps', () => {
    const p = composeParagraph('使用GDP指标一二三四', specFace, specSettings(), 8.5);
    const l = p.lines[0]!;
    expect(l.text).toBe('使用GDP指标一二');
    expect(l.width).toBeCloseTo(8.5, 9);
    expect(l.gapStretch).toBeCloseTo(1 / 12, 9);
    const x = xs(l);
    expect(x.get('G')![0]! - (x.get('用')![0]! + 1)).toBeCloseTo(1 / 3, 9);
    expect(x.get('指')![0]! - (x.get('P')![0]! + 0.5)).toBeCloseTo(1 / 3, 9);
    expect(x.get('用')![0]! - x.get('使')![0]!).toBeCloseTo(1 + 1 / 12, 9);
  });
  it('JU-04: only Han–Han gaps stretch; · keeps 0.5 em with nothing beside it', () => {
    const p = composeParagraph('一二三·四五六七', specFace, specSettings(), 7);
    const l = p.lines[0]!;
    expect(l.text).toBe('一二三·四五');
    expect(l.gapStretch).toBeCloseTo(0.5, 9);
    const x = xs(l);
    expect(x.get('二')![0]).toBeCloseTo(1.5, 9);
    expect(x.get('三')![0]).toBeCloseTo(3, 9);
    expect(x.get('四')![0]! - x.get('三')![0]!).toBeCloseTo(1.5, 9);
    expect(x.get('五')![0]).toBeCloseTo(6, 9);
  });
  it('flags a line whose per-gap stretch exceeds 0.25 em', () => {
    const p = composeParagraph('一二三·四五六七', specFace, specSettings(), 7);
    expect(p.lines[0]!.loose).toBe(true);
    const tight = composeParagraph('他说：“一二三四五六七。”后面的话', specFace, specSettings(), 10);
    expect(tight.lines[0]!.loose).toBe(false);
  });
  it('shrinks inner commas when push-in takes a line end mark (LB-02)', () => {
    const p = composeParagraph('一二，三四五六七八九，后续', specFace, specSettings(), 10);
    const l = p.lines[0]!;
    expect(l.width).toBeCloseTo(10, 9);
    const x = xs(l);
    expect(x.get('三')![0]! - x.get('二')![0]!).toBeCloseTo(1.5, 9);
  });
});

describe('typography.md §7.5 GR-03 distributed setting', () => {
  const cases: [string, number, number[]][] = [
    ['编辑出版', 5, [0, 4 / 3, 8 / 3, 4]],
    ['主编', 5, [0, 4]],
    ['王旭', 3, [0, 2]],
  ];
  for (const [text, width, expected] of cases) {
    it(`${text} in ${width} em`, () => {
      const p = composeParagraph(text, specFace, specSettings({ align: 'distribute', lastLineAlign: 'distribute' }), width);
      const got = lineGlyphs(p.lines[0]!).map((g) => g.x);
      expect(got.length).toBe(expected.length);
      got.forEach((x, k) => expect(x).toBeCloseTo(expected[k]!, 9));
    });
  }
});
