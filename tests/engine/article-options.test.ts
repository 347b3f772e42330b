// Per-article layout options in the flow: a new page (the default), run on (接排) after the previous
// article with a rule or a space, the article's own column count, the page budget; and the flow's
// limits: blocks taller than a column are split where they can be and reported with their page where
// they cannot, and the last page of an article has its columns ending level.
import { beforeAll, describe, expect, it } from 'vitest';
import { docFromBlocks, type DocBlock } from '../../src/shared/article-doc';
import type { DisplayDocument, DisplayPage, LineBox, Rule } from '../../src/engine/display-list';
import { LayoutEngine, type LayoutArticle } from '../../src/engine/index';
import { RUN_ON_GAP_LINES } from '../../src/engine/flow/flow';
import { columnsFor, DEFAULT_PAGE, gridFor } from '../../src/engine/flow/geometry';
import { loadFontRegistry, type LoadedFonts } from '../../src/node/fonts/default-fonts';

const PARAGRAPH = '人大代表深入基层开展调研，听取群众意见建议，推动解决群众急难愁盼问题，把全过程人民民主的理念贯穿于履职工作的各个环节，让人民群众切实感受到民主就在身边。';
const grid = gridFor(DEFAULT_PAGE);

function paragraphs(n: number, tag: string): DocBlock[] {
  return Array.from({ length: n }, (_, i) => ({ type: 'paragraph', text: `${tag}${i + 1}：${PARAGRAPH}` }));
}

function article(id: number, blocks: DocBlock[], extra: Partial<LayoutArticle> = {}): LayoutArticle {
  return { id, titleLines: [`第${id}篇文章的标题`], subtitle: null, byline: '本刊记者', authorInfo: null, body: docFromBlocks(blocks), endMark: true, ...extra };
}

const ownedLines = (doc: DisplayDocument, owner: number): { page: number; line: LineBox }[] =>
  doc.pages.flatMap((p, page) => p.lines.filter((l) => l.source.owner === owner).map((line) => ({ page, line })));
const pagesOf = (doc: DisplayDocument, owner: number): number[] => [...new Set(ownedLines(doc, owner).map((l) => l.page))];
const rules = (p: DisplayPage): Rule[] => p.items.filter((i): i is Rule => i.kind === 'rule');
const gridLineOf = (y: number): number => (y - grid.top) / grid.pitch;
/** Columns of a page by the left edge of their line boxes (list hangs aside). */
function columnLefts(columns: number): number[] {
  const c = columnsFor(DEFAULT_PAGE.typeWidthEm, columns, DEFAULT_PAGE.minGutterEm);
  return Array.from({ length: columns }, (_, k) => grid.left + k * (c.columnEm + c.gutterEm) * grid.bodySize);
}
const bodyLines = (lines: LineBox[]): LineBox[] => lines.filter((l) => l.source.part === undefined && Math.abs(l.h - grid.pitch) < 1e-6);

let fonts: LoadedFonts;
beforeAll(() => {
  fonts = loadFontRegistry();
});
const layout = (articles: LayoutArticle[], columns = 2) => new LayoutEngine(fonts.registry).layout(articles, { columns });

describe('start on a new page (the default)', () => {
  it('starts each article on a page of its own', () => {
    const { document } = layout([article(1, paragraphs(3, '甲')), article(2, paragraphs(3, '乙'))]);
    expect(pagesOf(document, 1)).toEqual([0]);
    expect(pagesOf(document, 2)).toEqual([1]);
    expect(document.pages[1]!.lines[0]!.source).toMatchObject({ owner: 2, part: 'title' });
  });
});

