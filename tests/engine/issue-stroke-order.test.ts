// 姓名笔画 order: stroke count of the first character, then its strokes in the classes 横竖撇点折,
// then the next characters (cnchar + cnchar-order data).
import { describe, expect, it } from 'vitest';
import { compareByStrokes, sortByStrokes, strokeKey } from '../../src/engine/issue/stroke-order';

describe('stroke keys', () => {
  it('counts strokes and maps the letters of cnchar-order to the five classes', () => {
    expect(strokeKey('一')).toEqual({ count: 1, classes: [1] });
    expect(strokeKey('乙')).toEqual({ count: 1, classes: [5] });
    expect(strokeKey('王')).toEqual({ count: 4, classes: [1, 1, 2, 1] });
    // 习: 横折钩, 点, 提 — the rising stroke counts with 横.
    expect(strokeKey('习')).toEqual({ count: 3, classes: [5, 4, 1] });
    // 人: 撇, 捺 — 捺 counts with 点.
    expect(strokeKey('人')).toEqual({ count: 2, classes: [3, 4] });
    // 小: 竖钩, 撇, 点 — 竖钩 counts with 竖.
    expect(strokeKey('小')).toEqual({ count: 3, classes: [2, 3, 4] });
    expect(strokeKey('A')).toBeNull();
  });
});

describe('compareByStrokes', () => {
  const before = (a: string, b: string): void => {
    expect(compareByStrokes(a, b), `${a} before ${b}`).toBeLessThan(0);
    expect(compareByStrokes(b, a), `${b} after ${a}`).toBeGreaterThan(0);
  };

  it('puts fewer strokes in the first character first', () => {
    before('马曙光', '王旭'); // 3 < 4
    before('王旭', '田利跃'); // 4 < 5
    before('李文', '罗斑'); // 7 < 8
  });

  it('orders equal counts by the first stroke, 横 竖 撇 点 折', () => {
    before('艾丽', '田利跃'); // 5 strokes: 横 before 竖
    before('田利跃', '付兆庚'); // 5 strokes: 竖 before 撇
    before('王旭', '邓乃平'); // 4 strokes: 横 before 横撇 (折)
    before('李文', '肖志刚'); // 7 strokes: 横 before 竖
    before('肖志刚', '张力兵'); // 7 strokes: 竖 before 横折 (折)
  });

  it('then compares the next characters', () => {
    before('王旭', '王荣梅');
    before('刘兵', '刘瑞成');
    before('刘瑞成', '刘震');
    before('田利跃', '田洪俊');
    expect(compareByStrokes('王旭', '王 旭')).toBe(0);
  });

  it('sorts the printed board into stroke order; the print differs on 艾丽/邓乃平 and 张力兵', () => {
    const printed = ['马曙光', '王旭', '王荣梅', '艾丽', '邓乃平', '田利跃', '田洪俊', '付兆庚', '朱光彤', '任武军', '刘兵', '刘瑞成', '刘震', '李文', '张力兵', '轩德祥', '肖志刚', '罗斑', '孟繁华', '赵玉影', '高峰', '陶晶', '彭丽霞', '程昌宏', '富大鹏', '暴剑', '潘临珠', '冀岩'];
    const sorted = sortByStrokes(printed);
    // The printed issue lists 艾 (5 strokes) before 邓 (4 strokes) …
    expect(printed.indexOf('艾丽')).toBeLessThan(printed.indexOf('邓乃平'));
    expect(sorted.indexOf('邓乃平')).toBeLessThan(sorted.indexOf('艾丽'));
    // … and 张 (first stroke 横折) before 轩 and 肖 (横, 竖), which the rule puts first.
    expect(sorted.slice(sorted.indexOf('李文'), sorted.indexOf('李文') + 4)).toEqual(['李文', '轩德祥', '肖志刚', '张力兵']);
    const moved = printed.filter((name, k) => sorted[k] !== name);
    expect(moved.sort()).toEqual(['张力兵', '肖志刚', '艾丽', '轩德祥', '邓乃平'].sort());
    expect(sortByStrokes(sorted)).toEqual(sorted);
  });
});
