// The preview's back end against a real library holding the sample issue and the bundled fonts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../support/people';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { loadFontRegistry } from '../../src/node/fonts/default-fonts';
import { createLayoutService } from '../../src/node/services/layout-service';
import { createLibraryService } from '../../src/node/services/library-service';
import { blocksFromDoc, docFromBlocks, type DocBlock } from '../../src/shared/article-doc';
import type { ArticleLayout } from '../../src/shared/api';
import type { DisplayPage, LineBox } from '../../src/shared/display-list';
import { QikanError } from '../../src/shared/errors';
import type { Article } from '../../src/shared/model';

const RESOURCES_DIR = resolve(__dirname, '../../resources');
const END_MARK = '□';

let dir: string;
let lib: Library;
let articles: Article[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qikan-preview-'));
  lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
  const store = createLibraryService(lib);
  const issue = store.listIssues({})[0]!;
  const outline = store.getIssueOutline({ issueId: issue.id });
  articles = outline.sections.flatMap((s) => s.articles.map((a) => store.getArticle({ articleId: a.id })));
});

afterAll(() => {
  lib?.close();
  rmSync(dir, { recursive: true, force: true });
});

const allLines = (pages: DisplayPage[]): LineBox[] => pages.flatMap((p) => p.lines);
/** The article's own lines (its pages also carry running heads, the colophon, a run-on neighbour). */
const ownLines = (layout: ArticleLayout): LineBox[] => allLines(layout.pages).filter((l) => l.source.owner === layout.articleId);

/** The text set for one block, lines in page order. */
function blockText(layout: ArticleLayout, blockIndex: number): string {
  return ownLines(layout)
    .filter((l) => l.source.blockIndex === blockIndex && l.source.part === undefined)
    .map((l) => l.text)
    .join('');
}

function firstArticleWithParagraphs(min: number): Article {
  const found = articles.find((a) => blocksFromDoc(a.body).filter((b) => b.type === 'paragraph' && b.text.length > 20).length >= min);
  if (!found) throw new Error('the sample issue has no article with enough paragraphs');
  return found;
}

