// Character styles: bold and emphasis spans of an article body print in their own faces.
import { beforeAll, describe, expect, it } from 'vitest';
import { blocksFromDoc, docFromBlocks, nodeToBlock, type ArticleDoc, type SerializedBlock, type SerializedInline } from '../../src/shared/article-doc';
import type { DisplayDocument, GlyphRun } from '../../src/engine/display-list';
import { createSyntheticFace } from '../../src/engine/fonts/synthetic-face';
import { FontRegistry } from '../../src/engine/fonts/registry';
import type { FontFace } from '../../src/engine/fonts/font-face';
import { LayoutEngine, type LayoutArticle } from '../../src/engine/index';
import { composeParagraph, DEFAULT_PARAGRAPH_SETTINGS, ParagraphCache } from '../../src/engine/paragraph/compose';
import { lineGlyphs } from './line-glyphs';
import { loadFontRegistry, type LoadedFonts } from '../../src/node/fonts/default-fonts';
import { writePdf } from '../../src/pdf/write-pdf';
import { dictOf, loadPdf, nameOf, resolve } from '../pdf/support/read-pdf';
import { readFileSync } from 'node:fs';
import type { PDFDict } from 'pdf-lib';

const text = (t: string, format = 0): SerializedInline => ({ type: 'text', text: t, format, detail: 0, mode: 'normal', style: '', version: 1 });
const paragraphNode = (children: SerializedInline[], type = 'paragraph'): SerializedBlock => ({ type, children, direction: 'ltr', format: '', indent: 0, version: 1 });
const docOf = (...blocks: SerializedBlock[]): ArticleDoc => ({ root: { type: 'root', children: blocks, direction: 'ltr', format: '', indent: 0, version: 1 } });

const BOLD_SPAN = '人民代表大会制度是我国的根本政治制度';
const LONG_BEFORE = '坚持和完善人民代表大会制度，必须坚持党的领导、人民当家作主、依法治国有机统一。在新时代新征程上，';
const LONG_AFTER = '，是支撑中国国家治理体系和治理能力的根本政治制度安排。各级人大要“守正创新”，把全过程人民民主贯彻到立法、监督、代表工作各方面。';

function article(body: ArticleDoc): LayoutArticle {
  return { id: 1, titleLines: ['字体测试'], subtitle: null, byline: null, authorInfo: null, body, endMark: false };
}

/** Glyph runs of the article body (not the title or running heads). */
function runsOfDoc(doc: DisplayDocument): GlyphRun[] {
  return doc.pages.flatMap((p) => {
    const bodyLines = new Set(p.lines.filter((l) => l.source.blockIndex >= 0).map((l) => l.lineId));
    return p.items.filter((i): i is GlyphRun => i.kind === 'glyphs' && i.lineId !== undefined && bodyLines.has(i.lineId));
  });
}

const runText = (r: GlyphRun): string => r.glyphs.map((g) => g.text).join('');

describe('article-doc runs', () => {
  it('lists formatted spans with offsets in the plain text, across marks and line breaks', () => {
    const node = paragraphNode([
      text('一二'),
      text('三四', 1),
      { type: 'mark', ids: ['c1'], children: [text('五', 1), text('六', 2)], direction: 'ltr', format: '', indent: 0, version: 1 } as SerializedInline,
      { type: 'linebreak', version: 1 },
      text('七八', 3),
    ]);
    const block = nodeToBlock(node);
    expect(block).toEqual({
      type: 'paragraph',
      text: '一二三四五六\n七八',
      runs: [
        { start: 2, end: 5, format: 1 },
        { start: 5, end: 6, format: 2 },
        { start: 7, end: 9, format: 3 },
      ],
    });
    expect(nodeToBlock(paragraphNode([text('二', 2)], 'quote'))).toEqual({ type: 'quote', text: '二', runs: [{ start: 0, end: 1, format: 2 }] });
  });

  it('gives unformatted blocks no runs field', () => {
    const blocks = blocksFromDoc(docFromBlocks([{ type: 'paragraph', text: '正文' }, { type: 'heading', level: 1, text: '标题' }]));
    expect(blocks).toEqual([{ type: 'paragraph', text: '正文' }, { type: 'heading', level: 1, text: '标题' }]);
    expect('runs' in blocks[0]!).toBe(false);
  });
});

