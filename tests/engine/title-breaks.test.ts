// Two-line titles break where the editor marked the break, at a phrase space, or between words —
// never inside a word, a name or a number with its unit, and never leaving one character alone;
// the same in the 目录 (issue 10, item 6).
import { beforeAll, describe, expect, it } from 'vitest';
import { openerBlocks, type BlockContext } from '../../src/engine/flow/blocks';
import { gridFor } from '../../src/engine/flow/geometry';
import { DEFAULT_ISSUE_DESIGN } from '../../src/engine/issue/design';
import { layoutIssue } from '../../src/engine/issue/layout-issue';
import type { IssueLayoutInput } from '../../src/engine/issue/types';
import type { FontRegistry } from '../../src/engine/fonts/registry';
import { composeParagraph, DEFAULT_PARAGRAPH_SETTINGS, naturalLinesWidth, naturalPrefixWidths, ParagraphCache } from '../../src/engine/paragraph/compose';
import { nameMatcher } from '../../src/engine/paragraph/keep';
import { breakTitle, hasWordSegmenter, styledTitleText } from '../../src/engine/paragraph/title-breaks';
import { DEFAULT_STYLES } from '../../src/engine/styles/styles';
import { sampleIssueInput } from './issue-support';

/** One unit per character, half a unit per space: widths are character counts. */
const measure = (text: string): number => [...text].reduce((w, c) => w + (c === ' ' ? 0.5 : 1), 0);
const at = (width: number) => ({ width, measure });
const letters = (s: string) => [...s].filter((c) => !/[\s\p{P}\p{S}]/u.test(c)).length;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
/** Offsets (spaces left out) where the segmenter puts a word boundary. */
function wordBoundaries(text: string): Set<number> {
  const out = new Set<number>();
  let at = 0;
  for (const s of segmenter.segment(text)) {
    at += s.segment.replace(/\s/gu, '').length;
    out.add(at);
  }
  return out;
}
/** Offsets (spaces left out) of every break between the lines. */
function breaksOf(lines: readonly string[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const l of lines.slice(0, -1)) out.push((at += l.replace(/\s/gu, '').length));
  return out;
}
/** Offsets (spaces left out) of the editor's phrase spaces. */
function phraseMarks(text: string): Set<number> {
  const out = new Set<number>();
  let at = 0;
  for (const c of text) {
    if (/\s/u.test(c)) out.add(at);
    else at++;
  }
  return out;
}

