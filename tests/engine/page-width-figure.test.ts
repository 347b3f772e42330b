// Page-width (通栏) photos: a caption block with span 'page' prints its photo across all columns of
// the type area, at the top or bottom of a page, with caption and credit directly under it; the
// columns' text flows above and below it, in order, never under the frame.
import { beforeAll, describe, expect, it } from 'vitest';
import { blocksFromDoc, docFromBlocks, type DocBlock } from '../../src/shared/article-doc';
import type { DisplayDocument, DisplayPage, ImageFrame, LineBox } from '../../src/engine/display-list';
import { LayoutEngine, type LayoutArticle } from '../../src/engine/index';
import { gridFor, DEFAULT_PAGE } from '../../src/engine/flow/geometry';
import { loadFontRegistry, type LoadedFonts } from '../../src/node/fonts/default-fonts';

const OWNER = 11;
const PARAGRAPH = '人大代表深入基层开展调研，听取群众意见建议，推动解决群众急难愁盼问题，把全过程人民民主的理念贯穿于履职工作的各个环节，让人民群众切实感受到民主就在身边。';
const CAPTION = '市人大常委会组织代表视察城市副中心建设情况，代表们认真听取有关部门汇报并提出意见建议。';

function paragraphs(n: number, tag: string): DocBlock[] {
  return Array.from({ length: n }, (_, i) => ({ type: 'paragraph', text: `${tag}${i + 1}：${PARAGRAPH}` }));
}

function article(blocks: DocBlock[]): LayoutArticle {
  return { id: OWNER, titleLines: ['通栏图片测试'], subtitle: null, byline: null, authorInfo: null, body: docFromBlocks(blocks), endMark: true };
}

const pageFigure: DocBlock = { type: 'caption', text: CAPTION, credit: { kind: '摄影', name: '吕亚南' }, span: 'page' };

function frames(page: DisplayPage): ImageFrame[] {
  return page.items.filter((i): i is ImageFrame => i.kind === 'image');
}

function overlaps(line: LineBox, frame: ImageFrame): boolean {
  return line.x < frame.x + frame.w && frame.x < line.x + line.w && line.y < frame.y + frame.h && frame.y < line.y + line.h;
}

const grid = gridFor(DEFAULT_PAGE);
const FIGURE_INDEX = 6;

describe('page-width figures in the article document', () => {
  it('writes span only for a page-width caption and reads it back', () => {
    const column: DocBlock = { type: 'caption', text: '单栏图', credit: null, photoId: 3 };
    const doc = docFromBlocks([pageFigure, column]);
    expect(doc.root.children[0]!.span).toBe('page');
    expect('span' in doc.root.children[1]!).toBe(false);
    expect(blocksFromDoc(doc)).toEqual([pageFigure, column]);
    // 'column' is the default and is not written.
    expect(blocksFromDoc(docFromBlocks([{ ...column, span: 'column' }]))).toEqual([column]);
  });
});

