import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bannerPrinted, blocksFromDoc } from '../../src/shared/article-doc';
import { articlePrintedTexts, countChars } from '../../src/shared/text-stats';
import type { Library } from '../../src/node/library/open-library';
import { createLibraryService, type LibraryService } from '../../src/node/services/library-service';
import { allStrings, jsonArticleTexts, openSampleLibrary, removeTempDirs, sampleJson, storedIssueParts } from './helpers';

const json = sampleJson();
let lib: Library;
let service: LibraryService;
let issueId: number;

beforeAll(() => {
  lib = openSampleLibrary();
  service = createLibraryService(lib);
  issueId = service.listIssues({})[0]!.id;
});
afterAll(() => {
  lib.close();
  removeTempDirs();
});

describe('the sample issue in the store', () => {
  it('has the issue, its sections and articles in order', () => {
    const [issue] = service.listIssues({});
    expect(issue).toMatchObject({ year: 2026, number: 1, totalNumber: 313, publishDate: '2026-01-26', sectionCount: 9, articleCount: 23 });
    const outline = service.getIssueOutline({ issueId });
    expect(outline.sections.map((s) => s.name)).toEqual(json.sections.map((s: { name: string }) => s.name));
    expect(outline.sections.map((s) => s.articles.map((a) => a.key))).toEqual(
      json.sections.map((s: { articles: { id: string }[] }) => s.articles.map((a) => a.id)),
    );
    expect(outline.publication).toMatchObject({ title: '北京人大', cn: 'CN 11-4553/D', trimWidthMm: 210, trimHeightMm: 285, priceValue: '6.00元' });
  });

  it('counts 378 paragraphs, 116 headings, 18 captions, 6 notes and 3 banners', () => {
    const counts: Record<string, number> = {};
    for (const section of service.getIssueOutline({ issueId }).sections) {
      for (const summary of section.articles) {
        for (const b of blocksFromDoc(service.getArticle({ articleId: summary.id }).body)) counts[b.type] = (counts[b.type] ?? 0) + 1;
      }
    }
    expect(counts).toEqual({ paragraph: 378, heading: 116, caption: 18, note: 6, banner: 3 });
  });

  it("gives back every article's printed texts, article by article and in order", () => {
    const outline = service.getIssueOutline({ issueId });
    json.sections.forEach((section: { articles: unknown[] }, s: number) => {
      section.articles.forEach((jsonArticle: any, a: number) => {
        const summary = outline.sections[s]!.articles[a]!;
        const stored = service.getArticle({ articleId: summary.id });
        expect(articlePrintedTexts(stored), jsonArticle.id).toEqual(jsonArticleTexts(jsonArticle));
        expect(summary.charCount).toBe(jsonArticleTexts(jsonArticle).reduce((n, t) => n + countChars(t), 0));
        expect(stored.bylineRaw).toBe(jsonArticle.bylineRaw ?? null);
        expect(stored.sectionLabel).toBe(jsonArticle.sectionLabel ?? null);
        expect(stored.endMark).toBe(jsonArticle.endMark);
        expect(stored.endMarkGlyph).toBe(jsonArticle.endMarkGlyph ?? null);
        expect(stored.printedStartPage).toBe(jsonArticle.printedStartPage);
        const blocks = blocksFromDoc(stored.body);
        jsonArticle.blocks.forEach((jb: any, i: number) => {
          const b = blocks[i]!;
          expect(b.type).toBe(jb.type);
          if (jb.type === 'heading') expect(b).toMatchObject({ level: jb.level });
          if (jb.type === 'banner') expect(bannerPrinted(b.text)).toBe(`// ${jb.label} //`);
          if (jb.type === 'caption') {
            expect(b).toMatchObject({ credit: jb.credit ?? null });
            if (jb.originalPosition) expect(b).toMatchObject({ originalPosition: jb.originalPosition });
          }
        });
      });
    });
  });

  it('keeps the masthead, colophon in printed order, extras and printed table of contents', () => {
    const outline = service.getIssueOutline({ issueId });
    expect(outline.masthead.coverLines).toEqual(json.masthead.coverLines);
    expect(outline.masthead.coverPhotoCredit).toEqual(json.masthead.coverPhotoCredit);
    expect(outline.masthead.issueLinePrinted).toBe(json.masthead.issueLinePrinted);

    const c = service.getColophon({ issueId });
    const rows = (xs: { key: string; value: string }[]) => xs.map((r) => ({ label: r.key, value: r.value }));
    expect(c.organisation).toEqual(rows(json.colophon.organisation));
    expect(c.contacts).toEqual(rows(json.colophon.contacts));
    expect(c.production).toEqual(rows(json.colophon.production));
    expect(c.editorialBoard.members).toEqual(json.colophon.editorialBoard.members);
    expect(c.editorialBoard.members).toHaveLength(28);
    expect(c.editorialBoard).toMatchObject({ chair: '王建中', viceChair: '李春荣', note: '按姓名笔画排列', roles: json.colophon.editorialBoard.roles });
    expect(c.chiefEditor).toEqual({ role: '主编', name: '田洪俊' });
    expect(c.editorialOffice).toEqual(json.colophon.editorialOffice.map((o: any) => ({ role: o.role, names: o.names })));
    expect(c.price).toEqual({ label: '定价', value: '6.00元', amount: 6, currency: 'CNY' });

    const extras = service.listExtras({ issueId });
    expect(extras.map((e) => e.key)).toEqual(json.extras.map((e: any) => e.id));
    json.extras.forEach((je: any, i: number) => {
      const e = extras[i]!;
      expect(e.title).toBe(je.title ?? null);
      expect(e.series).toBe(je.series ?? null);
      expect(e.credit).toEqual(je.credit ?? null);
      expect(blocksFromDoc(e.body).map((b) => b.text)).toEqual((je.blocks ?? []).map((b: any) => b.text));
    });

    const toc = service.getPrintedToc({ issueId });
    expect(toc).toEqual(json.toc.entries.map((e: any) => ({ pagePrinted: e.pagePrinted, page: e.page, style: e.style, section: e.section, titleLines: e.titleLines, subtitle: e.subtitle })));
  });

  it('has one placeholder photo per caption plus the cover, 封二, 封三 and back-cover photos', () => {
    const photos = service.listPhotos({ issueId });
    const articlePhotos = photos.filter((p) => p.placement === 'article');
    expect(articlePhotos).toHaveLength(18);
    expect(articlePhotos.every((p) => p.file === null && p.articleId !== null && p.credit !== null)).toBe(true);
    expect(photos.filter((p) => p.placement === 'cover').map((p) => p.credit?.raw)).toEqual(['封面摄影：和国彬']);
    const insideFront = photos.filter((p) => p.placement === 'inside-front-cover');
    expect(insideFront).toHaveLength(3);
    expect(insideFront.every((p) => p.credit?.raw === '本版摄影/吕亚南' && p.credit.scope === '本版')).toBe(true);
    expect(photos.filter((p) => p.placement === 'inside-back-cover').map((p) => p.credit?.raw)).toEqual(['摄影/吕亚南']);
    expect(photos.filter((p) => p.placement === 'back-cover').map((p) => [p.caption, p.credit?.raw])).toEqual([['运河月明', '摄影 / 和国彬']]);
    expect(photos.filter((p) => p.placement === 'contents').map((p) => p.credit?.raw)).toEqual(['摄影/张樾']);
  });

  it('holds every text of the JSON file somewhere', () => {
    const found = storedIssueParts(service, issueId);
    found.push(lib.db.prepare('SELECT byline_parts, title_source, toc_title_lines FROM article').all().map((r) => Object.values(r as object).map((v) => (typeof v === 'string' && v.startsWith('[') || typeof v === 'string' && v.startsWith('{') ? JSON.parse(v) : v))));
    const haystack = allStrings(found).join('\u0000');

    // Generator bookkeeping is not issue text: provenance, statistics, and a block's "splitFrom" note.
    const { source: _source, stats: _stats, unplaced: _unplaced, schema: _schema, ...issueText } = json;
    const missing: string[] = [];
    const visit = (v: unknown, key: string, parent: any) => {
      if (typeof v === 'string') {
        if (key === 'splitFrom') return;
        // A banner's text is its printed form, which the store derives from the label.
        if (key === 'text' && parent?.type === 'banner') return;
        if (!haystack.includes(v)) missing.push(v);
      } else if (Array.isArray(v)) v.forEach((x) => visit(x, key, parent));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k, v);
    };
    visit(issueText, '', null);
    expect(missing).toEqual([]);
  });
});
