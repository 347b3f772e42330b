// Keep-together (issue 10, item 6): names, words marked 不断行 and numbers with their units are
// never split across lines, and a paragraph's last line with its end mark stays inside the
// measure — on constructed paragraphs at a measure that would split them, and on the whole sample
// issue laid out through the node side.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksFromDoc, isNobreakStyle, NOBREAK_STYLE, nodeToBlock, type ArticleDoc, type SerializedBlock, type SerializedInline } from '../../src/shared/article-doc';
import { LayoutEngine, type LayoutArticle } from '../../src/engine/index';
import { articleNames, colophonNames, namesInLine } from '../../src/engine/names';
import { composeParagraph, ParagraphCache } from '../../src/engine/paragraph/compose';
import { lineGlyphs } from './line-glyphs';
import { collectNumberUnits, keepSpans, nameMatcher, NameMatcher } from '../../src/engine/paragraph/keep';
import { loadFontRegistry } from '../../src/node/fonts/default-fonts';
import type { FontRegistry } from '../../src/engine/fonts/registry';
import { getIssueLayout, issueLayoutInput } from '../../src/node/services/issue-layout';
import { leaderNames, parseNameList } from '../../src/node/services/keep-names';
import { openSampleLibrary } from './issue-support';
import { lineJoins, overlongLines, splitNames, splitNumbers } from './keep-together-support';
import { specFace, specSettings } from './spec-support';

const set = (text: string, width: number, keep?: Parameters<ParagraphCache['compose']>[5], over = {}): string[] =>
  new ParagraphCache().compose(text, specFace, specSettings(over), width, [], keep).lines.map((l) => l.text);

const textNode = (t: string, style = ''): SerializedInline => ({ type: 'text', text: t, format: 0, detail: 0, mode: 'normal', style, version: 1 });
const paragraph = (...children: SerializedInline[]): SerializedBlock => ({ type: 'paragraph', children, direction: 'ltr', format: '', indent: 0, version: 1 });
const docOf = (...blocks: SerializedBlock[]): ArticleDoc => ({ root: { type: 'root', children: blocks, direction: 'ltr', format: '', indent: 0, version: 1 } });

describe('names', () => {
  const names = nameMatcher(['习近平', '赵乐际', '王建中', '马克思', '雪克来提·扎克尔']);

  it('keeps a name on one line where the measure would split it', () => {
    // Ten em: 习近 would end the first line.
    expect(set('一二三四五六七八习近平发表新年贺词', 10)).toEqual(['一二三四五六七八习近', '平发表新年贺词']);
    expect(set('一二三四五六七八习近平发表新年贺词', 10, { names })).toEqual(['一二三四五六七八', '习近平发表新年贺词']);
    expect(set('一二三四五六七委员长赵乐际出席会议', 10, { names })).toEqual(['一二三四五六七委员长', '赵乐际出席会议']);
    expect(set('一二三四五六七八九王建中出席', 10, { names })).toEqual(['一二三四五六七八九', '王建中出席']);
    expect(set('一二三四五六七八做坚定的马克思主义者', 10, { names })).toEqual(['一二三四五六七八做坚', '定的马克思主义者']);
  });

  it('keeps a Latin name whole across its space', () => {
    const latin = nameMatcher(['Chris Krycho']);
    // With the text's own units off (§1.4's option), only the matcher holds the name.
    const off = { keepNumberWithUnit: false };
    const free = set('一二三四五六作Chris Krycho译', 10, undefined, off);
    expect(free.some((l) => l.endsWith('Chris'))).toBe(true);
    const kept = set('一二三四五六作Chris Krycho译', 10, { names: latin }, off);
    expect(kept.some((l) => l.includes('Chris Krycho'))).toBe(true);
  });

  it('still justifies the line the name leaves: its gaps take the space', () => {
    const p = new ParagraphCache().compose('一二三四五六七八习近平发表新年贺词', specFace, specSettings(), 10, [], { names });
    expect(p.lines[0]!.width).toBeCloseTo(10, 6);
    expect(p.lines[0]!.gapStretch).toBeCloseTo(2 / 7, 6);
  });

  it('finds the longest name first and builds a matcher once per list', () => {
    const m = new NameMatcher(['王建', '王建中', '习近平']);
    const out: number[] = [];
    m.collect('秘书长王建中、习近平', out);
    expect(out).toEqual([3, 6, 7, 10]);
    expect(nameMatcher(['习近平', '赵乐际'])).toBe(nameMatcher(['习近平', '赵乐际']));
    expect(nameMatcher(['习近平', '赵乐际']).key).not.toBe(nameMatcher(['习近平']).key);
  });

  it('reads the names of bylines, credits and the colophon, not roles or organisations', () => {
    expect(namesInLine('文 / 本刊 史健')).toEqual(['史健']);
    expect(namesInLine('文 / 市人大常委会代表工作委员会')).toEqual([]);
    expect(namesInLine('文 / 市城市管理委课题组')).toEqual([]);
    expect(namesInLine('本刊记者 吕亚南 张樾')).toEqual(['吕亚南', '张樾']);
    expect(namesInLine('摄影/吕亚南')).toEqual(['吕亚南']);
    // Names in Latin letters keep their inner space: a byline of translated authors.
    expect(namesInLine('Steve Klabnik、Carol Nichols、Chris Krycho 译')).toEqual(['Steve Klabnik', 'Carol Nichols', 'Chris Krycho']);
    expect(namesInLine('文 / Rust 中文社区')).toEqual([]);
    const body = docOf({ type: 'qk-caption', children: [textNode('图注')], direction: 'ltr', format: '', indent: 0, version: 1, creditKind: '摄影', creditName: '李文' });
    expect(articleNames({ byline: '张雪梅', body })).toEqual(['张雪梅', '李文']);
    expect(
      colophonNames({
        organisation: [],
        editorialBoard: { heading: '编辑委员会', chair: '王建中', viceChair: '李春荣', members: ['马曙光', '王旭'], note: '', roles: { chair: '主任', viceChair: '副主任', members: '委员' } },
        chiefEditor: { role: '主编', name: '田洪俊' },
        editorialOfficeHeading: '编辑部',
        editorialOffice: [{ role: '编辑', names: ['谢涛'] }],
        contacts: [],
        production: [],
        price: { label: '定价', value: '6.00元', amount: 6, currency: 'CNY' },
      }),
    ).toEqual(['王建中', '李春荣', '马曙光', '王旭', '田洪俊', '谢涛']);
  });

  it('ships a maintained list with the national leaders and the names the sample splits', () => {
    const file = path.join(__dirname, '../../resources/names/leaders.txt');
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^#/u);
    const list = parseNameList(text);
    for (const n of ['习近平', '李强', '赵乐际', '王沪宁', '蔡奇', '丁薛祥', '李希', '韩正', '王建中', '马克思', '李秀领', '尹力', '殷勇']) expect(list).toContain(n);
    expect(list.every((n) => !n.includes('#') && n === n.trim())).toBe(true);
    expect(leaderNames()).toEqual(list);
  });
});