describe('layoutArticle', () => {
  it('sets every paragraph of a stored article, its lines concatenating to the block text', () => {
    const service = createLayoutService(lib);
    const article = firstArticleWithParagraphs(3);
    const layout = service.layoutArticle({ articleId: article.id });
    expect(layout.articleId).toBe(article.id);
    expect(layout.pages.length).toBeGreaterThan(0);
    expect(layout.report.pages).toBe(layout.pages.length);
    expect(layout.report.linesSet).toBe(ownLines(layout).length);
    // Every page it is set on holds its lines.
    for (const page of layout.pages) expect(page.lines.some((l) => l.source.owner === article.id)).toBe(true);
    expect(layout.report.prohibitedBreaks).toBe(0);
    expect(layout.report.oversetBlocks).toBe(0);
    const blocks = blocksFromDoc(article.body);
    let checked = 0;
    blocks.forEach((b, index) => {
      if (b.type !== 'paragraph' || b.text.trim() === '') return;
      expect(blockText(layout, index).replace(END_MARK, '')).toBe(b.text);
      checked++;
    });
    expect(checked).toBeGreaterThanOrEqual(3);
    // Each line knows its place in the block: the ranges tile the block's text.
    for (const line of ownLines(layout)) {
      if (line.source.blockIndex < 0 || line.source.part !== undefined) continue;
      const text = blocks[line.source.blockIndex]!.text;
      expect(line.source.owner).toBe(article.id);
      expect(text.slice(line.source.start, line.source.end)).toBe(line.text.replace(END_MARK, ''));
    }
    // Glyph runs point at lines and use fonts the outline service knows.
    const runs = layout.pages.flatMap((p) => p.items).filter((i) => i.kind === 'glyphs');
    expect(runs.length).toBeGreaterThan(0);
    const lineIds = new Set(allLines(layout.pages).map((l) => l.lineId));
    for (const run of runs) expect(lineIds.has(run.lineId!)).toBe(true);
  });

  it('lays out the unsaved draft: edited body and title show up in the lines, the store is unchanged', () => {
    const service = createLayoutService(lib);
    const store = createLibraryService(lib);
    const article = firstArticleWithParagraphs(2);
    const blocks = blocksFromDoc(article.body);
    const target = blocks.findIndex((b) => b.type === 'paragraph' && b.text.length > 20);
    const inserted = '预览跟随输入的新句子。';
    const edited: DocBlock[] = blocks.map((b, i) => (i === target ? { ...b, text: inserted + b.text } : b));
    const layout = service.layoutArticle({
      articleId: article.id,
      draft: { body: docFromBlocks(edited), titleLines: ['草稿标题'] },
    });
    expect(blockText(layout, target).replace(END_MARK, '')).toBe(inserted + blocks[target]!.text);
    const title = ownLines(layout).filter((l) => l.source.part === 'title').map((l) => l.text).join('');
    expect(title).toBe('草稿标题');
    expect(store.getArticle({ articleId: article.id }).revision).toBe(article.revision);
    // Without the draft, the stored text again.
    const stored = service.layoutArticle({ articleId: article.id });
    expect(blockText(stored, target).replace(END_MARK, '')).toBe(blocks[target]!.text);
  });

  it('reports the page budget of the draft over the stored one', () => {
    const service = createLayoutService(lib);
    const article = articles[0]!;
    const layout = service.layoutArticle({ articleId: article.id, draft: { pageBudget: 7 } });
    expect(layout.report.pageBudget).toBe(7);
  });

  it('answers not_found for an unknown article', () => {
    const service = createLayoutService(lib);
    let caught: unknown;
    try {
      service.layoutArticle({ articleId: 999_999 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(QikanError);
    expect((caught as QikanError).code).toBe('not_found');
    expect((caught as QikanError).details.entity).toBe('article');
  });
});

describe('one font set per library', () => {
  it('loads the fonts once for all layout services of a library and again for another library', () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'qikan-preview-fonts-'));
    const other = openLibrary({ dataDir: otherDir, resourcesDir: RESOURCES_DIR });
    try {
      let loads = 0;
      const loadFonts = () => {
        loads++;
        return loadFontRegistry();
      };
      const otherStore = createLibraryService(other);
      const id = otherStore.getIssueOutline({ issueId: otherStore.listIssues({})[0]!.id }).sections[0]!.articles[0]!.id;
      createLayoutService(other, { loadFonts }).layoutArticle({ articleId: id });
      const second = createLayoutService(other, { loadFonts });
      second.layoutArticle({ articleId: id, draft: { subtitle: '再排一次' } });
      second.getGlyphOutlines({ font: 'NotoSerifSC-Regular', gids: [100] });
      expect(loads).toBe(1);
    } finally {
      other.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});

describe('getGlyphOutlines', () => {
  it('returns non-empty outlines for the Han glyphs of a laid-out line', () => {
    const service = createLayoutService(lib);
    const layout = service.layoutArticle({ articleId: articles[0]!.id });
    const run = layout.pages[0]!.items.find((i) => i.kind === 'glyphs' && i.glyphs.some((g) => /\p{Script=Han}/u.test(g.text)));
    if (!run || run.kind !== 'glyphs') throw new Error('no Han run on the first page');
    const gids = run.glyphs.filter((g) => /\p{Script=Han}/u.test(g.text)).map((g) => g.gid);
    const outlines = service.getGlyphOutlines({ font: run.font, gids: [...gids, gids[0]!] });
    expect(outlines.font).toBe(run.font);
    expect(outlines.unitsPerEm).toBeGreaterThan(0);
    expect(outlines.glyphs.map((g) => g.gid)).toEqual([...new Set(gids)]);
    for (const g of outlines.glyphs) expect(g.d).toMatch(/^M[-\d.]+ [-\d.]+.*Z$/s);
    // A second answer comes from the cache and is the same.
    const again = service.getGlyphOutlines({ font: run.font, gids: [gids[0]!] });
    expect(again.glyphs[0]).toEqual(outlines.glyphs[0]);
  });

  it('answers not_found for an unknown font and for a glyph id beyond the font', async () => {
    const service = createLayoutService(lib);
    const me = await signedIn(lib, { handlers: service as never });
    const unknown = await me.dispatch('getGlyphOutlines', { font: 'NoSuchFont-Regular', gids: [1] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found', details: { entity: 'font', id: 'NoSuchFont-Regular' } } });
    const beyond = await me.dispatch('getGlyphOutlines', { font: 'NotoSerifSC-Regular', gids: [65_535] });
    expect(beyond).toMatchObject({ ok: false, error: { code: 'not_found', details: { entity: 'glyph' } } });
  });
});

describe('createServices', () => {
  it('serves the store and the layout through one dispatch', async () => {
    const me = await signedIn(lib);
    const listed = await me.dispatch('listIssues', {});
    expect(listed.ok).toBe(true);
    const laid = await me.dispatch('layoutArticle', { articleId: articles[0]!.id, draft: { subtitle: '副题草稿' } });
    expect(laid.ok).toBe(true);
    const value = (laid as { ok: true; value: ArticleLayout }).value;
    // As the page prints it: the subtitle after a dash.
    expect(allLines(value.pages).some((l) => l.source.part === 'subtitle' && l.text === '——副题草稿')).toBe(true);
  });
});
