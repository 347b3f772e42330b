// typography.md §7.4 (PG-01…04) and §7.5 (GR-01, GR-02, GR-04), plus type sizes and fonts.
import { describe, expect, it } from 'vitest';
import { docFromBlocks } from '../../src/shared/article-doc';
import { createSyntheticFace } from '../../src/engine/fonts/synthetic-face';
import { FontRegistry } from '../../src/engine/fonts/registry';
import { linesThatFit } from '../../src/engine/flow/flow';
import { columnsFor, DEFAULT_PAGE, gridFor, validateGeometry, type PageSpec } from '../../src/engine/flow/geometry';
import { layoutArticles } from '../../src/engine/index';
import { MM_TO_PT, sizeToPt } from '../../src/engine/styles/sizes';
import { composeParagraph } from '../../src/engine/paragraph/compose';
import { lineGlyphs } from './line-glyphs';
import { specSettings } from './spec-support';

describe('§7.4 widows and orphans', () => {
  it('PG-01: 4-line paragraph with 3 lines left puts 2 here, 2 in the next column', () => {
    expect(linesThatFit(4, 3, true)).toBe(2);
  });
  it('PG-02: 3-line paragraph with 2 lines left moves whole', () => {
    expect(linesThatFit(3, 2, true)).toBe(0);
  });
  it('a continued paragraph may leave one line at the bottom but never one at the top', () => {
    expect(linesThatFit(5, 1, false)).toBe(1);
    expect(linesThatFit(3, 2, false)).toBe(1);
    expect(linesThatFit(2, 5, true)).toBe(2);
  });
});

/** A page whose columns hold exactly 10 grid lines, 2 columns of 25 em. */
const TEN_LINE_PAGE: PageSpec = { ...DEFAULT_PAGE, marginTopMm: 20, marginBottomMm: 25, trimHeightMm: 45 + (9 * 15.5 + 9) / MM_TO_PT + 0.01 };

function syntheticFonts(): FontRegistry {
  const r = new FontRegistry();
  r.register(createSyntheticFace('Synthetic-Song'), [{ role: 'song', weight: 400 }, { role: 'song', weight: 700 }, { role: 'kai', weight: 400 }]);
  r.register(createSyntheticFace('Synthetic-Hei'), [{ role: 'hei', weight: 400 }, { role: 'hei', weight: 700 }]);
  return r;
}

/** A body paragraph of exactly n lines at 25 em with a 2 em indent. */
function paragraphOfLines(n: number): string {
  return '文'.repeat(23 + 25 * (n - 1));
}

function headingPlacement(usedBefore: number): { headingColumnX: number; firstColumnX: number; headingTopLine: number } {
  const r = layoutArticles(
    [{
      id: 1, titleLines: [], subtitle: null, byline: null, authorInfo: null, endMark: false,
      body: docFromBlocks([
        { type: 'paragraph', text: paragraphOfLines(usedBefore) },
        { type: 'heading', level: 1, text: '一、小标题' },
        { type: 'paragraph', text: paragraphOfLines(6) },
        // More text after, so this page is not the article's last (whose columns are balanced).
        { type: 'paragraph', text: paragraphOfLines(24) },
      ]),
    }],
    syntheticFonts(),
    { page: TEN_LINE_PAGE },
  );
  const page = r.document.pages[0]!;
  const grid = gridFor(TEN_LINE_PAGE);
  const first = page.lines.find((l) => l.source.blockIndex === 0)!;
  const heading = r.document.pages.flatMap((p) => p.lines).find((l) => l.source.blockIndex === 1)!;
  return { headingColumnX: heading.x, firstColumnX: first.x, headingTopLine: Math.round((heading.y - grid.top) / grid.pitch) };
}

describe('§7.4 headings keep two body lines', () => {
  it('the test page has 10 grid lines per column', () => {
    expect(gridFor(TEN_LINE_PAGE).lines).toBe(10);
  });
  it('PG-03: heading of 3 grid lines with 6 used moves to the next column', () => {
    const h = headingPlacement(6);
    expect(h.headingColumnX).toBeGreaterThan(h.firstColumnX);
  });
  it('PG-04: with 5 used the heading stays on lines 6–8', () => {
    const h = headingPlacement(5);
    expect(h.headingColumnX).toBe(h.firstColumnX);
    expect(h.headingTopLine).toBeGreaterThanOrEqual(5);
    expect(h.headingTopLine).toBeLessThanOrEqual(7);
  });
});