describe('run on (接排) after the previous article', () => {
  for (const separator of ['rule', 'space'] as const) {
    it(`continues in the column the previous article ended in, after a ${separator}, title first`, () => {
      const { document, report } = layout([article(1, paragraphs(3, '甲')), article(2, paragraphs(3, '乙'), { layout: { startOnNewPage: false, runOnSeparator: separator } })]);
      expect(document.pages).toHaveLength(1);
      const first = ownedLines(document, 1).map((l) => l.line);
      const second = ownedLines(document, 2).map((l) => l.line);
      const lastOfFirst = first[first.length - 1]!;
      const title = second[0]!;
      expect(title.source.part).toBe('title');
      // Same column, below the previous article's last line by the separator's grid lines.
      expect(title.x).toBeCloseTo(lastOfFirst.x, 6);
      expect(Math.round(gridLineOf(title.y))).toBeGreaterThanOrEqual(Math.round(gridLineOf(lastOfFirst.y)) + 1 + RUN_ON_GAP_LINES);
      // The title is set at column width, not across the type area.
      expect(title.w).toBeLessThan(grid.width / 2);
      const drawn = rules(document.pages[0]!);
      if (separator === 'rule') {
        expect(drawn).toHaveLength(1);
        const rule = drawn[0]!;
        expect(rule.y1).toBeGreaterThan(lastOfFirst.y + lastOfFirst.h - grid.pitch + grid.bodySize);
        expect(rule.y1).toBeLessThan(title.y);
        expect(rule.x1).toBeCloseTo(lastOfFirst.x, 6);
      } else expect(drawn).toHaveLength(0);
      expect(report.oversetBlocks).toEqual([]);
      // Body lines of both articles stay on the grid.
      for (const l of bodyLines([...first, ...second])) expect(gridLineOf(l.y) - Math.round(gridLineOf(l.y))).toBeCloseTo(0, 6);
    });
  }

  it('goes on into the next column and page when the first article fills the page', () => {
    const { document } = layout([article(1, paragraphs(22, '甲')), article(2, paragraphs(6, '乙'), { layout: { startOnNewPage: false } })]);
    const last = pagesOf(document, 1).at(-1)!;
    expect(pagesOf(document, 2)[0]).toBe(last);
    // No page starts with the run-on article's title: it never opens a page of its own.
    expect(document.pages.every((p) => p.lines[0]!.source.owner === 1 || p.lines[0]!.source.part !== 'title')).toBe(true);
  });

  it('with another column count starts below the previous article, its opener across the type area and its own columns beneath', () => {
    const { document, report } = layout([article(1, paragraphs(4, '甲')), article(2, paragraphs(8, '乙'), { layout: { startOnNewPage: false, runOnSeparator: 'rule', columns: 3 } })]);
    const page = pagesOf(document, 2)[0]!;
    expect(page).toBe(0);
    const first = ownedLines(document, 1).filter((l) => l.page === 0).map((l) => l.line);
    const lowest = Math.max(...first.map((l) => l.y + l.h));
    const second = ownedLines(document, 2).filter((l) => l.page === 0).map((l) => l.line);
    const title = second.find((l) => l.source.part === 'title')!;
    expect(title.y).toBeGreaterThan(lowest);
    expect(title.w).toBeCloseTo(grid.width, 6);
    const lefts = columnLefts(3);
    const body = bodyLines(second);
    // Three columns of its own, each on the grid.
    expect(new Set(body.map((l) => lefts.findIndex((x) => Math.abs(x - l.x) < 1e-6)))).toEqual(new Set([0, 1, 2]));
    for (const l of body) expect(gridLineOf(l.y) - Math.round(gridLineOf(l.y))).toBeCloseTo(0, 6);
    const drawn = rules(document.pages[0]!);
    expect(drawn).toHaveLength(1);
    expect(drawn[0]!.x2 - drawn[0]!.x1).toBeCloseTo(grid.width, 6);
    expect(report.oversetBlocks).toEqual([]);
  });
});

describe('column count', () => {
  for (const n of [1, 2, 3, 4]) {
    it(`sets an article in ${n} column${n > 1 ? 's' : ''} of its own, whatever the publication's`, () => {
      const { document } = layout([article(1, paragraphs(30, '甲'), { layout: { columns: n } })], n === 2 ? 3 : 2);
      const lefts = columnLefts(n);
      const width = columnsFor(DEFAULT_PAGE.typeWidthEm, n, DEFAULT_PAGE.minGutterEm).columnEm * grid.bodySize;
      // Body text: the article's own blocks (not its opener).
      const lines = ownedLines(document, 1).map((l) => l.line).filter((l) => l.source.part === undefined);
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(lefts.some((x) => Math.abs(x - l.x) < 1e-6)).toBe(true);
        expect(l.w).toBeCloseTo(width, 6);
      }
      expect(new Set(lines.map((l) => lefts.findIndex((x) => Math.abs(x - l.x) < 1e-6))).size).toBe(n);
    });
  }
});

