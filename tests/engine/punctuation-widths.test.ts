// typography.md §7.2: natural widths of whole lines, with the §7 test font.
import { describe, expect, it } from 'vitest';
import { naturalWidthOf } from './spec-support';

const ROWS: [string, string, number][] = [
  ['PW-01', '一二三四五六七八九，', 9.5],
  ['PW-02', '一。”二', 3.5],
  ['PW-03', '一。”', 2.0],
  ['PW-04', '一，“二', 3.5],
  ['PW-05', '》《', 1.5],
  ['PW-06', '一（《二', 3.5],
  ['PW-07', '一？！二', 3.0],
  ['PW-08', '一？？？二', 4.0],
  ['PW-09', '使用GDP指标', 6.0],
  ['PW-10', 'GDP指标', 3.75],
  ['PW-11', '用（GDP）表', 5.5],
  ['PW-12', '“十”后文', 4.5],
  ['PW-13', '一·二', 2.5],
  ['PW-14', '影/吕', 2.5],
  ['PW-15a', '一——二', 4.0],
  ['PW-15b', '一……二', 4.0],
  ['PW-16', '一（二）三', 5.0],
  ['PW-17', '一。”）二', 4.0],
  ['PW-18', '力量。□（本刊）', 7.5],
];

describe('typography.md §7.2 natural widths', () => {
  for (const [id, text, width] of ROWS) {
    it(`${id}: ${text} = ${width} em`, () => {
      expect(naturalWidthOf(text)).toBeCloseTo(width, 9);
    });
  }
  it('pair compression of 1 em removes both halves of adjacent marks', () => {
    expect(naturalWidthOf('一。“二', { pairCompression: 1 })).toBeCloseTo(3.0, 9);
  });
  it('a typed space between Han and Latin becomes the 1/4 em CJK–Latin space', () => {
    expect(naturalWidthOf('使用 GDP 指标')).toBeCloseTo(6.0, 9);
  });
  it('cjkDigitSpace may set digits solid', () => {
    expect(naturalWidthOf('共12人', { cjkDigitSpace: 0 })).toBeCloseTo(3.0, 9);
    expect(naturalWidthOf('共12人')).toBeCloseTo(3.5, 9);
  });
});