describe('title breaks (pure)', () => {
  it('has the Chinese word segmenter (Node with full ICU)', () => {
    expect(hasWordSegmenter()).toBe(true);
  });

  it('keeps the editor’s lines, and a line break typed in the title field', () => {
    expect(breakTitle(['国家主席习近平发表', '二〇二六年新年贺词'], at(40))).toEqual(['国家主席习近平发表', '二〇二六年新年贺词']);
    expect(breakTitle(['市十六届人大常委会\n第二十一次会议召开'], at(40))).toEqual(['市十六届人大常委会', '第二十一次会议召开']);
    expect(breakTitle(['  ', '春山既望 步履先行'], at(40))).toEqual(['春山既望 步履先行']);
  });

  it('leaves a title that fits on one line alone, its phrase space kept', () => {
    expect(breakTitle(['春山既望 步履先行'], at(10))).toEqual(['春山既望 步履先行']);
  });

  it('breaks a title that does not fit at its phrase space first', () => {
    expect(breakTitle(['以首善标准完善残疾人服务保障体系 更好彰显首都北京人文情怀'], at(18))).toEqual(['以首善标准完善残疾人服务保障体系', '更好彰显首都北京人文情怀']);
    expect(breakTitle(['《北京市接诉即办工作条例》 实施情况、问题及建议'], at(20))).toEqual(['《北京市接诉即办工作条例》', '实施情况、问题及建议']);
    // Two spaces, three phrases: as few lines as fit, at phrases.
    expect(breakTitle(['乘势而上 接续奋斗 谱写人大工作高质量发展新篇章'], at(16))).toEqual(['乘势而上 接续奋斗', '谱写人大工作高质量发展新篇章']);
  });

  it('breaks between words when a phrase is wider than the measure, never inside one', () => {
    const title = '聚力金融公共数据专区运营实践夯实公共数据开发利用基础';
    for (const width of [10, 12, 14, 16, 18, 20]) {
      const lines = breakTitle([title], at(width));
      expect(lines.join('')).toBe(title);
      expect(lines.every((l) => measure(l) <= width)).toBe(true);
      const words = wordBoundaries(title);
      for (const b of breaksOf(lines)) expect(words.has(b), `${lines.join(' / ')} at ${width}`).toBe(true);
    }
    // The greedy cut at 16 would give 数据开/发.
    expect(breakTitle([title], at(16)).some((l) => l.endsWith('开'))).toBe(false);
  });

  it('never leaves one character alone on a line', () => {
    // Greedy at 19 leaves 议 alone.
    for (const width of [10, 12, 15, 17, 19]) {
      const lines = breakTitle(['关于涉外法律服务及人才培养工作情况及建议'], at(width));
      expect(lines.every((l) => letters(l) >= 2), lines.join(' / ')).toBe(true);
    }
    expect(breakTitle(['推进精细化、科学化管理 提高城市交通服务“温度”'], at(20)).every((l) => letters(l) >= 2)).toBe(true);
  });

  it('prefers balanced lines to a long line and a short tail', () => {
    // Greedy at 16: 加强监督工作推动经济发展保障改善 / 民生.
    const lines = breakTitle(['加强监督工作推动经济发展保障改善民生'], at(16));
    expect(lines).toHaveLength(2);
    expect(Math.abs(measure(lines[0]!) - measure(lines[1]!))).toBeLessThanOrEqual(2);
  });

  it('keeps names and numbers with their units whole, and keeps 避头尾', () => {
    const names = nameMatcher(['习近平', '赵乐际']);
    const title = '学习贯彻习近平总书记在2025年视察北京时的重要讲话精神';
    for (const width of [6, 7, 8, 9, 10, 11, 12, 13]) {
      const lines = breakTitle([title], { ...at(width), names });
      expect(lines.join('')).toBe(title);
      for (const b of breaksOf(lines)) {
        const i = title.indexOf('习近平');
        expect(b > i && b < i + 3, `name split: ${lines.join(' / ')}`).toBe(false);
        const y = title.indexOf('2025年');
        expect(b > y && b < y + 5, `number split: ${lines.join(' / ')}`).toBe(false);
      }
    }
    for (const width of [5, 6, 7, 8, 9, 10]) {
      const lines = breakTitle(['推进精细化、科学化管理提高“城市交通”服务《温度》'], at(width));
      for (const l of lines.slice(1)) expect(/^[、，。》”]/u.test(l), lines.join(' / ')).toBe(false);
      for (const l of lines.slice(0, -1)) expect(/[《“]$/u.test(l), lines.join(' / ')).toBe(false);
    }
  });

  it('leaves a line to the composer when no choice fits (a word wider than the measure)', () => {
    expect(breakTitle(['马克思主义'], at(1.5))).toEqual(['马克思主义']);
  });
});

