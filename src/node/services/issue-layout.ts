// The one layout of an issue. Every view takes its pages from here: the page preview beside the
// editor (with the editor's unsaved draft laid over the stored article), the thumbnails, the 台版
// copyfit, the preflight and the print, screen and proof PDFs. The engine's input is read through
// the library service, the last results are kept per library and issue until the issue changes,
// and the engine (with its caches) lives as long as the library.

import type { ApiInput, IssuePages, LayoutReportSummary } from '../../shared/api';
import type { ArticleDoc } from '../../shared/article-doc';
import type { Article, ArticlePatch, IssueOutline, Photo, Publication } from '../../shared/model';
import { maxStretchRatio, oversetCount, type CompositionReport } from '../../engine/report';
import type { LayoutArticle } from '../../engine/flow/blocks';
import type { FontRegistry } from '../../engine/fonts/registry';
import { IssueLayoutEngine } from '../../engine/issue/index';
import type { IssueLayoutInput, IssueLayoutResult, PhotoForLayout } from '../../engine/issue/types';
import type { ApiHandlers } from '../api/dispatch';
import type { LoadedFonts } from '../fonts/default-fonts';
import { libraryFonts } from '../fonts/library-fonts';
import { saveLearnedMetrics } from '../fonts/metrics-cache';
import type { Library } from '../library/open-library';
import { leaderNames } from './keep-names';
import { createLibraryService } from './library-service';
import { effectiveDesign, manualBoardOrderOf, registryForRoles } from './settings-service';

/** Glyph runs smaller than this are left out of the 'lines' detail (thumbnails show them as lines). */
export const THUMBNAIL_MIN_GLYPH_PT = 14;

export interface IssueLayoutDeps {
  /** Loads the font registry; defaults to the bundled Noto faces plus <library>/fonts. */
  loadFonts?: (lib: Library) => LoadedFonts;
}

interface IssueSession {
  fonts: LoadedFonts;
  /** The registry with the publication's font roles applied (the engine's caches belong to it). */
  registry: FontRegistry;
  engine: IssueLayoutEngine;
  /** Last layouts per issue (the stored issue and the newest draft of it), with the input each was made from. */
  results: Map<number, { key: string; result: IssueLayoutResult }[]>;
}

const sessions = new WeakMap<Library, IssueSession>();

const loadedByDeps = new WeakMap<Library, LoadedFonts>();

/** The library's parsed fonts: one set per library (the bundled faces plus <library>/fonts), or the deps' own. */
export function layoutFonts(lib: Library, deps: IssueLayoutDeps = {}): LoadedFonts {
  if (!deps.loadFonts) return libraryFonts(lib);
  let fonts = loadedByDeps.get(lib);
  if (!fonts) loadedByDeps.set(lib, (fonts = deps.loadFonts(lib)));
  return fonts;
}

function sessionOf(lib: Library, deps: IssueLayoutDeps, publication: Publication): IssueSession {
  let session = sessions.get(lib);
  const fonts = layoutFonts(lib, deps);
  const registry = registryForRoles(fonts.registry, publication);
  if (!session || session.fonts !== fonts || session.registry !== registry) {
    session = { fonts, registry, engine: new IssueLayoutEngine(registry), results: new Map() };
    sessions.set(lib, session);
  }
  return session;
}

function photoForLayout(p: Photo): PhotoForLayout {
  return {
    id: p.id,
    articleId: p.articleId,
    placement: p.placement,
    position: p.position,
    widthPx: p.widthPx,
    heightPx: p.heightPx,
    caption: p.caption,
    credit: p.credit,
    placeholder: p.file === null,
  };
}

/** Stored articles as last read, per library, with the revision and time they were read at: the
 *  preview lays the issue out on every pause in typing, and reading and parsing every body again
 *  each time would cost more than the layout of the one article that changed. */
const storedArticles = new WeakMap<Library, Map<number, { stamp: string; article: Article }>>();
/** Stored articles kept per library (most recently used): a year of issues, far below the memory they would take unbounded. */
const STORED_ARTICLES_KEPT = 1_500;

function storedArticle(lib: Library, service: ReturnType<typeof createLibraryService>, articleId: number, stamp: string | undefined): Article {
  let byId = storedArticles.get(lib);
  if (!byId) storedArticles.set(lib, (byId = new Map()));
  const kept = byId.get(articleId);
  if (kept && stamp !== undefined && kept.stamp === stamp) {
    // Most recently used last: the first entries are the ones to drop.
    byId.delete(articleId);
    byId.set(articleId, kept);
    return kept.article;
  }
  const article = service.getArticle({ articleId });
  if (stamp !== undefined) {
    byId.delete(articleId);
    byId.set(articleId, { stamp, article });
    while (byId.size > STORED_ARTICLES_KEPT) byId.delete(byId.keys().next().value!);
  }
  return article;
}

