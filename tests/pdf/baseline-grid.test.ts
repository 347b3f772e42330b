// The grid keeps holding: every body line of every article page sits on the page's baseline grid
// (top + k × pitch, typography.md §4.5), read back from the exported print PDF with pdf.js. Once for
// the sample issue, once for an issue made from it dense with headings, figures, lists, notes and
// the per-article options (run on with a rule or a space, three columns). The same exports show the
// flow's other promises: nothing overset, the last page of every article balanced.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnsFor, gridFor } from '../../src/engine/flow/geometry';
import { designWith } from '../../src/engine/issue/design';
import type { DisplayPage, LineBox } from '../../src/engine/display-list';
import type { Library } from '../../src/node/library/open-library';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { createLibraryService } from '../../src/node/services/library-service';
import { blocksFromDoc, docFromBlocks, type DocBlock } from '../../src/shared/article-doc';
import type { ExportJob } from '../../src/shared/print';
import { openSecondIssueLibrary } from '../support/second-issue';
import { signedIn, type SignedIn } from '../support/people';
import { openSampleLibrary, removeTempDirs } from '../node/helpers';
import { boxOf, loadPdf } from './support/read-pdf';

const design = designWith({});
const grid = gridFor(design.page);
const BASELINE = 0.88 * grid.bodySize;

async function call<T>(handlers: SignedIn, method: string, input: unknown): Promise<T> {
  const envelope = await handlers.dispatch(method, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

/** The print PDF of the issue, through the export job (the proofreading gate off, placeholders overridden). */
async function exportPrint(lib: Library): Promise<Uint8Array> {
  lib.db.prepare("UPDATE publication SET settings = json_set(settings, '$.proofreading', 'none')").run();
  const handlers = await signedIn(lib);
  const issueId = createLibraryService(lib).listIssues({})[0]!.id;
  let job = await call<ExportJob>(handlers, 'startExport', { issueId, kind: 'print', overrideReason: 'baseline grid test: the sample has photo placeholders' });
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    job = await call<ExportJob>(handlers, 'getExportJob', { jobId: job.jobId });
  }
  expect(job.error).toBeNull();
  return new Uint8Array(fs.readFileSync(path.join(lib.dir, 'exports', job.result!.fileName)));
}

interface PdfRun {
  page: number;
  text: string;
  size: number;
  /** Baseline, pt from the trim's top edge. */
  baseline: number;
  x: number;
}

async function textRuns(bytes: Uint8Array): Promise<PdfRun[]> {
  const doc = await loadPdf(bytes);
  const trims = doc.getPages().map((p) => boxOf(doc, p, 'TrimBox')!);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const loaded = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const out: PdfRun[] = [];
  for (let n = 1; n <= loaded.numPages; n++) {
    const trim = trims[n - 1]!;
    const content = await (await loaded.getPage(n)).getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [a, b, , , e, f] = item.transform as number[];
      out.push({ page: n - 1, text: item.str, size: Math.hypot(a!, b!), baseline: trim[3]! - f!, x: e! - trim[0]! });
    }
  }
  await loaded.destroy();
  return out;
}

const ARTICLE_PAGES = new Set(['opener', 'body']);

/** Body runs of the article pages: body size, inside the type area's columns (running heads and folios are not). */
function bodyRuns(runs: PdfRun[], pages: readonly DisplayPage[]): PdfRun[] {
  return runs.filter(
    (r) =>
      ARTICLE_PAGES.has(pages[r.page]!.kind) &&
      pages[r.page]!.lines.some((l) => typeof l.source.owner === 'number') &&
      Math.abs(r.size - grid.bodySize) < 0.01 &&
      r.baseline > grid.top &&
      r.baseline < grid.top + grid.blockHeight,
  );
}

function offGrid(runs: PdfRun[]): PdfRun[] {
  return runs.filter((r) => {
    const k = (r.baseline - grid.top - BASELINE) / grid.pitch;
    return Math.abs(k - Math.round(k)) > 0.01;
  });
}

/** Left edges of n columns on the type area. */
function columnLefts(n: number): number[] {
  const c = columnsFor(design.page.typeWidthEm, n, design.page.minGutterEm);
  return Array.from({ length: n }, (_, k) => grid.left + k * (c.columnEm + c.gutterEm) * grid.bodySize);
}
/** The column of n a line box starts in (list items start after their hang). */
function columnOf(x: number, n: number): number {
  return columnLefts(n).filter((left) => left <= x + 1e-6).length - 1;
}
const bodyLinesOf = (p: DisplayPage, owner?: number): LineBox[] =>
  p.lines.filter((l) => (owner === undefined ? typeof l.source.owner === 'number' : l.source.owner === owner) && l.source.part === undefined && Math.abs(l.h - grid.pitch) < 1e-6);