describe('words marked 不断行', () => {
  it('reads the text style white-space: nowrap as a nobreak run', () => {
    expect(isNobreakStyle(NOBREAK_STYLE)).toBe(true);
    expect(isNobreakStyle('color: red; white-space:nowrap;')).toBe(true);
    expect(isNobreakStyle('white-space: normal')).toBe(false);
    const block = nodeToBlock(paragraph(textNode('一二三'), textNode('全过程', NOBREAK_STYLE), textNode('人民民主', NOBREAK_STYLE), textNode('后')));
    expect(block).toEqual({ type: 'paragraph', text: '一二三全过程人民民主后', runs: [{ start: 3, end: 10, format: 0, nobreak: true }] });
  });

  it('keeps a marked word on one line, touching marked runs as one word', () => {
    const text = '一二三四五六七八全过程人民民主的实践';
    expect(set(text, 10)).toEqual(['一二三四五六七八全过', '程人民民主的实践']);
    expect(set(text, 10, { nobreak: [{ start: 8, end: 11 }] })).toEqual(['一二三四五六七八', '全过程人民民主的实践']);
    expect(keepSpans(text, { nobreak: [{ start: 8, end: 11 }, { start: 11, end: 15 }] }, true)).toEqual([8, 15]);
  });

  it('reaches the engine from the article body', () => {
    const fonts = loadFontRegistry().registry;
    const word = '全过程人民民主';
    // The word at every offset in the paragraph: some line would end inside it.
    const children: SerializedInline[] = [];
    for (let k = 0; k < 24; k++) children.push(textNode('坚持发展'.slice(0, k % 4) + '一'), textNode(word, NOBREAK_STYLE), textNode('。'));
    const body = docOf(paragraph(...children));
    expect(blocksFromDoc(body)[0]!.type).toBe('paragraph');
    const art: LayoutArticle = { id: 1, titleLines: ['测试'], subtitle: null, byline: null, authorInfo: null, body, endMark: false };
    const marked = new LayoutEngine(fonts).layout([art]).document;
    expect(splitNames(lineJoins(marked), [word])).toEqual([]);
    const plain = docOf(paragraph(...children.map((c) => ({ ...(c as object), style: '' }) as SerializedInline)));
    const unmarked = new LayoutEngine(fonts).layout([{ ...art, body: plain }]).document;
    expect(splitNames(lineJoins(unmarked), [word]).length).toBeGreaterThan(0);
  });
});

