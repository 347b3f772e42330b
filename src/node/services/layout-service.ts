// The page preview's back end: lays out one article (with the editor's unsaved draft applied) and
// hands out glyph outlines, so the renderer draws exactly the glyphs the PDF embeds without
// loading the fonts itself. Fonts are parsed once per library and the engine keeps its caches
// between calls, so a re-layout after a one-character edit recomposes only what changed.

import * as fontkit from 'fontkit';
import type { ApiInput, ArticleLayout, GlyphOutlines, LayoutReportSummary } from '../../shared/api';
import type { ArticleDoc } from '../../shared/article-doc';
import { QikanError } from '../../shared/errors';
import type { Article, ArticlePatch, Publication } from '../../shared/model';
import type { FontRegistry } from '../../engine/fonts/registry';
import { LayoutEngine, type CompositionReport, type LayoutArticle } from '../../engine/index';
import type { FigurePhoto } from '../../engine/flow/blocks';
import type { ApiHandlers } from '../api/dispatch';
import { fontBytes, type LoadedFonts } from '../fonts/default-fonts';
import { libraryFonts } from '../fonts/library-fonts';
import type { Library } from '../library/open-library';
import { leaderNames } from './keep-names';
import { createLibraryService } from './library-service';
import { effectiveDesign, publicationOfIssue, registryForRoles } from './settings-service';

/** Synchronous (fonts and store are local), and an ApiHandlers part for dispatch(). */
export interface LayoutHandlers extends Pick<ApiHandlers, 'layoutArticle' | 'getGlyphOutlines'> {
  layoutArticle(input: ApiInput<'layoutArticle'>): ArticleLayout;
  getGlyphOutlines(input: ApiInput<'getGlyphOutlines'>): GlyphOutlines;
}

export interface LayoutServiceDeps {
  /** Loads the font registry; defaults to the bundled Noto faces plus <library>/fonts. */
  loadFonts?: (lib: Library) => LoadedFonts;
  /** Reads a stored article; defaults to the library service. */
  getArticle?: (articleId: number) => Article;
}

/** The part of a fontkit font the outlines need. */
interface OutlineFont {
  unitsPerEm: number;
  numGlyphs: number;
  getGlyph(gid: number): { path: { toSVG(): string } };
}

/** What lives as long as the library: parsed fonts, the engine's caches, outlines drawn so far. */
interface LayoutSession {
  fonts: LoadedFonts;
  /** The registry with the publication's font roles applied (the engine's caches belong to it). */
  registry: FontRegistry;
  engine: LayoutEngine;
  outlineFonts: Map<string, OutlineFont>;
  outlines: Map<string, Map<number, string>>;
}

const sessions = new WeakMap<Library, LayoutSession>();


function sessionOf(lib: Library, deps: LayoutServiceDeps, publication: Publication | null = null): LayoutSession {
  let session = sessions.get(lib);
  const current = deps.loadFonts ? null : libraryFonts(lib);
  if (!session || (current && session.fonts !== current)) {
    const fonts = current ?? deps.loadFonts!(lib);
    session = { fonts, registry: fonts.registry, engine: new LayoutEngine(fonts.registry), outlineFonts: new Map(), outlines: new Map() };
    sessions.set(lib, session);
  }
  const registry = publication ? registryForRoles(session.fonts.registry, publication) : session.registry;
  if (registry !== session.registry) {
    session.registry = registry;
    session.engine = new LayoutEngine(registry);
  }
  return session;
}

/** The stored article with the editor's unsaved fields laid over it. */
export function withDraft(article: Article, draft: ApiInput<'layoutArticle'>['draft']): LayoutArticle {
  // The API schema checked the body's shape (a root with block children); the engine reads it as a document.
  const patch: ArticlePatch = { ...draft, ...(draft?.body ? { body: draft.body as unknown as ArticleDoc } : {}) } as ArticlePatch;
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
  };
}

