// Lists print as lists: each item its own paragraph with a hanging marker ("1." or the bullet),
// line sources pointing into the list block's text (items joined by "\n").
import { beforeAll, describe, expect, it } from 'vitest';
import { blocksFromDoc, docFromBlocks, nodeToBlock, type ArticleDoc, type SerializedBlock, type SerializedInline } from '../../src/shared/article-doc';
import type { DisplayDocument, GlyphRun, LineBox } from '../../src/engine/display-list';
import { LayoutEngine, type LayoutArticle } from '../../src/engine/index';
import { END_MARK, LIST_BULLET } from '../../src/engine/flow/blocks';
import { columnsFor, DEFAULT_PAGE, gridFor } from '../../src/engine/flow/geometry';
import { locateRange } from '../../src/engine/locate-range';
import { loadFontRegistry, type LoadedFonts } from '../../src/node/fonts/default-fonts';

const text = (t: string, format = 0): SerializedInline => ({ type: 'text', text: t, format, detail: 0, mode: 'normal', style: '', version: 1 });
const element = (type: string, children: SerializedInline[], extra: Record<string, unknown> = {}): SerializedBlock => ({
  type,
  children,
  direction: 'ltr',
  format: '',
  indent: 0,
  version: 1,
  ...extra,
});
const listNode = (listType: 'number' | 'bullet', items: SerializedInline[][], start = 1): SerializedBlock =>
  element(
    'list',
    items.map((children, i) => element('listitem', children, { value: start + i }) as SerializedInline),
    { listType, start, tag: listType === 'number' ? 'ol' : 'ul' },
  );
const docOf = (...blocks: SerializedBlock[]): ArticleDoc => ({ root: { type: 'root', children: blocks, direction: 'ltr', format: '', indent: 0, version: 1 } });

const ORDERED_ITEMS = [
  '坚持党的领导，确保人大工作始终沿着正确政治方向前进。',
  '坚持人民当家作主，把全过程人民民主贯彻到立法、监督、代表工作各方面，使各项工作更好体现人民意志、保障人民权益、激发人民创造活力，让人民群众切实感受到民主就在身边。',
  '坚持依法治国。',
];
const BULLET_ITEMS = ['加强代表联络站建设，', '完善代表议案建议办理机制，推动代表建议从“办理完”向“办得好”转变，切实回应群众关切。'];

function article(body: ArticleDoc): LayoutArticle {
  return { id: 7, titleLines: ['列表测试'], subtitle: null, byline: null, authorInfo: null, body, endMark: true };
}

const runText = (r: GlyphRun): string => r.glyphs.map((g) => g.text).join('');

function linesOfBlock(doc: DisplayDocument, blockIndex: number): { page: number; line: LineBox }[] {
  return doc.pages.flatMap((p) => p.lines.filter((l) => l.source.owner === 7 && l.source.blockIndex === blockIndex && !l.source.part).map((line) => ({ page: p.index, line })));
}

/** Glyph runs without a line: markers (and page furniture, which these tests tell apart by text). */
function markerRuns(doc: DisplayDocument): { page: number; run: GlyphRun }[] {
  return doc.pages.flatMap((p) =>
    p.items.filter((i): i is GlyphRun => i.kind === 'glyphs' && i.lineId === undefined && /^(\d+\.|●)$/.test(runText(i))).map((run) => ({ page: p.index, run })),
  );
}

/** Start offset of each item in the list's text. */
function itemStarts(items: readonly string[]): number[] {
  let offset = 0;
  return items.map((item) => {
    const start = offset;
    offset += item.length + 1;
    return start;
  });
}

describe('list blocks in the article document', () => {
  it('reads a list node as one list block whose text joins the items with "\\n"', () => {
    const node = listNode('number', [[text('第一项')], [text('第二'), text('项', 1)], [text('第三项')]]);
    expect(nodeToBlock(node)).toEqual({
      type: 'list',
      ordered: true,
      items: ['第一项', '第二项', '第三项'],
      text: '第一项\n第二项\n第三项',
      runs: [{ start: 6, end: 7, format: 1 }],
    });
    expect(nodeToBlock(listNode('bullet', [[text('甲')], [text('乙')]]))).toMatchObject({ type: 'list', ordered: false, items: ['甲', '乙'] });
  });

  it('keeps an ordered list’s first number and survives a round trip through the document', () => {
    const block = nodeToBlock(listNode('number', [[text('五')], [text('六')]], 5));
    expect(block).toMatchObject({ type: 'list', start: 5, items: ['五', '六'] });
    expect(blocksFromDoc(docFromBlocks([block]))).toEqual([block]);
  });
});