function hasFigure(page: DisplayPage): boolean {
  return page.items.some((i) => i.kind === 'image');
}

/** Each article's last page: its body lines per column, the bottoms, and whether each later column starts a block. */
function lastPageColumns(pages: readonly DisplayPage[], n: number): { articleId: number; folio: string | null; lines: number; bottoms: number[]; figure: boolean; keepRulesAtBreaks: boolean }[] {
  const last = new Map<number, number>();
  pages.forEach((p, i) => {
    if (ARTICLE_PAGES.has(p.kind)) for (const l of bodyLinesOf(p)) last.set(l.source.owner as number, i);
  });
  return [...last].map(([articleId, i]) => {
    const page = pages[i]!;
    const mine = bodyLinesOf(page, articleId);
    const columns = Array.from({ length: n }, (_, c) => mine.filter((l) => columnOf(l.x, n) === c).sort((a, b) => a.y - b.y));
    const bottoms = columns.map((ls) => (ls.length === 0 ? 0 : Math.max(...ls.map((l) => l.y + l.h))));
    // A paragraph or list item starts on a line: its source starts at 0, or a list marker (a run without a line) is set beside it.
    const markers = page.items.filter((i) => i.kind === 'glyphs' && i.lineId === undefined);
    const startsBlock = (l: LineBox): boolean => l.source.start === 0 || markers.some((m) => m.kind === 'glyphs' && Math.abs(m.y - l.baseline) < 1e-6 && m.x < l.x && m.x > l.x - grid.width / 4);
    // Each column break sits where the widow, orphan and heading rules allow only whole blocks to move: the next
    // column starts a block, or a block starts in the last two lines before the break.
    const keepRulesAtBreaks = columns.slice(1).every((ls, c) => ls.length > 0 && (startsBlock(ls[0]!) || columns[c]!.slice(-2).some(startsBlock)));
    return { articleId, folio: page.folio, lines: mine.length, bottoms, figure: hasFigure(page), keepRulesAtBreaks };
  });
}

/** Columns end within a line of each other, unless a figure or a block boundary the keep rules chose prevents it;
 *  a column is left empty only where there are too few lines to share (widow and orphan rules). */
function assertBalanced(t: ReturnType<typeof lastPageColumns>[number]): void {
  const where = `article ${t.articleId}, page ${t.folio}: ${t.bottoms.map((b) => b.toFixed(1)).join(' / ')}`;
  if (t.bottoms.some((b) => b === 0)) {
    if (!t.figure) expect(t.lines, where).toBeLessThanOrEqual(3 * (t.bottoms.length - 1));
    return;
  }
  if (Math.max(...t.bottoms) - Math.min(...t.bottoms) > grid.pitch + 1e-6) expect(t.figure || t.keepRulesAtBreaks, where).toBe(true);
}

const libs: Library[] = [];
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const lib of libs) lib.close();
  for (const cleanup of cleanups) cleanup();
  removeTempDirs();
});