describe('numbers with their units', () => {
  const numberSpans = (text: string): string[] => {
    const out: number[] = [];
    collectNumberUnits(text, out);
    const words: string[] = [];
    for (let k = 0; k < out.length; k += 2) words.push(text.slice(out[k], out[k + 1]));
    return words;
  };

  it('finds a digit run with its unit, magnitude, 余/多 and a leading 第', () => {
    expect(numberSpans('2026年12月第3次会议，减少预算5.6亿元，30%，500余名代表，近1.4万条，8600多家，3万平方米，２０２６年')).toEqual([
      '2026年', '12月', '第3次', '5.6亿元', '30%', '500余名', '1.4万条', '8600多家', '3万平方米', '２０２６年',
    ]);
    expect(numberSpans('CN 11-4553/D，电话55588160')).toEqual([]);
    // Text from Latin-spaced sources: one space between 第, the number and its unit.
    expect(numberSpans('参见第 1.1.6 节和第1.2.2节，约 5 公里，共 3 人')).toEqual(['第 1.1.6 节', '第1.2.2节', '5 公里', '3 人']);
    expect(numberSpans('版本 2.100 中')).toEqual([]);
  });

  it('never separates a number from its unit at a line end', () => {
    const cjk0 = { cjkLatinSpace: 0, cjkDigitSpace: 0 };
    expect(set('一二三四五六七八九2026年是开局之年', 10, undefined, cjk0)).toEqual(['一二三四五六七八九', '2026年是开局之年']);
    expect(set('一二三四五六七八九5.6亿元的预算', 10, undefined, cjk0)).toEqual(['一二三四五六七八九', '5.6亿元的预算']);
    expect(set('一二三四五六七八九第3次会议召开', 10, undefined, cjk0)).toEqual(['一二三四五六七八九', '第3次会议召开']);
    expect(set('一二三四五六七八九十12月召开会议', 10, undefined, cjk0)).toEqual(['一二三四五六七八九十', '12月召开会议']);
    // Full-width digits are one atom each: the keep holds them and the ％ together.
    expect(set('一二三四五六七八九３０％的代表', 10, undefined, cjk0)).toEqual(['一二三四五六七八九', '３０％的代表']);
    // The option of typography.md §1.4 turns it off.
    expect(set('一二三四五六七八九第3次会议召开', 10, undefined, { ...cjk0, keepNumberWithUnit: false })).toEqual(['一二三四五六七八九第', '3次会议召开']);
  });
});

describe('a paragraph-final line with its end mark', () => {
  it('is shrunk into the measure when push-in took the end mark onto it', () => {
    // 12 em natural, 2 em of shrink (three commas and the 。 before □): push-in keeps 。□ on the line.
    const text = '一，二，三，四五力量。□';
    const p = composeParagraph(text, specFace, specSettings(), 10);
    expect(p.lines.map((l) => l.text)).toEqual([text]);
    expect(p.lines[0]!.width).toBeLessThanOrEqual(10 + 1e-9);
    const lastGlyph = lineGlyphs(p.lines[0]!).at(-1)!;
    expect(lastGlyph.text).toBe('□');
    expect(lastGlyph.x + lastGlyph.advance / specFace.unitsPerEm).toBeLessThanOrEqual(10 + 1e-9);
  });

  it('pulls a character down with the end mark when shrinking cannot make room (LB-25)', () => {
    expect(composeParagraph('一二三四五六七八九十。□', specFace, specSettings(), 10).lines.map((l) => l.text)).toEqual(['一二三四五六七八', '九十。□']);
  });

  it('shrinks a last line closing with 。” as well', () => {
    const p = composeParagraph('一，二，三，四五民意。”', specFace, specSettings(), 10);
    expect(p.lines).toHaveLength(1);
    expect(p.lines[0]!.width).toBeLessThanOrEqual(10 + 1e-9);
  });
});

describe('the sample issue through the node side', () => {
  let sample: ReturnType<typeof openSampleLibrary>;
  let fonts: FontRegistry;
  beforeAll(() => {
    sample = openSampleLibrary();
    fonts = loadFontRegistry().registry;
  });
  afterAll(() => sample.cleanup());

  it('splits no name, separates no number from its unit and sets no line past its column', () => {
    const input = issueLayoutInput(sample.lib, 1);
    expect(input.keepNames).toEqual(leaderNames());
    const result = getIssueLayout(sample.lib, 1);
    const doc = result.document;
    const names = [
      ...leaderNames(),
      ...colophonNames(input.colophon),
      ...input.sections.flatMap((s) => s.articles.flatMap((a) => articleNames(a))),
    ];
    for (const n of ['习近平', '赵乐际', '王建中', '马克思', '史健', '田洪俊']) expect(names).toContain(n);
    const joins = lineJoins(doc);
    expect(joins.length).toBeGreaterThan(2000);
    expect(splitNames(joins, names).map((j) => `${j.page}: ${j.before}|${j.after}`)).toEqual([]);
    expect(splitNumbers(joins).map((j) => `${j.page}: ${j.before}|${j.after}`)).toEqual([]);
    expect(overlongLines(doc, fonts).map((l) => `${l.page}: ${l.text} +${l.overPt.toFixed(1)}pt`)).toEqual([]);
    expect(result.report.prohibitedLineStarts).toEqual([]);
    expect(result.report.prohibitedLineEnds).toEqual([]);
    expect(result.report.singleCharacterLastLines).toEqual([]);
  });
});
