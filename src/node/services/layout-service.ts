// The page preview's back end: the pages an article is set on, taken from the one layout of its
// issue (issue-layout.ts) with the editor's unsaved draft laid over the stored article, so the
// preview shows what prints: the same lines at the same places, the same folios, the same photos.
// It also hands out glyph outlines, so the renderer draws exactly the glyphs the PDF embeds without
// loading the fonts itself. Fonts are parsed once per library and the engine keeps its caches
// between calls, so a re-layout after a one-character edit recomposes only what changed.

import { fontkitFontNamed } from '../../engine/fonts/fontkit-face';
import type { ApiInput, ArticleLayout, GlyphOutlines } from '../../shared/api';
import { QikanError } from '../../shared/errors';
import type { ApiHandlers } from '../api/dispatch';
import { fontBytes, type LoadedFonts } from '../fonts/default-fonts';
import type { Library } from '../library/open-library';
import { articleForLayout, articleReportOf, getIssueLayout, layoutFonts, summarizeReport } from './issue-layout';
import { createLibraryService } from './library-service';

/** Synchronous (fonts and store are local), and an ApiHandlers part for dispatch(). */
export interface LayoutHandlers extends Pick<ApiHandlers, 'layoutArticle' | 'getGlyphOutlines'> {
  layoutArticle(input: ApiInput<'layoutArticle'>): ArticleLayout;
  getGlyphOutlines(input: ApiInput<'getGlyphOutlines'>): GlyphOutlines;
}

export interface LayoutServiceDeps {
  /** Loads the font registry; defaults to the bundled Noto faces plus <library>/fonts. */
  loadFonts?: (lib: Library) => LoadedFonts;
}

/** The part of a fontkit font the outlines need. */
interface OutlineFont {
  unitsPerEm: number;
  numGlyphs: number;
  getGlyph(gid: number): { path: { toSVG(): string } };
}

/** What lives as long as the library's fonts: the parsed faces and the outlines drawn so far. */
interface OutlineSession {
  fonts: LoadedFonts;
  outlineFonts: Map<string, OutlineFont>;
  outlines: Map<string, Map<number, string>>;
}

const sessions = new WeakMap<Library, OutlineSession>();

function sessionOf(lib: Library, deps: LayoutServiceDeps): OutlineSession {
  let session = sessions.get(lib);
  const fonts = layoutFonts(lib, deps);
  if (!session || session.fonts !== fonts) {
    session = { fonts, outlineFonts: new Map(), outlines: new Map() };
    sessions.set(lib, session);
  }
  return session;
}

function unknownFont(font: string): QikanError {
  return new QikanError('not_found', `font ${font} not found`, { entity: 'font', id: font });
}

function outlineFontOf(session: OutlineSession, key: string): OutlineFont {
  const cached = session.outlineFonts.get(key);
  if (cached) return cached;
  const file = session.fonts.files.get(key);
  if (!file) throw unknownFont(key);
  // A collection (TTC) holds several faces: the registry key is the member's PostScript name.
  const font = fontkitFontNamed(fontBytes(file), key) as unknown as OutlineFont | null;
  if (!font || typeof font.getGlyph !== 'function') throw unknownFont(key);
  session.outlineFonts.set(key, font);
  return font;
}

export function createLayoutService(lib: Library, deps: LayoutServiceDeps = {}): LayoutHandlers {
  const store = createLibraryService(lib);
  return {
    layoutArticle({ articleId, draft }): ArticleLayout {
      const article = store.getArticle({ articleId }); // not_found for an unknown article
      const started = performance.now();
      const layout = getIssueLayout(lib, article.issueId, deps.loadFonts ? { loadFonts: deps.loadFonts } : {}, draft ? { articleId, patch: draft } : undefined);
      const layoutMs = performance.now() - started;
      const pages = layout.document.pages.filter((p) => p.lines.some((l) => l.source.owner === articleId));
      const linesSet = pages.reduce((n, p) => n + p.lines.filter((l) => l.source.owner === articleId).length, 0);
      return {
        articleId,
        pages,
        report: summarizeReport(articleReportOf(layout.report, articleId, pages.length, linesSet), articleForLayout(article, draft).pageBudget ?? null),
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