describe('page budget', () => {
  it('reports an article that takes more pages than its budget, and not one within it', () => {
    const { report } = layout([article(1, paragraphs(60, '甲'), { pageBudget: 1 }), article(2, paragraphs(3, '乙'), { pageBudget: 1 })]);
    expect(report.overBudget).toHaveLength(1);
    expect(report.overBudget[0]).toMatchObject({ owner: 1, budget: 1 });
    expect(report.overBudget[0]!.pages).toBeGreaterThan(1);
  });
});

describe('blocks taller than a column', () => {
  it('splits a caption taller than the column: the frame gives way, the caption goes on at the head of the next column', () => {
    const caption: DocBlock = { type: 'caption', text: PARAGRAPH.repeat(36), credit: { kind: '摄影', name: '吕亚南' } };
    const { document, report } = layout([article(1, [...paragraphs(2, '甲'), caption, ...paragraphs(2, '乙')])]);
    expect(report.oversetBlocks).toEqual([]);
    const lines = ownedLines(document, 1).filter((l) => l.line.source.blockIndex === 2);
    // Every caption line is on a page, inside the type area.
    const text = lines.map((l) => l.line.text).join('').replace(/\s/gu, '');
    expect(text.length).toBeGreaterThan(PARAGRAPH.length * 35);
    for (const { line } of lines) expect(line.baseline).toBeLessThanOrEqual(grid.top + grid.blockHeight + 1e-6);
    expect(new Set(lines.map((l) => `${l.page}:${l.line.x}`)).size).toBeGreaterThan(1);
  });

  it('reports what cannot be placed, with its page, instead of letting it run off the page', () => {
    // A heading of many lines (not splittable, taller than any column).
    const heading: DocBlock = { type: 'heading', level: 1, text: '一、' + '标题文字'.repeat(400) };
    const { document, report } = layout([article(1, [...paragraphs(2, '甲'), heading, ...paragraphs(2, '乙')])]);
    for (const p of document.pages) for (const l of p.lines) expect(l.baseline).toBeLessThanOrEqual(grid.top + grid.blockHeight + 1e-6);
    const placed = ownedLines(document, 1).filter((l) => l.line.source.blockIndex === 2);
    // Split over columns (it is text), so nothing is lost and nothing reported.
    expect(placed.length).toBeGreaterThan(grid.lines);
    expect(report.oversetBlocks).toEqual([]);
  });

  it('reports a page-limit overset with the page it would have gone on', () => {
    const { report } = new LayoutEngine(fonts.registry).layout([article(1, paragraphs(40, '甲'))], { columns: 2, maxPagesPerArticle: 1 });
    expect(report.oversetBlocks.length).toBeGreaterThan(0);
    for (const o of report.oversetBlocks) expect(o).toMatchObject({ owner: 1, reason: 'page-limit', page: 0 });
  });
});

describe('balanced tails', () => {
  it('ends the columns of an article’s last page within one line of each other', () => {
    for (const n of [5, 9, 14, 27, 33]) {
      const { document } = layout([article(1, paragraphs(n, '甲'))]);
      const last = document.pages.length - 1;
      const lefts = columnLefts(2);
      const bottoms = lefts.map((x) => Math.max(0, ...bodyLines(document.pages[last]!.lines).filter((l) => Math.abs(l.x - x) < 1e-6).map((l) => l.y + l.h)));
      expect(bottoms.every((b) => b > 0)).toBe(true);
      expect(Math.abs(bottoms[0]! - bottoms[1]!)).toBeLessThanOrEqual(grid.pitch + 1e-6);
    }
  });

  it('does not balance a page that the next article runs on into', () => {
    const { document } = layout([article(1, paragraphs(5, '甲')), article(2, paragraphs(2, '乙'), { layout: { startOnNewPage: false } })]);
    // The first article fills its first column from the top before the second follows it there.
    const first = ownedLines(document, 1).map((l) => l.line);
    expect(new Set(first.filter((l) => l.source.part === undefined).map((l) => l.x)).size).toBe(1);
  });
});