/** Unsaved edits from the editor, laid over one stored article. */
export interface ArticleDraft {
  articleId: number;
  patch: ApiInput<'layoutArticle'>['draft'];
}

/** A stored article as the engine reads it, with the editor's unsaved fields laid over it. */
export function articleForLayout(article: Article, draft?: ArticleDraft['patch']): IssueLayoutInput['sections'][number]['articles'][number] {
  // The API schema checked the body's shape (a root with block children); the engine reads it as a document.
  const patch = (draft ? { ...draft, ...(draft.body ? { body: draft.body as unknown as ArticleDoc } : {}) } : {}) as ArticlePatch;
  const merged = { ...article, ...patch };
  return {
    id: article.id,
    titleLines: merged.titleLines,
    subtitle: merged.subtitle,
    byline: merged.byline,
    authorInfo: merged.authorInfo,
    sectionLabel: article.sectionLabel,
    body: merged.body,
    endMark: merged.endMark,
    pageBudget: merged.pageBudget,
    ...layoutOptionsOf(merged),
  };
}

/** The article's own layout options as the flow reads them (absent when it has none). */
function layoutOptionsOf(a: Pick<Article, 'runOn' | 'columns'>): { layout?: NonNullable<LayoutArticle['layout']> } {
  if (a.runOn == null && a.columns == null) return {};
  return { layout: { ...(a.runOn != null ? { startOnNewPage: false, runOnSeparator: a.runOn } : {}), ...(a.columns != null ? { columns: a.columns } : {}) } };
}

/** The engine's input for one issue, read through the library service, with a draft laid over its article. */
export function issueLayoutInput(lib: Library, issueId: number, draft?: ArticleDraft): IssueLayoutInput {
  return keyedLayoutInput(lib, createLibraryService(lib).getIssueOutline({ issueId }), draft).input;
}

/** The input from an outline already read, with its cache key: each stored article stands in the key
 *  by its revision and time (the draft by its patch), the rest as it is. Writing out every article
 *  body for each pause in typing would cost as much as a good part of the layout itself. */
function keyedLayoutInput(lib: Library, outline: IssueOutline, draft?: ArticleDraft): { input: IssueLayoutInput; key: string } {
  const service = createLibraryService(lib);
  const issueId = outline.issue.id;
  const stamps = new Map(
    (lib.db.prepare('SELECT id, revision, updated_at AS updatedAt FROM article WHERE issue_id = ?').all(issueId) as { id: number; revision: number; updatedAt: string }[]).map((r) => [
      r.id,
      `${r.revision}|${r.updatedAt}`,
    ]),
  );
  const pub = outline.publication;
  const pinyin = typeof pub.settings.pinyin === 'string' ? pub.settings.pinyin : undefined;
  const input: IssueLayoutInput = {
    publication: {
      title: pub.title,
      englishTitle: pub.englishTitle,
      ...(pinyin ? { pinyin } : {}),
      cn: pub.cn,
      cnLabel: pub.cnLabel,
      sponsor: pub.sponsor,
      publisher: pub.publisher,
      priceValue: pub.priceValue,
    },
    issue: {
      id: outline.issue.id,
      year: outline.issue.year,
      number: outline.issue.number,
      totalNumber: outline.issue.totalNumber,
      publishDate: outline.issue.publishDate,
      publishDatePrinted: outline.masthead.publishDatePrinted,
    },
    masthead: outline.masthead,
    sections: outline.sections.map((s) => ({
      id: s.id,
      name: s.name,
      articles: s.articles.map((summary) => {
        const a = storedArticle(lib, service, summary.id, stamps.get(summary.id));
        return articleForLayout(a, draft?.articleId === a.id ? draft.patch : undefined);
      }),
    })),
    colophon: service.getColophon({ issueId }),
    extras: service.listExtras({ issueId }),
    photos: service.listPhotos({ issueId }).map(photoForLayout),
    keepNames: leaderNames(),
  };
  const articles = outline.sections.flatMap((s) => s.articles.map((a) => [a.id, stamps.get(a.id) ?? null, draft?.articleId === a.id ? draft.patch : null]));
  return { input, key: JSON.stringify([{ ...input, sections: input.sections.map((s) => [s.id, s.name]) }, articles]) };
}

/** Results kept per issue: the stored issue and the draft being typed do not push each other out. */
const RESULTS_KEPT = 2;
/** Issues whose results are kept (most recently laid out): each result holds every page of its issue. */
const ISSUES_KEPT = 3;