describe('a page-width figure on the page', () => {
  let fonts: LoadedFonts;
  let doc: DisplayDocument;
  let report: ReturnType<LayoutEngine['layout']>['report'];
  const blocks = [...paragraphs(FIGURE_INDEX, '甲'), pageFigure, ...paragraphs(30, '乙')];

  beforeAll(() => {
    fonts = loadFontRegistry();
    ({ document: doc, report } = new LayoutEngine(fonts.registry).layout([article(blocks)], { columns: 2 }));
  });

  const figurePage = (): DisplayPage => {
    const page = doc.pages.find((p) => frames(p).length > 0);
    expect(page).toBeDefined();
    return page!;
  };

  it('spans the type area width', () => {
    const [frame] = frames(figurePage());
    expect(frame!.x).toBeCloseTo(grid.left, 6);
    expect(frame!.w).toBeCloseTo(grid.width, 6);
    const label = frame!.label ?? '';
    expect(label.length).toBeGreaterThan(0);
    expect(CAPTION.startsWith(label)).toBe(true);
  });

  it('has text of both columns on its page and none of it under the frame', () => {
    const page = figurePage();
    const [frame] = frames(page);
    const body = page.lines.filter((l) => l.source.owner === OWNER && l.source.blockIndex !== FIGURE_INDEX && !l.source.part);
    const columnXs = new Set(body.map((l) => Math.round(l.x)));
    expect(columnXs.size).toBe(2);
    for (const line of body) expect(overlaps(line, frame!), `line "${line.text}"`).toBe(false);
    // Text sits both above or below it in the columns, i.e. the frame lies inside the column area.
    expect(frame!.y).toBeGreaterThanOrEqual(grid.top - 1e-6);
    expect(frame!.y + frame!.h).toBeLessThanOrEqual(grid.top + grid.blockHeight + 1e-6);
  });

  it('keeps caption and credit directly under the photo, at page width', () => {
    const page = figurePage();
    const [frame] = frames(page);
    const caption = page.lines.filter((l) => l.source.blockIndex === FIGURE_INDEX);
    expect(caption.length).toBeGreaterThanOrEqual(2);
    const captionLines = caption.filter((l) => !l.source.part);
    const credit = caption.filter((l) => l.source.part === 'credit');
    expect(captionLines.map((l) => l.text).join('')).toBe(CAPTION);
    expect(credit.map((l) => l.text).join('')).toBe('摄影/吕亚南');
    const first = captionLines[0]!;
    expect(first.y).toBeGreaterThanOrEqual(frame!.y + frame!.h - 1e-6);
    expect(first.y - (frame!.y + frame!.h)).toBeLessThan(grid.pitch);
    expect(first.x).toBeCloseTo(grid.left, 6);
    expect(first.w).toBeCloseTo(grid.width, 6);
    // The caption is wider than a column: its first line holds more text than a column line could.
    expect(captionLines.length).toBe(1);
    expect(credit[0]!.y).toBeGreaterThan(captionLines[captionLines.length - 1]!.y);
    for (const line of page.lines.filter((l) => l.source.blockIndex !== FIGURE_INDEX))
      for (const c of caption) expect(overlaps(line, { ...frame!, y: c.y, h: c.h }), `line "${line.text}" over the caption`).toBe(false);
  });

  it('sets every paragraph in order, whole, with no prohibited breaks or overset', () => {
    const lines = doc.pages.flatMap((p) =>
      // Reading order: column by column, top to bottom.
      [...p.lines].filter((l) => l.source.owner === OWNER && !l.source.part && l.source.blockIndex >= 0 && l.source.blockIndex !== FIGURE_INDEX).sort((a, b) => a.x - b.x || a.y - b.y),
    );
    const text = lines.map((l) => l.text).join('');
    const expected = blocks.filter((b) => b.type === 'paragraph').map((b) => b.text).join('') + '□';
    expect(text).toBe(expected);
    expect(report.prohibitedLineStarts).toEqual([]);
    expect(report.prohibitedLineEnds).toEqual([]);
    expect(report.oversetBlocks).toEqual([]);
  });

  it('goes to the bottom of the page when text already fills its top, and to the next page when that is too late', () => {
    const early = new LayoutEngine(fonts.registry).layout([article([...paragraphs(1, '甲'), pageFigure, ...paragraphs(12, '乙')])], { columns: 2 }).document;
    const [frame] = frames(early.pages[0]!);
    expect(frame).toBeDefined();
    // Bottom: the frame and its caption end at the type area's last grid line.
    const page = early.pages[0]!;
    const credit = page.lines.find((l) => l.source.part === 'credit')!;
    expect(credit.y + credit.h).toBeGreaterThan(grid.top + grid.blockHeight - grid.pitch);
    for (const line of page.lines.filter((l) => l.source.blockIndex !== 1)) expect(overlaps(line, frame!)).toBe(false);

    const late = new LayoutEngine(fonts.registry).layout([article([...paragraphs(20, '甲'), pageFigure, ...paragraphs(20, '乙')])], { columns: 2 }).document;
    const index = late.pages.findIndex((p) => frames(p).length > 0);
    expect(index).toBeGreaterThan(0);
    const lateFrame = frames(late.pages[index]!)[0]!;
    expect(lateFrame.y).toBeCloseTo(grid.top, 6);
    for (const line of late.pages[index]!.lines.filter((l) => l.source.blockIndex !== 20)) expect(overlaps(line, lateFrame)).toBe(false);
  });

  it('reports a page-width figure taller than the type area as overset', () => {
    const tall = new LayoutEngine(fonts.registry).layout(
      [{ ...article([...paragraphs(2, '甲'), { ...pageFigure, text: CAPTION.repeat(80) }]) }],
      { columns: 2 },
    ).report;
    expect(tall.oversetBlocks).toEqual([{ owner: OWNER, blockIndex: 2, reason: 'taller-than-column', page: 0 }]);
  });
});
