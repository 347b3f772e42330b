// getIssuePages over a real library: the input read through the store's service, the cached
// result, the greeked 'lines' detail, and a new layout after an edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssueLayoutService, getIssueLayout, issueLayoutInput, THUMBNAIL_MIN_GLYPH_PT } from '../../src/node/services/issue-layout';
import { createLibraryService } from '../../src/node/services/library-service';
import { docFromBlocks, blocksFromDoc } from '../../src/shared/article-doc';
import { openSampleLibrary } from './issue-support';

let sample: ReturnType<typeof openSampleLibrary>;
beforeAll(() => {
  sample = openSampleLibrary();
});
afterAll(() => sample.cleanup());

describe('issue layout service', () => {
  it('builds the input from the store: every section, article, photo and the colophon', () => {
    const input = issueLayoutInput(sample.lib, 1);
    expect(input.sections.map((s) => s.name)).toHaveLength(9);
    expect(input.sections.flatMap((s) => s.articles)).toHaveLength(23);
    expect(input.publication.cn).toBe('CN 11-4553/D');
    expect(input.issue.totalNumber).toBe(313);
    expect(input.colophon.editorialBoard.members).toHaveLength(28);
    expect(input.photos.every((p) => p.placeholder)).toBe(true);
    expect(input.extras.map((e) => e.key)).toContain('back-cover-photo');
  });

  it("answers getIssuePages with every page; 'lines' drops glyph runs under 14 pt but keeps the line boxes", () => {
    const service = createIssueLayoutService(sample.lib);
    const full = service.getIssuePages({ issueId: 1, detail: 'full' });
    const lines = service.getIssuePages({ issueId: 1, detail: 'lines' });
    if (full instanceof Promise || lines instanceof Promise) throw new Error('expected a synchronous answer');
    expect(full.pages.length).toBe(lines.pages.length);
    expect(full.pages.length % 4).toBe(0);
    const glyphs = (p: (typeof full.pages)[number]) => p.items.filter((i) => i.kind === 'glyphs');
    expect(full.pages.some((p) => glyphs(p).some((g) => g.kind === 'glyphs' && g.sizePt < THUMBNAIL_MIN_GLYPH_PT))).toBe(true);
    expect(lines.pages.every((p) => glyphs(p).every((g) => g.kind === 'glyphs' && g.sizePt >= THUMBNAIL_MIN_GLYPH_PT))).toBe(true);
    expect(lines.pages.some((p) => glyphs(p).length > 0)).toBe(true);
    expect(lines.pages.map((p) => p.lines.length)).toEqual(full.pages.map((p) => p.lines.length));
    expect(full.starts).toHaveLength(23);
    expect(full.starts[0]).toEqual({ articleId: expect.any(Number), folio: '01' });
    expect(full.report.prohibitedBreaks).toBe(0);
    expect(full.report.oversetBlocks).toBe(0);
  });

  it('keeps the layout until the issue changes, then lays out again', () => {
    const first = getIssueLayout(sample.lib, 1);
    expect(getIssueLayout(sample.lib, 1)).toBe(first);
    const library = createLibraryService(sample.lib);
    const articleId = first.starts[3]!.articleId;
    const article = library.getArticle({ articleId });
    const blocks = blocksFromDoc(article.body);
    const longer = docFromBlocks([...blocks, ...blocks, ...blocks]);
    library.updateArticle({ articleId, baseRevision: article.revision, patch: { body: longer as never } });
    const second = getIssueLayout(sample.lib, 1);
    expect(second).not.toBe(first);
    const next = first.starts[4]!;
    expect(Number(second.starts.find((s) => s.articleId === next.articleId)!.folio)).toBeGreaterThan(Number(next.folio));
  });

  it('refuses an unknown issue with not_found', () => {
    expect(() => getIssueLayout(sample.lib, 999)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