/** The issue laid out (with an article's unsaved draft, for the preview), from cache when nothing changed. */
export function getIssueLayout(lib: Library, issueId: number, deps: IssueLayoutDeps = {}, draft?: ArticleDraft): IssueLayoutResult {
  const outline = createLibraryService(lib).getIssueOutline({ issueId });
  // The publication's settings as the engine's design, with the issue's board-order choice.
  const design = effectiveDesign(outline.publication, { manualBoardOrder: manualBoardOrderOf(lib, issueId) });
  const session = sessionOf(lib, deps, outline.publication);
  const { input, key: inputKey } = keyedLayoutInput(lib, outline, draft);
  const key = `${inputKey}\u0000${JSON.stringify(design)}`;
  const kept = session.results.get(issueId) ?? [];
  const cached = kept.find((k) => k.key === key);
  if (cached) return cached.result;
  const result = session.engine.layout(input, { design });
  // Runs fontkit had to shape go into the fonts' cached data, so the next process need not parse them.
  saveLearnedMetrics();
  session.results.delete(issueId);
  session.results.set(issueId, [{ key, result }, ...kept].slice(0, RESULTS_KEPT));
  while (session.results.size > ISSUES_KEPT) session.results.delete(session.results.keys().next().value!);
  return result;
}

/** What the layout caches of a library hold, for the soak bench and the cache-bound tests. */
export function layoutCacheFigures(lib: Library): { issues: number; results: number; storedArticles: number; paragraphs: number } {
  const session = sessions.get(lib);
  let results = 0;
  for (const kept of session?.results.values() ?? []) results += kept.length;
  return {
    issues: session?.results.size ?? 0,
    results,
    storedArticles: storedArticles.get(lib)?.size ?? 0,
    paragraphs: session?.engine.paragraphCacheSize ?? 0,
  };
}

/** The report's totals for the API. */
export function summarizeReport(report: CompositionReport, pageBudget: number | null): LayoutReportSummary {
  return {
    pages: report.pages,
    linesSet: report.linesSet,
    prohibitedBreaks: report.prohibitedLineStarts.length + report.prohibitedLineEnds.length,
    overStretchedLines: report.overStretchedLines.length,
    maxStretchRatio: maxStretchRatio(report),
    singleCharacterLastLines: report.singleCharacterLastLines.length,
    overfullLines: report.overfullLines.length,
    brokenWords: report.brokenWords.length,
    oversetBlocks: oversetCount(report),
    missingGlyphs: report.missingGlyphs.map((m) => ({ char: m.char, font: m.font, blockIndex: m.blockIndex })),
    pageBudget,
  };
}

/** The part of the issue's report about one article, on the pages it is set on. */
export function articleReportOf(report: CompositionReport, articleId: number, pages: number, linesSet: number): CompositionReport {
  const own = <T extends { owner: number | string }>(xs: readonly T[]): T[] => xs.filter((x) => x.owner === articleId);
  return {
    ...report,
    pages,
    linesSet,
    prohibitedLineStarts: own(report.prohibitedLineStarts),
    prohibitedLineEnds: own(report.prohibitedLineEnds),
    overStretchedLines: own(report.overStretchedLines),
    maxStretch: own(report.maxStretch),
    singleCharacterLastLines: own(report.singleCharacterLastLines),
    overfullLines: own(report.overfullLines),
    brokenWords: own(report.brokenWords),
    oversetBlocks: own(report.oversetBlocks),
    oversetFrames: own(report.oversetFrames),
    missingGlyphs: own(report.missingGlyphs),
    copyfit: own(report.copyfit),
    overBudget: own(report.overBudget),
  };
}

/** The pages for the API: 'lines' leaves out glyph runs under 14 pt (the thumbnails greek them). */
export function issuePagesOf(issueId: number, result: IssueLayoutResult, detail: ApiInput<'getIssuePages'>['detail']): IssuePages {
  const pages =
    detail === 'full'
      ? result.document.pages
      : result.document.pages.map((p) => ({ ...p, items: p.items.filter((i) => i.kind !== 'glyphs' || i.sizePt >= THUMBNAIL_MIN_GLYPH_PT) }));
  return {
    issueId,
    pages,
    starts: result.starts.map((s) => ({ articleId: s.articleId, folio: s.folio })),
    report: summarizeReport(result.report, null),
  };
}

export function createIssueLayoutService(lib: Library, deps: IssueLayoutDeps = {}): Pick<ApiHandlers, 'getIssuePages'> {
  return {
    getIssuePages({ issueId, detail }): IssuePages {
      return issuePagesOf(issueId, getIssueLayout(lib, issueId, deps), detail);
    },
  };
}