describe('titles of the sample issue, set with the real fonts', () => {
  let input: IssueLayoutInput;
  let fonts: FontRegistry;
  beforeAll(() => {
    ({ input, fonts } = sampleIssueInput());
  });

  /** Breaks that are neither at an editor's line or phrase space nor between words, and one-character lines. */
  function problems(titleLines: readonly string[], lines: readonly string[]): string[] {
    const out: string[] = [];
    const full = titleLines.join(' ');
    const marks = phraseMarks(full);
    let at = 0;
    for (const l of titleLines) marks.add((at += l.replace(/\s/gu, '').length));
    const words = wordBoundaries(full);
    for (const b of breaksOf(lines)) if (!marks.has(b) && !words.has(b)) out.push(`inside a word: ${lines.join(' / ')}`);
    for (const l of lines) if (letters(l) === 1) out.push(`one character alone: ${lines.join(' / ')}`);
    return out;
  }

  it('opener titles: every break at a mark or between words, no character alone (at the type area and at one column)', () => {
    const grid = gridFor(DEFAULT_ISSUE_DESIGN.page);
    const ctx: BlockContext = { fonts, styles: DEFAULT_STYLES, cache: new ParagraphCache(), grid };
    const found: string[] = [];
    let broken = 0;
    for (const section of input.sections) {
      for (const a of section.articles) {
        for (const width of [grid.width, 225]) {
          const title = openerBlocks(ctx, { ...a, sectionLabel: null, subtitle: null, byline: null, authorInfo: null }, width).find((b) => b.part === 'title');
          if (!title) continue;
          const lines = title.lines.map((l) => l.text);
          if (lines.length > 1) broken++;
          found.push(...problems(a.titleLines, lines));
          // The lines the opener sets are the lines the title module chose.
          expect(lines.join('\n').replace(/ /gu, '')).toBe(styledTitleText(ctx, DEFAULT_STYLES.title, a.titleLines, width).replace(/ /gu, ''));
        }
      }
    }
    expect(broken).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });

  it('目录 titles: every break at a mark or between words, no character alone', () => {
    const result = layoutIssue(input, fonts);
    const inOrder = input.sections.flatMap((s) => s.articles);
    const found: string[] = [];
    let broken = 0;
    for (const page of result.document.pages.filter((p) => p.kind === 'contents')) {
      const byEntry = new Map<number, string[]>();
      for (const l of page.lines) {
        if (l.source.owner !== 'toc' || l.source.part !== 'title') continue;
        const list = byEntry.get(l.source.blockIndex) ?? [];
        list.push(l.text);
        byEntry.set(l.source.blockIndex, list);
      }
      for (const [index, lines] of byEntry) {
        if (lines.length > 1) broken++;
        found.push(...problems(inOrder[index]!.titleLines, lines));
      }
    }
    expect(broken).toBeGreaterThan(3);
    expect(found).toEqual([]);
  });
});

