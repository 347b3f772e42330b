// The second test issue (tests/fixtures/second-issue): real Chinese prose (the Chinese Debian Reference)
// with English phrases, numbers with units, quotes, lists, notes and figures, imported as a user would
// and laid out as a whole issue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksFromDoc } from '../../src/shared/article-doc';
import { articlePrintedTexts, countChars } from '../../src/shared/text-stats';
import { maxStretchRatio, oversetCount } from '../../src/engine/report';
import type { IssueLayoutResult } from '../../src/engine/issue/types';
import { LayoutEngine } from '../../src/engine/index';
import { getIssueLayout, issueLayoutInput, layoutFonts } from '../../src/node/services/issue-layout';
import { effectiveDesign, registryForRoles } from '../../src/node/services/settings-service';
import { createLibraryService, type LibraryService } from '../../src/node/services/library-service';
import { openSecondIssueLibrary, secondIssueJson, type SecondIssueLibrary } from '../support/second-issue';
import { allStrings, jsonArticleTexts, storedIssueParts } from './helpers';
import { overlongLines } from '../engine/keep-together-support';
import { preflight } from '../../src/node/preflight/run-preflight';

const json = secondIssueJson();
const jsonArticles = (): any[] => json.sections.flatMap((s: any) => s.articles);
/** A JSON block's text as the store keeps it: a list's items joined by line breaks. */
const blockText = (b: any): string => (b.type === 'list' ? b.items.join('\n') : b.text);
let opened: SecondIssueLibrary;
let service: LibraryService;

beforeAll(() => {
  opened = openSecondIssueLibrary();
  service = createLibraryService(opened.lib);
});
afterAll(() => opened?.cleanup());