describe('§7.5 grid', () => {
  it('GR-01: 9 pt on 15.5 pt in 240 mm gives 44 lines and a 238.30 mm block', () => {
    const g = gridFor(DEFAULT_PAGE);
    expect(g.lines).toBe(44);
    expect(g.blockHeight / MM_TO_PT).toBeCloseTo(238.3, 2);
  });
  it('GR-02: 53 em at 9 pt is 168.275 mm; 3 × 16 em + 2.5 em gutters; 2 × 25 em + 3 em', () => {
    expect(gridFor(DEFAULT_PAGE).width / MM_TO_PT).toBeCloseTo(168.275, 3);
    expect(columnsFor(53, 3, 2.5)).toEqual({ columns: 3, columnEm: 16, gutterEm: 2.5 });
    expect(columnsFor(53, 2, 2.5)).toEqual({ columns: 2, columnEm: 25, gutterEm: 3 });
    expect(columnsFor(45, 3, 2.5)).toEqual({ columns: 3, columnEm: 13, gutterEm: 3 });
  });
  it('GR-04: a column width that is not a whole number of em is rejected', () => {
    expect(validateGeometry(DEFAULT_PAGE, [columnsFor(53, 2, 2.5)])).toEqual([]);
    const bad = validateGeometry(DEFAULT_PAGE, [{ columns: 2, columnEm: 25.5, gutterEm: 2 }]);
    expect(bad.map((p) => p.field)).toContain('columnEm');
    expect(validateGeometry({ ...DEFAULT_PAGE, typeWidthEm: 52.5 }, []).map((p) => p.field)).toContain('typeWidthEm');
  });
});

describe('type sizes', () => {
  it('reads 号 and points', () => {
    expect(sizeToPt('五号')).toBe(10.5);
    expect(sizeToPt('小五')).toBe(9);
    expect(sizeToPt('9pt')).toBe(9);
    expect(sizeToPt(12)).toBe(12);
    expect(() => sizeToPt('大五')).toThrow(/unknown type size/);
  });
});

describe('fonts', () => {
  it('reports a missing glyph with character, font and offset, and keeps the character', () => {
    const face = createSyntheticFace('NoHan', new Set(['龘'.codePointAt(0)!]));
    const p = composeParagraph('一龘二', face, specSettings(), 10);
    expect(p.missing).toEqual([{ char: '龘', font: 'NoHan', offset: 1 }]);
    expect(p.lines[0]!.text).toBe('一龘二');
    expect(lineGlyphs(p.lines[0]!).map((g) => g.gid)).toEqual(['一'.codePointAt(0), 0, '二'.codePointAt(0)]);
  });
  it('a user font registered for a role overrides the default', () => {
    const r = syntheticFonts();
    expect(r.resolve('song', 400).key).toBe('Synthetic-Song');
    r.register(createSyntheticFace('FZShuSong'), [{ role: 'song', weight: 400 }]);
    expect(r.resolve('song', 400).key).toBe('FZShuSong');
    expect(r.resolve('song', 700).key).toBe('Synthetic-Song');
    expect(r.resolve('fangsong', 400).key).toBe('FZShuSong');
  });
});

describe('manual line breaks', () => {
  it('sets an empty line where two manual breaks follow each other, as an empty run between its neighbours', () => {
    for (const text of ['甲\n\n乙', '甲\n   \n乙']) {
      const r = layoutArticles(
        [{ id: 1, titleLines: [], subtitle: null, byline: null, authorInfo: null, endMark: false, body: docFromBlocks([{ type: 'paragraph', text }]) }],
        syntheticFonts(),
        { page: TEN_LINE_PAGE },
      );
      const page = r.document.pages[0]!;
      expect(page.lines.map((l) => l.text)).toEqual(['甲', '', '乙']);
      const runs = page.items.filter((i) => i.kind === 'glyphs');
      expect(runs.map((run) => run.glyphs.map((g) => g.text).join(''))).toEqual(['甲', '', '乙']);
      // Each line one grid line below the one before.
      expect(page.lines[2]!.y - page.lines[1]!.y).toBeCloseTo(page.lines[1]!.y - page.lines[0]!.y, 6);
    }
  });
});
