// Gathers what the preflight rules look at: the issue record, its articles and photos, whether each
// photo's original is still in the library, and the laid-out issue when there is one.

import fs from 'node:fs';
import path from 'node:path';
import { blocksFromDoc } from '../../shared/article-doc';
import type { ExportKind, PreflightResult } from '../../shared/print';
import type { IssueLayoutResult } from '../../engine/issue/types';
import type { Library } from '../library/open-library';
import { createLibraryService } from '../services/library-service';
import { gridFor } from '../../engine/flow/geometry';
import type { IssueDesign } from '../../engine/issue/design';
import type { FrameSize } from '../photos/resolution';
import { effectiveDesign } from '../services/settings-service';
import { runChecks, type PreflightArticle, type PreflightInput, type PreflightLayout } from './checks';
import { articlePageFills } from './page-fill';

export interface PreflightFonts {
  /** Font key → file, as loaded. */
  files: ReadonlyMap<string, string>;
  problems: { file: string; reason: string }[];
}

/** The page numbers the contents page prints per article. The contents set each entry's page number as
 *  a line of its own whose source is { owner: "toc", blockIndex: the article's position in issue order }
 *  and no part (title, subtitle and section lines carry one). */
export function contentsFoliosOf(layout: IssueLayoutResult, articleIdsInOrder: readonly number[]): Map<number, string> {
  const folios = new Map<number, string>();
  for (const page of layout.document.pages) {
    if (page.kind !== 'contents') continue;
    for (const line of page.lines) {
      const { owner, blockIndex, part } = line.source;
      if (owner !== 'toc' || part !== undefined || blockIndex < 0) continue;
      const articleId = articleIdsInOrder[blockIndex];
      if (articleId !== undefined && !folios.has(articleId)) folios.set(articleId, line.text.trim());
    }
  }
  return folios;
}

/** Placed size of each photo: its largest frame when it is placed more than once (the lowest ppi). */
export function photoFramesOf(layout: IssueLayoutResult): Map<number, FrameSize> {
  const frames = new Map<number, FrameSize>();
  for (const f of layout.photoFrames) {
    const seen = frames.get(f.photoId);
    if (!seen || f.w * f.h > seen.w * seen.h) frames.set(f.photoId, { w: f.w, h: f.h });
  }
  return frames;
}

export function preflightLayoutOf(layout: IssueLayoutResult, fonts: PreflightFonts | null, articleIdsInOrder: readonly number[], design?: IssueDesign): PreflightLayout {
  return {
    ...(design ? { pageFills: articlePageFills(layout, gridFor(design.page), design.columns), minPageFill: design.minPageFill } : {}),
    report: layout.report,
    pageLabels: layout.pageLabels,
    starts: layout.starts.map((s) => ({ articleId: s.articleId, folio: s.folio })),
    contentsFolios: contentsFoliosOf(layout, articleIdsInOrder),
    photoFrames: photoFramesOf(layout),
    missingFonts: fonts ? layout.document.fonts.filter((key) => !fonts.files.has(key)) : [],
    strokeOrderSuggestion: layout.strokeOrderSuggestion ?? null,
  };
}

export function gatherPreflightInput(
  lib: Library,
  issueId: number,
  kind: ExportKind,
  layout: IssueLayoutResult | null,
  fonts: PreflightFonts | null,
): PreflightInput {
  const service = createLibraryService(lib);
  const outline = service.getIssueOutline({ issueId });
  const articles: PreflightArticle[] = [];
  for (const section of outline.sections) {
    for (const summary of section.articles) {
      const article = service.getArticle({ articleId: summary.id });
      articles.push({
        id: article.id,
        sectionId: article.sectionId,
        title: article.titleLines.join(' '),
        byline: article.byline,
        uncreditedCaptions: blocksFromDoc(article.body).flatMap((b) => (b.type === 'caption' && !b.credit ? [b.text] : [])),
      });
    }
  }
  let colophon = null;
  try {
    colophon = service.getColophon({ issueId });
  } catch {
    colophon = null; // reported as a missing colophon
  }
  const photos = service.listPhotos({ issueId }).map((p) => ({ ...p, fileMissing: p.file !== null && !fs.existsSync(path.join(lib.dir, p.file)) }));
  return {
    issueId,
    kind,
    issue: { year: outline.issue.year, number: outline.issue.number, publishDate: outline.issue.publishDate },
    publication: outline.publication,
    masthead: outline.masthead,
    sections: outline.sections,
    articles,
    colophon,
    photos,
    layout: layout ? preflightLayoutOf(layout, fonts, articles.map((a) => a.id), effectiveDesign(outline.publication)) : null,
    fontProblems: fonts?.problems ?? [],
    checkedAt: new Date().toISOString(),
  };
}

export function preflight(lib: Library, issueId: number, kind: ExportKind, layout: IssueLayoutResult | null, fonts: PreflightFonts | null): PreflightResult {
  return runChecks(gatherPreflightInput(lib, issueId, kind, layout, fonts));
}
