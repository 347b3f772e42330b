// Exports an issue's articles as a PDF: load the articles through the library service, lay them
// out, write the PDF, then replace the output file in one step (a failed export never leaves a
// half-written file over an earlier good one).
// The layout and the font loader are handed in: the engine's entry point and the font registry
// live in src/engine and src/node/fonts; the command line wires them together.

import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { DisplayDocument } from '../../engine/display-list';
import { QikanError } from '../../shared/errors';
import type { Article, IssueOutline } from '../../shared/model';
import { writePdfWithReport, type PdfMetadata, type PdfWriteReport } from '../../pdf/write-pdf';
import type { Library } from '../library/open-library';
import { createLibraryService } from '../services/library-service';

export interface IssueLayout<LayoutReport = unknown> {
  document: DisplayDocument;
  /** The engine's composition report, passed through to the caller. */
  report: LayoutReport;
}

export type LayoutArticles<LayoutReport = unknown> = (
  articles: Article[],
  outline: IssueOutline,
) => IssueLayout<LayoutReport> | Promise<IssueLayout<LayoutReport>>;

/** Font bytes per font key the display document names. */
export type LoadFontBytes = (fontKeys: readonly string[]) => ReadonlyMap<string, Uint8Array> | Promise<ReadonlyMap<string, Uint8Array>>;

export interface ExportIssueOptions<LayoutReport = unknown> {
  year: number;
  number: number;
  outPath: string;
  layout: LayoutArticles<LayoutReport>;
  loadFonts: LoadFontBytes;
  /** Title and the like; the CN serial is taken from the publication when not given. */
  metadata?: PdfMetadata;
  /** Fixed CreationDate/ModDate for reproducible files. */
  date?: Date;
}

export interface ExportTimings {
  loadMs: number;
  layoutMs: number;
  fontsMs: number;
  pdfMs: number;
  writeMs: number;
  totalMs: number;
}

export interface ExportResult<LayoutReport = unknown> {
  pages: number;
  bytes: number;
  timings: ExportTimings;
  report: { layout: LayoutReport; pdf: PdfWriteReport };
}

export async function exportIssue<LayoutReport>(
  lib: Library,
  options: ExportIssueOptions<LayoutReport>,
): Promise<ExportResult<LayoutReport>> {
  const started = performance.now();
  const service = createLibraryService(lib);
  const issue = service.listIssues({}).find((candidate) => candidate.year === options.year && candidate.number === options.number);
  if (!issue) {
    throw new QikanError('not_found', `No issue ${options.year}-${options.number} in the library`, {
      entity: 'issue',
      id: `${options.year}-${options.number}`,
    });
  }
  const outline = await service.getIssueOutline({ issueId: issue.id });
  const articles: Article[] = [];
  for (const section of outline.sections) {
    for (const summary of section.articles) articles.push(await service.getArticle({ articleId: summary.id }));
  }
  const loaded = performance.now();

  const layout = await options.layout(articles, outline);
  const laidOut = performance.now();

  const fonts = await options.loadFonts(layout.document.fonts);
  const fontsLoaded = performance.now();

  const metadata: PdfMetadata = { cnSerial: outline.publication.cn, language: 'zh-CN', ...options.metadata };
  const { bytes, report } = await writePdfWithReport(layout.document, fonts, {
    metadata,
    date: options.date,
    deflate: (data) => deflateSync(data),
  });
  const written = performance.now();

  writeFileAtomically(options.outPath, bytes);
  const finished = performance.now();
  return {
    pages: report.pages,
    bytes: bytes.length,
    timings: {
      loadMs: loaded - started,
      layoutMs: laidOut - loaded,
      fontsMs: fontsLoaded - laidOut,
      pdfMs: written - fontsLoaded,
      writeMs: finished - written,
      totalMs: finished - started,
    },
    report: { layout: layout.report, pdf: report },
  };
}

/** Writes beside the target, then renames over it: readers see the old file or the new one, never a part. */
function writeFileAtomically(file: string, bytes: Uint8Array): void {
  const temporary = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}