describe('the baseline grid in the print PDF', () => {
  it('holds every body line of every article page of the sample issue', async () => {
    const lib = openSampleLibrary();
    libs.push(lib);
    const layout = getIssueLayout(lib, createLibraryService(lib).listIssues({})[0]!.id);
    const runs = bodyRuns(await textRuns(await exportPrint(lib)), layout.document.pages);
    // Every article page prints body text, and it is read back.
    const articlePages = layout.document.pages.filter((p) => ARTICLE_PAGES.has(p.kind) && p.lines.some((l) => typeof l.source.owner === 'number'));
    expect(new Set(runs.map((r) => r.page)).size).toBe(articlePages.length);
    expect(runs.length).toBeGreaterThan(1000);
    expect(offGrid(runs)).toEqual([]);
    // The check sees a line off the grid: a third of a pitch down, or a body line set at another pitch.
    expect(offGrid(runs.map((r) => ({ ...r, baseline: r.baseline + grid.pitch / 3 })))).toHaveLength(runs.length);
    expect(offGrid(runs.slice(0, 40).map((r, k) => ({ ...r, baseline: grid.top + BASELINE + k * 14 })))).not.toEqual([]);
    expect(layout.report.oversetBlocks).toEqual([]);
  }, 180_000);

  it('holds on the second test issue (other real prose: English phrases, numbers, lists, notes, a run-on article)', async () => {
    const second = openSecondIssueLibrary();
    cleanups.push(second.cleanup);
    const layout = getIssueLayout(second.lib, second.issueId);
    const runs = bodyRuns(await textRuns(await exportPrint(second.lib)), layout.document.pages);
    const articlePages = layout.document.pages.filter((p) => ARTICLE_PAGES.has(p.kind) && p.lines.some((l) => typeof l.source.owner === 'number'));
    expect(new Set(runs.map((r) => r.page)).size).toBe(articlePages.length);
    expect(runs.length).toBeGreaterThan(1000);
    expect(offGrid(runs)).toEqual([]);
    expect(layout.report.oversetBlocks).toEqual([]);
  }, 180_000);

  it('holds on an issue dense with headings, figures, lists and notes, with run-on and three-column articles', async () => {
    const lib = openSampleLibrary();
    libs.push(lib);
    const service = createLibraryService(lib);
    const issueId = service.listIssues({})[0]!.id;
    const outline = service.getIssueOutline({ issueId });
    const articles = outline.sections.slice(1).flatMap((s) => s.articles);
    articles.forEach((summary, n) => {
      const a = service.getArticle({ articleId: summary.id });
      const paragraphs = blocksFromDoc(a.body).filter((b) => b.type === 'paragraph');
      const dense: DocBlock[] = [];
      paragraphs.forEach((p, k) => {
        if (k % 3 === 1) dense.push({ type: 'heading', level: k % 2 === 0 ? 1 : 2, text: `${'一二三四五六七八九十'[k % 10]}、${p.text.slice(0, 12)}` });
        dense.push(p);
        if (k % 4 === 2) dense.push({ type: 'caption', text: p.text.slice(0, 40 + (k % 3) * 60), credit: { kind: '摄影', name: '吕亚南' } });
        if (k % 5 === 3) dense.push({ type: 'list', ordered: k % 2 === 1, items: [p.text.slice(0, 30), p.text.slice(30, 110), p.text.slice(110, 140)].filter((t) => t !== ''), text: '' } as DocBlock);
        if (k % 7 === 5) dense.push({ type: 'note', text: `（${p.text.slice(0, 16)}）` });
      });
      const patch = {
        body: docFromBlocks(dense.map((b) => (b.type === 'list' ? { ...b, text: b.items.join('\n') } : b))) as never,
        ...(n % 4 === 1 ? { runOn: 'rule' as const } : n % 4 === 2 ? { runOn: 'space' as const, columns: 3 } : n % 4 === 3 ? { columns: 3 } : {}),
      };
      service.updateArticle({ articleId: a.id, baseRevision: a.revision, patch });
    });
    const layout = getIssueLayout(lib, issueId);
    const runs = bodyRuns(await textRuns(await exportPrint(lib)), layout.document.pages);
    expect(runs.length).toBeGreaterThan(1000);
    expect(offGrid(runs)).toEqual([]);
    // The options took effect: articles that run on start mid-page, three-column pages exist.
    const starts = new Map(layout.starts.map((s) => [s.articleId, s.pageIndex]));
    const runOn = articles.filter((_, n) => n % 4 === 1 || n % 4 === 2);
    expect(runOn.some((a) => layout.document.pages[starts.get(a.id)!]!.lines[0]!.source.owner !== a.id)).toBe(true);
    expect(layout.document.pages.some((p) => new Set(bodyLinesOf(p).map((l) => columnOf(l.x, 3))).size === 3)).toBe(true);
    expect(layout.report.oversetBlocks).toEqual([]);
    // Tails balanced here too, in two columns and in three; an article another runs on after in its column is not.
    const threeColumns = new Set(articles.filter((_, n) => n % 4 >= 2).map((a) => a.id));
    const runsOnInColumn = new Set(articles.filter((_, n) => n % 4 === 1).map((a) => articles[articles.indexOf(a) - 1]!.id));
    const tails = [...lastPageColumns(layout.document.pages, 2).filter((t) => !threeColumns.has(t.articleId)), ...lastPageColumns(layout.document.pages, 3).filter((t) => threeColumns.has(t.articleId))];
    expect(tails.length).toBe(articles.length);
    for (const t of tails.filter((t) => !runsOnInColumn.has(t.articleId))) assertBalanced(t);
  }, 240_000);
});

describe('balanced tails on the sample issue', () => {
  it('ends the columns of each article’s last page within one line of each other, unless a figure or a block boundary the keep rules chose prevents it', () => {
    const lib = openSampleLibrary();
    libs.push(lib);
    const layout = getIssueLayout(lib, createLibraryService(lib).listIssues({})[0]!.id);
    const tails = lastPageColumns(layout.document.pages, design.columns);
    expect(tails.length).toBeGreaterThan(15);
    for (const t of tails) assertBalanced(t);
  }, 120_000);
});