export function summarizeReport(report: CompositionReport, pageBudget: number | null): LayoutReportSummary {
  return {
    pages: report.pages,
    linesSet: report.linesSet,
    prohibitedBreaks: report.prohibitedLineStarts.length + report.prohibitedLineEnds.length,
    overStretchedLines: report.overStretchedLines.length,
    singleCharacterLastLines: report.singleCharacterLastLines.length,
    oversetBlocks: report.oversetBlocks.length,
    missingGlyphs: report.missingGlyphs.map((m) => ({ char: m.char, font: m.font, blockIndex: m.blockIndex })),
    pageBudget,
  };
}

function unknownFont(font: string): QikanError {
  return new QikanError('not_found', `font ${font} not found`, { entity: 'font', id: font });
}

function outlineFontOf(session: LayoutSession, key: string): OutlineFont {
  const cached = session.outlineFonts.get(key);
  if (cached) return cached;
  const file = session.fonts.files.get(key);
  if (!file) throw unknownFont(key);
  // A collection (TTC) holds several faces: the registry key is the member's PostScript name.
  // (fontkit's create(bytes, name) would read the name as a variation for a single TTF.)
  const parsed = fontkit.create(fontBytes(file)) as unknown as (OutlineFont & { postscriptName?: string }) | { fonts: (OutlineFont & { postscriptName?: string })[] };
  const font = 'fonts' in parsed ? parsed.fonts.find((member) => member.postscriptName === key) : parsed;
  if (!font || typeof font.getGlyph !== 'function') throw unknownFont(key);
  session.outlineFonts.set(key, font);
  return font;
}

export function createLayoutService(lib: Library, deps: LayoutServiceDeps = {}): LayoutHandlers {
  let store: ReturnType<typeof createLibraryService> | null = null;
  const getArticle = deps.getArticle ?? ((articleId: number) => (store ??= createLibraryService(lib)).getArticle({ articleId }));
  // The article's photos, so a caption naming a photo (photoId) shows its frame as the issue prints it.
  const photosOf = (article: Article): FigurePhoto[] =>
    (store ??= createLibraryService(lib))
      .listPhotos({ issueId: article.issueId })
      .filter((p) => p.placement === 'article' && p.articleId === article.id)
      .sort((a, b) => a.position - b.position)
      .map((p) => ({ photoId: p.id, placeholder: p.file === null, widthPx: p.widthPx, heightPx: p.heightPx }));
  return {
    layoutArticle({ articleId, draft }): ArticleLayout {
      const article = getArticle(articleId);
      const publication = publicationOfIssue(lib, article.issueId);
      const session = sessionOf(lib, deps, publication);
      // An article handed in by a caller (tests) has no rows in this library to take photos from.
      const input: LayoutArticle = { ...withDraft(article, draft), photos: deps.getArticle ? [] : photosOf(article) };
      // The preview sets the article as the issue does: the publication's page, styles and columns.
      const design = publication ? effectiveDesign(publication) : null;
      const started = performance.now();
      const result = session.engine.layout([input], {
        firstFolio: article.printedStartPage ?? 1,
        keepNames: leaderNames(),
        ...(design ? { page: design.page, styles: design.styles, columns: design.columns } : {}),
      });
      const layoutMs = performance.now() - started;
      return {
        articleId,
        pages: result.document.pages,
        report: summarizeReport(result.report, input.pageBudget ?? null),
        layoutMs,
      };
    },

    getGlyphOutlines({ font, gids }): GlyphOutlines {
      const session = sessionOf(lib, deps);
      const face = outlineFontOf(session, font);
      let cache = session.outlines.get(font);
      if (!cache) session.outlines.set(font, (cache = new Map()));
      const glyphs: GlyphOutlines['glyphs'] = [];
      for (const gid of new Set(gids)) {
        if (gid >= face.numGlyphs) {
          throw new QikanError('not_found', `glyph ${gid} not in font ${font}`, { entity: 'glyph', id: `${font}#${gid}` });
        }
        let d = cache.get(gid);
        if (d === undefined) {
          d = face.getGlyph(gid).path.toSVG();
          cache.set(gid, d);
        }
        glyphs.push({ gid, d });
      }
      return { font, unitsPerEm: face.unitsPerEm, glyphs };
    },
  };
}