describe('the second test issue: the fixture itself', () => {
  it('is a dense issue of 40,000–60,000 characters in 3–5 sections and 8–12 articles', () => {
    const articles = jsonArticles();
    const chars = articles.reduce((n, a) => n + a.blocks.reduce((m: number, b: any) => m + countChars(blockText(b)), 0), 0);
    expect(json.sections.length).toBeGreaterThanOrEqual(3);
    expect(json.sections.length).toBeLessThanOrEqual(5);
    expect(articles.length).toBeGreaterThanOrEqual(8);
    expect(articles.length).toBeLessThanOrEqual(12);
    expect(chars).toBeGreaterThanOrEqual(40_000);
    expect(chars).toBeLessThanOrEqual(60_000);
    const texts = articles.flatMap((a) => a.blocks.flatMap((b: any) => (b.type === 'list' ? b.items : [b.text]) as string[]));
    const kinds = new Set(articles.flatMap((a) => a.blocks.map((b: any) => b.type as string)));
    for (const kind of ['paragraph', 'heading', 'caption', 'note', 'quote', 'list']) expect(kinds, kind).toContain(kind);
    // What makes it a test of the line breaker: Latin words, digits with units, quotation marks, list items.
    expect(texts.filter((t) => /[A-Za-z]{3,}/.test(t)).length).toBeGreaterThan(100);
    expect(texts.filter((t) => /\d+ ?(年|月|日|个|位|字节|秒|天|倍|%|[KMGT]i?B)/.test(t)).length).toBeGreaterThan(20);
    expect(texts.filter((t) => /[“”"]/.test(t)).length).toBeGreaterThan(10);
    // Lists are list blocks, not paragraphs that start with a marker.
    const lists = articles.flatMap((a) => a.blocks.filter((b: any) => b.type === 'list'));
    expect(lists.reduce((n, b) => n + b.items.length, 0)).toBeGreaterThan(30);
    expect(lists.some((b) => b.ordered)).toBe(true);
    expect(texts.filter((t) => /^(● |\d+\. )/.test(t))).toEqual([]);
  });
});

describe('the second test issue in the store', () => {
  it('imports as issue 2026-7 beside the sample, with its sections and articles in order', () => {
    const issue = service.listIssues({}).find((i) => i.id === opened.issueId)!;
    expect(issue).toMatchObject({ year: 2026, number: 7, totalNumber: 319, publishDate: '2026-07-26', sectionCount: 4, articleCount: 11 });
    const outline = service.getIssueOutline({ issueId: opened.issueId });
    expect(outline.sections.map((s) => s.name)).toEqual(json.sections.map((s: any) => s.name));
    expect(outline.sections.map((s) => s.articles.map((a) => a.key))).toEqual(json.sections.map((s: any) => s.articles.map((a: any) => a.id)));
  });

  it("gives back every article's printed texts and block kinds, article by article", () => {
    const outline = service.getIssueOutline({ issueId: opened.issueId });
    json.sections.forEach((section: any, s: number) => {
      section.articles.forEach((jsonArticle: any, a: number) => {
        const summary = outline.sections[s]!.articles[a]!;
        const stored = service.getArticle({ articleId: summary.id });
        expect(articlePrintedTexts(stored), jsonArticle.id).toEqual(jsonArticleTexts(jsonArticle));
        expect(summary.charCount).toBe(jsonArticleTexts(jsonArticle).reduce((n, t) => n + countChars(t), 0));
        expect(stored.endMark).toBe(true);
        expect(stored.runOn ?? null).toBe(jsonArticle.runOn ?? null);
        const blocks = blocksFromDoc(stored.body);
        expect(blocks.map((b) => b.type), jsonArticle.id).toEqual(jsonArticle.blocks.map((b: any) => b.type));
      });
    });
  });

  it('has one placeholder photo per figure caption', () => {
    const photos = service.listPhotos({ issueId: opened.issueId }).filter((p) => p.placement === 'article');
    const captions = jsonArticles().flatMap((a) => a.blocks.filter((b: any) => b.type === 'caption'));
    expect(photos.map((p) => p.caption)).toEqual(captions.map((c: any) => c.text));
    expect(photos.every((p) => p.file === null && p.credit?.raw === '资料/《Debian 参考手册》')).toBe(true);
  });

  it('holds every text of the JSON file somewhere', () => {
    const issueId = opened.issueId;
    const found = storedIssueParts(service, issueId);
    found.push(opened.lib.db.prepare('SELECT title_source FROM article WHERE issue_id = ?').all(issueId));
    const haystack = allStrings(found).join('\u0000');
    // An article's title is its title lines run together; the store keeps the lines.
    for (const a of jsonArticles()) expect([a.titleLines.join(''), a.titleLines.join(' ')]).toContain(a.title);
    // Provenance is not issue text: the file's and each article's source, and the heading the source gave it.
    const { source: _source, unplaced: _unplaced, schema: _schema, ...issueText } = json;
    const missing: string[] = [];
    const visit = (v: unknown, key: string, parent: any) => {
      if (key === 'source' || key === 'sourceTitle' || (key === 'title' && Array.isArray(parent?.titleLines))) return;
      if (typeof v === 'string') {
        if (!haystack.includes(v)) missing.push(v);
      } else if (Array.isArray(v)) v.forEach((x) => visit(x, key, parent));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k, v);
    };
    visit(issueText, '', null);
    expect(missing).toEqual([]);
  });
});

describe('the second test issue laid out', () => {
  let layout: IssueLayoutResult;
  beforeAll(() => {
    layout = getIssueLayout(opened.lib, opened.issueId);
  }, 120_000);

  it('lays out every article, in order', () => {
    const ids = service.getIssueOutline({ issueId: opened.issueId }).sections.flatMap((s) => s.articles.map((a) => a.id));
    expect(layout.starts.map((s) => s.articleId)).toEqual(ids);
  });

  it('breaks no line before a mark forbidden at line start or after one forbidden at line end', () => {
    expect(layout.report.prohibitedLineStarts).toEqual([]);
    expect(layout.report.prohibitedLineEnds).toEqual([]);
  });

  it('sets no line past its column: long paths and URLs break where the URL convention allows (issue 10)', () => {
    // Glyph right edges against the line boxes, as the reader sees them, and the report's own count.
    const fonts = layoutFonts(opened.lib).registry;
    expect(overlongLines(layout.document, fonts).map((l) => `${l.page}: ${l.text} +${l.overPt.toFixed(1)}pt`)).toEqual([]);
    expect(layout.report.overfullLines).toEqual([]);
    const checked = preflight(opened.lib, opened.issueId, 'print', layout, null);
    expect(checked.errors.filter((e) => e.code === 'overfull_line')).toEqual([]);
    // The fixture's paths and URLs are long enough that some do break inside; none with a hyphen added.
    const texts = layout.document.pages.flatMap((p) => p.lines.map((l) => l.text));
    const inUrl = texts.filter((t) => /(?:[\w.-]+\/|\/[\w.-]+)$/u.test(t) || /^[\w-]*\.[a-z]/u.test(t));
    expect(inUrl.length).toBeGreaterThan(0);
    console.log(`second issue: ${inUrl.length} lines end or start inside a path or URL; emergency breaks: ${layout.report.brokenWords.length}`);
    for (const l of layout.report.brokenWords) console.log(`  broken word: page index ${l.page}: ${l.text}`);
  });

  it('finds a glyph for every character in the fonts', () => {
    expect(layout.report.missingGlyphs.map((m) => `${m.char} U+${m.char.codePointAt(0)!.toString(16).toUpperCase()} ${m.font}`)).toEqual([]);
  });

  it('reports its composition figures (printed, not yet held to a limit)', () => {
    const r = layout.report;
    const figures = {
      pages: r.pages,
      linesSet: r.linesSet,
      overStretchedLines: r.overStretchedLines.length,
      maxStretchRatio: maxStretchRatio(r),
      oversetBlocks: r.oversetBlocks.length,
      oversetFrames: r.oversetFrames.length,
      overset: oversetCount(r),
      singleCharacterLastLines: r.singleCharacterLastLines.length,
      copyfitColumns: r.copyfit.length,
      overBudget: r.overBudget.length,
    };
    console.log(`second issue composition report: ${JSON.stringify(figures)}`);
    const owner = (o: number | string) => (typeof o === 'number' ? `article ${o}` : o);
    for (const o of r.oversetBlocks) console.log(`  overset block: ${owner(o.owner)} block ${o.blockIndex} (${o.reason}, page index ${o.page ?? '?'})`);
    for (const o of r.oversetFrames) console.log(`  overset frame: page index ${o.page} ${o.frame}: ${o.lines} lines from “${o.text.slice(0, 30)}”`);
    for (const l of [...r.overStretchedLines].sort((a, b) => (b.stretch ?? 0) - (a.stretch ?? 0)).slice(0, 15))
      console.log(`  over-stretched ×${l.stretch}: ${owner(l.owner)} page index ${l.page}: ${l.text}`);
    expect(r.pages).toBe(layout.document.pages.length);
    expect(r.linesSet).toBeGreaterThan(0);
  });

  it('reports over-stretched lines of its articles broken greedily and optimum-fit (printed, not yet held to a limit)', () => {
    // The article pages alone, through the article engine with the issue's design, once per breaking mode.
    const publication = service.getIssueOutline({ issueId: opened.issueId }).publication;
    const design = effectiveDesign(publication);
    const fonts = registryForRoles(layoutFonts(opened.lib).registry, publication);
    const input = issueLayoutInput(opened.lib, opened.issueId);
    const articles = input.sections.flatMap((s) => s.articles);
    const figures: Record<string, unknown> = {};
    for (const lineBreaking of ['greedy', 'optimum'] as const) {
      const r = new LayoutEngine(fonts).layout(articles, { page: design.page, styles: design.styles, columns: design.columns, keepNames: input.keepNames, lineBreaking }).report;
      figures[lineBreaking] = {
        pages: r.pages, linesSet: r.linesSet, overStretchedLines: r.overStretchedLines.length, maxStretchRatio: maxStretchRatio(r),
        overfullLines: r.overfullLines.length, singleCharacterLastLines: r.singleCharacterLastLines.length, overset: oversetCount(r),
      };
      // Before breaks inside long Latin runs (issue 10) the article pages had 45 over-stretched lines optimum-fit
      // and 85 greedy, the worst at ×94.5 the allowed stretch, and 7 lines past the column edge.
      expect(r.overfullLines, lineBreaking).toEqual([]);
      for (const l of r.overStretchedLines) console.log(`  ${lineBreaking} over-stretched: article ${l.owner} page index ${l.page}: ${l.text}`);
      expect(r.linesSet).toBeGreaterThan(0);
    }
    console.log(`second issue, article pages by breaking mode: ${JSON.stringify(figures)}`);
    const overStretched = (mode: string) => (figures[mode] as { overStretchedLines: number }).overStretchedLines;
    expect(overStretched('optimum')).toBeLessThan(overStretched('greedy'));
  });
});
