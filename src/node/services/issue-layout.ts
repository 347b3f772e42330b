// The whole issue laid out for the thumbnail view, the preflight and the print export: the
// engine's input is read through the library service, the result is kept per library and issue
// until the issue changes, and the engine (with its caches) lives as long as the library.

import type { ApiInput, IssuePages } from '../../shared/api';
import type { Photo, Publication } from '../../shared/model';
import type { FontRegistry } from '../../engine/fonts/registry';
import { IssueLayoutEngine, type IssueDesign } from '../../engine/issue/index';
import type { IssueLayoutInput, IssueLayoutResult, PhotoForLayout } from '../../engine/issue/types';
import type { ApiHandlers } from '../api/dispatch';
import type { LoadedFonts } from '../fonts/default-fonts';
import { libraryFonts } from '../fonts/library-fonts';
import type { Library } from '../library/open-library';
import { leaderNames } from './keep-names';
import { createLibraryService } from './library-service';
import { summarizeReport } from './layout-service';
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
  /** Last layout per issue, with the input it was made from. */
  results: Map<number, { key: string; result: IssueLayoutResult }>;
}

const sessions = new WeakMap<Library, IssueSession>();

function sessionOf(lib: Library, deps: IssueLayoutDeps, publication: Publication): IssueSession {
  let session = sessions.get(lib);
  const current = deps.loadFonts ? null : libraryFonts(lib);
  const fonts = !session || (current && session.fonts !== current) ? (current ?? deps.loadFonts!(lib)) : session.fonts;
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

/** The engine's input for one issue, read through the library service. */
export function issueLayoutInput(lib: Library, issueId: number): IssueLayoutInput {
  const service = createLibraryService(lib);
  const outline = service.getIssueOutline({ issueId });
  const pub = outline.publication;
  const pinyin = typeof pub.settings.pinyin === 'string' ? pub.settings.pinyin : undefined;
  return {
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
        const a = service.getArticle({ articleId: summary.id });
        return {
          id: a.id,
          titleLines: a.titleLines,
          subtitle: a.subtitle,
          byline: a.byline,
          authorInfo: a.authorInfo,
          sectionLabel: a.sectionLabel,
          body: a.body,
          endMark: a.endMark,
          pageBudget: a.pageBudget,
        };
      }),
    })),
    colophon: service.getColophon({ issueId }),
    extras: service.listExtras({ issueId }),
    photos: service.listPhotos({ issueId }).map(photoForLayout),
    keepNames: leaderNames(),
  };
}

/** The publication's settings as the engine's design, with the issue's board-order choice. */
function designOf(lib: Library, issueId: number): { design: IssueDesign; publication: Publication } {
  const publication = createLibraryService(lib).getIssueOutline({ issueId }).publication;
  return { design: effectiveDesign(publication, { manualBoardOrder: manualBoardOrderOf(lib, issueId) }), publication };
}

/** The issue laid out, from cache when nothing changed since the last call. */
export function getIssueLayout(lib: Library, issueId: number, deps: IssueLayoutDeps = {}): IssueLayoutResult {
  const { design, publication } = designOf(lib, issueId);
  const session = sessionOf(lib, deps, publication);
  const input = issueLayoutInput(lib, issueId);
  const key = JSON.stringify([input, design]);
  const cached = session.results.get(issueId);
  if (cached && cached.key === key) return cached.result;
  const result = session.engine.layout(input, { design });
  session.results.set(issueId, { key, result });
  return result;
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