describe('paragraph composition with styled runs', () => {
  const regular = createSyntheticFace('Test-Regular');
  // A bold stand-in whose Latin letters are wider than the regular face's.
  const base = createSyntheticFace('Test-Bold');
  const bold: FontFace = {
    ...base,
    key: 'Test-Bold',
    glyph: (cp) => (cp < 0x80 && cp !== 0x20 ? { gid: cp, advance: 600 } : base.glyph(cp)),
    shape: (t) => base.shape(t).map((g) => (g.text.charCodeAt(0) < 0x80 && g.text !== ' ' ? { ...g, advance: 600 } : g)),
  };
  const settings = { ...DEFAULT_PARAGRAPH_SETTINGS, firstLineIndent: 0, align: 'start' as const };

  it('measures each atom with its run face and tags its glyphs with the run', () => {
    const t = '代表abc代表';
    const plain = composeParagraph(t, regular, settings, 100);
    const styled = composeParagraph(t, regular, settings, 100, [{ start: 2, end: 5, face: bold, scale: 1 }]);
    // abc: 1.5 em regular, 1.8 em bold.
    expect(styled.lines[0]!.width - plain.lines[0]!.width).toBeCloseTo(0.3, 9);
    const tagged = lineGlyphs(styled.lines[0]!).filter((g) => g.run === 0).map((g) => g.text).join('');
    expect(tagged).toBe('abc');
    expect(lineGlyphs(styled.lines[0]!).map((g) => g.text).join('')).toBe(t);
    expect(lineGlyphs(plain.lines[0]!).every((g) => g.run === undefined)).toBe(true);
  });

  it('scales a run set at another size', () => {
    const half = composeParagraph('代表代表', regular, settings, 100, [{ start: 0, end: 2, face: regular, scale: 0.5 }]);
    expect(half.lines[0]!.width).toBeCloseTo(3, 9);
    // Punctuation boxes and their adjustable halves scale too: 代表 0.5 em each, ， a 0.5 em box
    // whose 0.25 em right half drops at the line end.
    const mark = composeParagraph('代表，代表', regular, settings, 100, [{ start: 0, end: 3, face: regular, scale: 0.5 }]);
    expect(mark.lines[0]!.width).toBeCloseTo(3.5, 9);
    const atEnd = composeParagraph('代表，', regular, settings, 100, [{ start: 0, end: 3, face: regular, scale: 0.5 }]);
    expect(atEnd.lines[0]!.width).toBeCloseTo(1.25, 9);
  });

  it('keys the paragraph cache on the runs', () => {
    const cache = new ParagraphCache();
    const a = cache.compose('代表abc', regular, settings, 100);
    const b = cache.compose('代表abc', regular, settings, 100, [{ start: 2, end: 5, face: bold, scale: 1 }]);
    const c = cache.compose('代表abc', regular, settings, 100, [{ start: 2, end: 5, face: bold, scale: 1 }]);
    expect(b).not.toBe(a);
    expect(c).toBe(b);
    expect(b.runs[0]!.face.key).toBe('Test-Bold');
  });

  it('keeps the break rules: a closing mark after a bold span never starts a line', () => {
    const t = '一二三四五六七八九”，十一';
    // Without styling the break falls before the marks; bold on 九 must not change that.
    const plain = composeParagraph(t, regular, settings, 9);
    const styled = composeParagraph(t, regular, settings, 9, [{ start: 8, end: 9, face: bold, scale: 1 }]);
    expect(styled.lines.map((l) => l.text)).toEqual(plain.lines.map((l) => l.text));
    expect(styled.lines.some((l) => l.prohibitedStart || l.prohibitedEnd)).toBe(false);
  });
});