describe('the natural width titles and contents entries are measured with', () => {
  let fonts: FontRegistry;
  let input: IssueLayoutInput;
  beforeAll(() => {
    ({ input, fonts } = sampleIssueInput());
  });

  /** What composing the text at a measure no line fills gives: the widest line's width. */
  const composedWidth = (text: string, s: typeof DEFAULT_PARAGRAPH_SETTINGS, face: ReturnType<FontRegistry['resolve']>) =>
    Math.max(0, ...composeParagraph(text, face, s, 100_000).lines.map((l) => l.width));

  it('is the width composition sets, for every title piece of the sample and for marks at both edges', () => {
    const face = fonts.resolve('hei', 700);
    const texts = new Set<string>(['「人民」代表', '（一）', '“两会”。', '2026年 GDP增长', '  前导空格', '尾随空格  ', '第一行\n第二行更长一些，', '《北京人大》、', '']);
    for (const a of input.sections.flatMap((x) => x.articles)) {
      const line = a.titleLines.join(' ');
      for (let i = 0; i < line.length; i += 3) for (let j = i + 1; j <= line.length; j += 2) texts.add(line.slice(i, j));
    }
    const settings = [
      { ...DEFAULT_PARAGRAPH_SETTINGS, align: 'start' as const, lastLineAlign: 'start' as const, firstLineIndent: 0 },
      { ...DEFAULT_PARAGRAPH_SETTINGS, align: 'start' as const, lastLineAlign: 'start' as const, firstLineIndent: 2, tracking: 0.05, kinsoku: 'strict' as const },
    ];
    let compared = 0;
    for (const s of settings) {
      for (const t of texts) {
        expect(naturalLinesWidth(t, face, s), JSON.stringify(t)).toBeCloseTo(composedWidth(t, s, face), 9);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('is the same, to the last bit, measured as beginnings of one rest of a line', () => {
    const rests = new Set<string>(['「人民」代表（一）“两会”。', '2026年 GDP增长10%以上——COVID-19', '《北京人大》、「', '？！」。（', '中 A 中', '（开头', '  ', '']);
    for (const a of input.sections.flatMap((x) => x.articles)) {
      const line = a.titleLines.join(' ');
      for (let i = 0; i < line.length; i++) rests.add(line.slice(i));
    }
    const settings = [
      { ...DEFAULT_PARAGRAPH_SETTINGS, align: 'start' as const, lastLineAlign: 'start' as const, firstLineIndent: 0 },
      { ...DEFAULT_PARAGRAPH_SETTINGS, align: 'start' as const, lastLineAlign: 'start' as const, firstLineIndent: 2, tracking: 0.05, kinsoku: 'strict' as const, pairCompression: 1 as const },
    ];
    let compared = 0;
    let inside = 0;
    for (const face of [fonts.resolve('hei', 700), fonts.resolve('song', 400)]) {
      for (const s of settings) {
        for (const rest of rests) {
          const widthTo = naturalPrefixWidths(rest, face, s);
          for (let end = 0; end <= rest.length; end++) {
            const w = widthTo(end);
            if (w === undefined) inside++;
            else {
              expect(w, JSON.stringify(rest.slice(0, end))).toBe(naturalLinesWidth(rest.slice(0, end), face, s));
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(5000);
    // Only offsets inside a Latin word, a number or a mark group are left to the caller.
    expect(inside).toBeLessThan(compared / 10);
    expect(naturalPrefixWidths('第一行\n第二行', fonts.resolve('song', 400), settings[0]!)(3)).toBeUndefined();
  });

  it('breaks every sample title as measuring each candidate line alone does, with far fewer measures', () => {
    const face = fonts.resolve('hei', 700);
    const s = { ...DEFAULT_PARAGRAPH_SETTINGS, align: 'start' as const, lastLineAlign: 'start' as const, firstLineIndent: 0, kinsoku: 'strict' as const };
    let alone = 0;
    let withBeginnings = 0;
    let broken = 0;
    for (const a of input.sections.flatMap((x) => x.articles)) {
      for (const width of [6, 8, 10, 13, 17]) {
        const measureAlone = (t: string) => (alone++, naturalLinesWidth(t, face, s));
        const measure = (t: string) => (withBeginnings++, naturalLinesWidth(t, face, s));
        const expected = breakTitle(a.titleLines, { width, measure: measureAlone, kinsoku: 'strict' });
        const got = breakTitle(a.titleLines, { width, measure, measureBeginnings: (rest) => naturalPrefixWidths(rest, face, s), kinsoku: 'strict' });
        expect(got, a.titleLines.join('|')).toEqual(expected);
        if (expected.length > a.titleLines.length) broken++;
      }
    }
    expect(broken).toBeGreaterThan(10);
    expect(withBeginnings).toBeLessThan(alone / 3);
  });

  it('is memoised by the paragraph cache without composing anything', () => {
    const face = fonts.resolve('song', 400);
    const cache = new ParagraphCache();
    const s = { ...DEFAULT_PARAGRAPH_SETTINGS, align: 'start' as const, firstLineIndent: 0 };
    const w = cache.measure('乘势而上 接续奋斗', face, s);
    expect(cache.measure('乘势而上 接续奋斗', face, s)).toBe(w);
    expect(w).toBeCloseTo(composedWidth('乘势而上 接续奋斗', s, face), 9);
    expect(cache.size).toBe(0);
  });
});