describe('lists on the page', () => {
  let fonts: LoadedFonts;
  let doc: DisplayDocument;
  let report: ReturnType<LayoutEngine['layout']>['report'];

  beforeAll(() => {
    fonts = loadFontRegistry();
    const body = docOf(
      element('paragraph', [text('全国人大常委会工作报告提出以下要求：')]),
      listNode('number', ORDERED_ITEMS.map((t) => [text(t)])),
      element('paragraph', [text('同时，各级人大要：')]),
      listNode('bullet', BULLET_ITEMS.map((t) => [text(t)])),
      element('paragraph', [text('以上要求必须认真落实。')]),
    );
    ({ document: doc, report } = new LayoutEngine(fonts.registry).layout([article(body)]));
  });

  it('prints a marker for every item: numbers for an ordered list, the bullet for the other', () => {
    const markers = markerRuns(doc).map((m) => runText(m.run));
    expect(markers).toEqual(['1.', '2.', '3.', LIST_BULLET, LIST_BULLET]);
    expect(report.missingGlyphs).toEqual([]);
  });

  it('sets the items in order, each line showing its source range of the list text', () => {
    for (const [blockIndex, items] of [
      [1, ORDERED_ITEMS],
      [3, BULLET_ITEMS],
    ] as const) {
      const listText = items.join('\n');
      const lines = linesOfBlock(doc, blockIndex).map((l) => l.line);
      expect(lines.map((l) => l.text).join('')).toBe(items.join(''));
      for (const line of lines) expect(listText.slice(line.source.start, line.source.end)).toBe(line.text);
      // Every item starts a line at its offset (previous item lengths plus one "\n" each) and ends one.
      const starts = new Set(lines.map((l) => l.source.start));
      const ends = new Set(lines.map((l) => l.source.end));
      itemStarts(items).forEach((start, i) => {
        expect(starts.has(start)).toBe(true);
        expect(ends.has(start + items[i]!.length)).toBe(true);
      });
      expect(lines.some((l) => l.source.start <= listText.indexOf('\n') && l.source.end > listText.indexOf('\n'))).toBe(false);
    }
    // The long item wraps.
    expect(linesOfBlock(doc, 1).length).toBeGreaterThan(ORDERED_ITEMS.length);
  });

  it('hangs the marker in the indent: first and following lines of an item align after it, with no first-line indent', () => {
    const markers = markerRuns(doc);
    const ordered = linesOfBlock(doc, 1);
    const body = linesOfBlock(doc, 0)[0]!.line;
    const size = markers[0]!.run.sizePt;
    for (const { line, page } of ordered) {
      // Every line of every item is set the hang (at least the body's 2 em indent) right of the markers.
      const hang = line.x - markers[0]!.run.x;
      expect(hang).toBeGreaterThanOrEqual(2 * size - 1e-6);
      const runs = doc.pages[page]!.items.filter((i): i is GlyphRun => i.kind === 'glyphs' && i.lineId === line.lineId);
      expect(runs[0]!.x).toBeCloseTo(line.x, 6);
      expect(runs[0]!.glyphs[0]!.dx).toBeCloseTo(0, 6);
    }
    // Markers sit at the left edge of their item's column (the balanced last page may put an item in
    // the next column), where the lead-in paragraph's line box starts in the first, on their item's first baseline.
    const grid = gridFor(DEFAULT_PAGE);
    const cols = columnsFor(DEFAULT_PAGE.typeWidthEm, 2, DEFAULT_PAGE.minGutterEm);
    const lefts = [0, 1].map((c) => grid.left + c * (cols.columnEm + cols.gutterEm) * grid.bodySize);
    const columnLeft = (x: number): number => lefts.filter((l) => l <= x + 1e-6).pop()!;
    expect(columnLeft(body.x)).toBeCloseTo(body.x, 6);
    const firstLines = itemStarts(ORDERED_ITEMS).map((start) => ordered.find((l) => l.line.source.start === start)!.line);
    markers.slice(0, 3).forEach((m, i) => {
      expect(m.run.x).toBeCloseTo(columnLeft(firstLines[i]!.x), 6);
      expect(m.run.y).toBeCloseTo(firstLines[i]!.baseline, 6);
      const markerEnd = m.run.x + m.run.glyphs.reduce((w, g) => Math.max(w, g.dx + (g.advance / 1000) * m.run.sizePt), 0);
      expect(markerEnd).toBeLessThan(firstLines[i]!.x);
    });
  });

  it('leaves no prohibited line starts or ends in the list items', () => {
    const owned = (refs: { owner: number | string; blockIndex: number }[]) => refs.filter((r) => r.owner === 7 && (r.blockIndex === 1 || r.blockIndex === 3));
    expect(owned(report.prohibitedLineStarts)).toEqual([]);
    expect(owned(report.prohibitedLineEnds)).toEqual([]);
  });

  it('puts the end mark after the last item when the article ends with a list, outside the source range', () => {
    const endsWithList = docOf(element('paragraph', [text('要求如下：')]), listNode('bullet', [[text('甲项工作')], [text('乙项工作')], [text('')]]));
    const { document } = new LayoutEngine(fonts.registry).layout([article(endsWithList)]);
    const page = document.pages[0]!;
    const lead = page.lines.find((l) => l.source.blockIndex === 0)!;
    const last = page.lines.filter((l) => l.source.blockIndex === 1).at(-1)!;
    expect(lead.text).toBe('要求如下：');
    expect(last.text).toBe('乙项工作' + END_MARK);
    expect(last.source).toMatchObject({ start: 5, end: 9 });
    // The empty third item prints no marker.
    expect(markerRuns(document).map((m) => runText(m.run))).toEqual([LIST_BULLET, LIST_BULLET]);
  });

  it('finds a range of the second item through the list text offsets', () => {
    const start = itemStarts(ORDERED_ITEMS)[1]!;
    const word = '全过程人民民主';
    const at = start + ORDERED_ITEMS[1]!.indexOf(word);
    const spans = locateRange(doc.pages, 7, 1, at, at + word.length);
    expect(spans.length).toBeGreaterThan(0);
    const line = spans[0]!.line;
    expect(ORDERED_ITEMS.join('\n').slice(line.source.start, line.source.end)).toContain(word.slice(0, 1));
    expect(spans[0]!.x1).toBeGreaterThanOrEqual(line.x);
  });
});