describe('character styles in the laid-out pages (Noto faces)', () => {
  let fonts: LoadedFonts;
  beforeAll(() => {
    fonts = loadFontRegistry();
  });

  const boldDoc = (): ArticleDoc =>
    docOf(
      paragraphNode([text(LONG_BEFORE), text(BOLD_SPAN, 1), text(LONG_AFTER)]),
      paragraphNode([text('标题中的'), text('重点', 1)], 'heading'),
    );

  it('sets the bold span in the paragraph role at 700, split into its own glyph runs', () => {
    const { document, report } = new LayoutEngine(fonts.registry).layout([article(boldDoc())]);
    const runs = runsOfDoc(document);
    const page = document.pages.find((p) => p.lines.some((l) => l.source.blockIndex === 0))!;
    const bodyRuns = page.items.filter((i): i is GlyphRun => i.kind === 'glyphs' && page.lines.some((l) => l.lineId === i.lineId && l.source.blockIndex === 0));
    const boldText = bodyRuns.filter((r) => r.font === 'NotoSerifSC-Bold').map(runText).join('');
    expect(boldText).toBe(BOLD_SPAN);
    expect(bodyRuns.filter((r) => r.font === 'NotoSerifSC-Regular').map(runText).join('')).toBe(LONG_BEFORE + LONG_AFTER);
    // Source order: the runs of each line, read left to right, give the line's text, and the lines the paragraph.
    const lines = page.lines.filter((l) => l.source.blockIndex === 0);
    for (const line of lines) {
      const own = bodyRuns.filter((r) => r.lineId === line.lineId);
      const glyphs = own.flatMap((r) => r.glyphs.map((g) => ({ x: r.x + g.dx, text: g.text })));
      expect(glyphs.map((g) => g.text).join('')).toBe(line.text);
      for (let k = 1; k < glyphs.length; k++) expect(glyphs[k]!.x).toBeGreaterThan(glyphs[k - 1]!.x);
    }
    expect(lines.map((l) => l.text).join('')).toBe(LONG_BEFORE + BOLD_SPAN + LONG_AFTER);
    // The heading (黑体 bold already) keeps its face: bold on bold is no change.
    const headingRuns = runs.filter((r) => runText(r).includes('标题'));
    expect(headingRuns.every((r) => r.font === 'NotoSansSC-Bold')).toBe(true);
    expect(report.prohibitedLineStarts).toEqual([]);
    expect(report.prohibitedLineEnds).toEqual([]);
    expect(document.fonts).toEqual(expect.arrayContaining(['NotoSerifSC-Regular', 'NotoSerifSC-Bold']));
  });

  it('measures Latin in the bold span with the bold face', () => {
    const registry = fonts.registry;
    const regular = registry.resolve('song', 400);
    const boldFace = registry.resolve('song', 700);
    const t = '代表Beijing代表';
    const settings = { ...DEFAULT_PARAGRAPH_SETTINGS, firstLineIndent: 0, align: 'start' as const };
    const plain = composeParagraph(t, regular, settings, 100).lines[0]!.width;
    const styled = composeParagraph(t, regular, settings, 100, [{ start: 2, end: 9, face: boldFace, scale: 1 }]).lines[0]!.width;
    const em = (f: FontFace): number => f.shape('Beijing').reduce((s, g) => s + g.advance, 0) / f.unitsPerEm;
    expect(em(boldFace)).not.toBeCloseTo(em(regular), 3);
    expect(styled - plain).toBeCloseTo(em(boldFace) - em(regular), 6);
  });

  it('sets emphasis in 楷体 when one is registered, else the paragraph role bold', () => {
    const doc = docOf(paragraphNode([text('一般的文字'), text('强调的文字', 2), text('一般的文字')]));
    // The bundled fonts have no real 楷体 (kai is bound to Noto Serif, the paragraph's own face).
    const fallback = runsOfDoc(new LayoutEngine(fonts.registry).layout([article(doc)]).document);
    expect(fallback.filter((r) => r.font === 'NotoSerifSC-Bold').map(runText).join('')).toBe('强调的文字');
    const withKai = new FontRegistry();
    for (const key of fonts.registry.keys()) {
      const face = fonts.registry.get(key)!;
      withKai.register(face, key === 'NotoSerifSC-Regular' ? [{ role: 'song', weight: 400 }] : key === 'NotoSerifSC-Bold' ? [{ role: 'song', weight: 700 }] : key === 'NotoSansSC-Bold' ? [{ role: 'hei', weight: 700 }] : [{ role: 'hei', weight: 400 }]);
    }
    withKai.register(createSyntheticFace('TestKai-Regular'), [{ role: 'kai', weight: 400 }]);
    const kaiRuns = runsOfDoc(new LayoutEngine(withKai).layout([article(doc)]).document);
    expect(kaiRuns.filter((r) => r.font === 'TestKai-Regular').map(runText).join('')).toBe('强调的文字');
    // A configured emphasis style is used as given.
    const hei = runsOfDoc(new LayoutEngine(withKai).layout([article(doc)], { characterStyles: { strong: { weight: 700 }, emphasis: { role: 'hei', weight: 700 } } }).document);
    expect(hei.filter((r) => r.font === 'NotoSansSC-Bold').map(runText).join('')).toBe('强调的文字');
  });

  it('writes a PDF that embeds both the regular and the bold face', async () => {
    const { document } = new LayoutEngine(fonts.registry).layout([article(boldDoc())]);
    const fontData = new Map(document.fonts.map((key) => [key, new Uint8Array(readFileSync(fonts.files.get(key)!))]));
    const bytes = await writePdf(document, fontData, { date: new Date('2026-01-15T08:00:00Z') });
    const pdf = await loadPdf(bytes);
    const names = new Set<string>();
    for (const p of pdf.getPages()) {
      const resources = dictOf(pdf, p.node, 'Resources');
      const fontDict = dictOf(pdf, resources, 'Font');
      for (const [, ref] of fontDict.entries()) names.add(nameOf(pdf, resolve(pdf, ref) as PDFDict, 'BaseFont')!.replace(/^[A-Z]{6}\+/u, ''));
    }
    expect(names).toContain('NotoSerifSC-Regular');
    expect(names).toContain('NotoSerifSC-Bold');
  });
});
