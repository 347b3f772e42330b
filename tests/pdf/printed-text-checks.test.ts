// What the editor-in-chief checks first, read back from the exported print PDF of the sample issue
// and of the second test issue (not from the display list it was written from): no personal name split across lines, no number
// separated from its unit, no paragraph's end mark past the column, titles (on the openers and in
// the 目录) broken only where the editor marked it or between words, never leaving one character.

import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleFrame } from '../../src/engine/issue/types';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { articleNames, colophonNames } from '../../src/engine/names';
import type { Library } from '../../src/node/library/open-library';
import { leaderNames } from '../../src/node/services/keep-names';
import { createLibraryService } from '../../src/node/services/library-service';
import type { ExportJob } from '../../src/shared/print';
import { splitNames, splitNumbers } from '../engine/keep-together-support';
import { openSampleLibrary, removeTempDirs } from '../node/helpers';
import { openSecondIssueLibrary } from '../support/second-issue';
import { pdfJoins, pdfLines, type PdfLine } from '../support/pdf-lines';
import { signedIn } from '../support/people';

async function exportPrint(lib: Library, issueId: number): Promise<Uint8Array> {
  const me = await signedIn(lib);
  // Overridden: the placeholder frames of the sample are preflight errors for print; the text is what is checked here.
  let job = await me.call<ExportJob>('startExport', { issueId, kind: 'print', overrideReason: '文字检查' });
  while (job.state === 'running') {
    await new Promise((r) => setTimeout(r, 25));
    job = await me.call<ExportJob>('getExportJob', { jobId: job.jobId });
  }
  if (job.error) throw new Error(job.error.message);
  return new Uint8Array(fs.readFileSync(path.join(lib.dir, 'exports', job.result!.fileName)));
}

const compact = (s: string) => s.replace(/[\s\u3000]+/gu, '');
const words = new Intl.Segmenter('zh', { granularity: 'word' });

/** Positions in `title` where a line may end: a break the editor marked, or a word boundary. */
function allowedBreaks(titleLines: readonly string[]): Set<number> {
  const title = compact(titleLines.join(''));
  const out = new Set<number>();
  let at = 0;
  for (const line of titleLines.slice(0, -1)) out.add((at += compact(line).length));
  for (const s of words.segment(title)) out.add(s.index);
  return out;
}

/** The lines a title is printed on, wherever it is printed whole in a run of consecutive lines. */
function titleRuns(all: readonly PdfLine[][], title: string): PdfLine[][] {
  const joins = pdfJoins(all);
  const next = new Map(joins.map((j) => [j.before, j.after]));
  const runs: PdfLine[][] = [];
  for (const lines of all)
    for (const first of lines) {
      let text = compact(first.text);
      if (text === '' || !title.startsWith(text)) continue;
      const run = [first];
      let line = first;
      while (text.length < title.length && next.has(line)) {
        line = next.get(line)!;
        const more = compact(line.text);
        // The 目录 ends a title's last line with leaders and a folio.
        const part = title.slice(text.length);
        if (!(part.startsWith(more) || more.startsWith(part))) break;
        text += more.startsWith(part) ? part : more;
        run.push(line);
      }
      if (text === title && run.length > 1) runs.push(run);
    }
  return runs;
}

interface IssueUnderTest {
  name: string;
  /** How much of the check the issue exercises at least (so a misread PDF cannot pass as clean). */
  least: { joins: number; endMarks: number; titles: number };
  open(): { lib: Library; issueId: number; cleanup(): void };
}

const ISSUES: IssueUnderTest[] = [
  {
    name: 'the sample issue',
    least: { joins: 2000, endMarks: 15, titles: 5 },
    open: () => {
      const lib = openSampleLibrary();
      return { lib, issueId: createLibraryService(lib).listIssues({})[0]!.id, cleanup: () => (lib.close(), removeTempDirs()) };
    },
  },
  { name: 'the second test issue', least: { joins: 1500, endMarks: 10, titles: 2 }, open: () => openSecondIssueLibrary() },
];

describe.each(ISSUES)('$name, read back from its exported PDF', (under) => {
  let lib: Library;
  let issueId: number;
  let cleanup: () => void;
  let pages: PdfLine[][];
  let trims: { x: number; y: number }[];
  let frames: ArticleFrame[];

  beforeAll(async () => {
    ({ lib, issueId, cleanup } = under.open());
    const bytes = await exportPrint(lib, issueId);
    pages = await pdfLines(bytes);
    trims = (await PDFDocument.load(bytes, { updateMetadata: false })).getPages().map((p) => p.getTrimBox());
    frames = getIssueLayout(lib, issueId).articleFrames;
  }, 120_000);

  afterAll(() => cleanup?.());

  it('splits no personal name the issue knows, nor any on the maintained list', () => {
    const store = createLibraryService(lib);
    const outline = store.getIssueOutline({ issueId });
    const names = new Set([...leaderNames(), ...colophonNames(store.getColophon({ issueId }))]);
    for (const s of outline.sections) for (const a of s.articles) for (const n of articleNames(store.getArticle({ articleId: a.id }))) names.add(n);
    expect(names.has('习近平')).toBe(true);
    const joins = pdfJoins(pages).map((j) => ({ page: j.page, before: j.before.text, after: j.after.text }));
    expect(joins.length).toBeGreaterThan(under.least.joins);
    expect(splitNames(joins, [...names])).toEqual([]);
  });

  it('keeps every number with its unit', () => {
    const joins = pdfJoins(pages).map((j) => ({ page: j.page, before: j.before.text, after: j.after.text }));
    expect(splitNumbers(joins)).toEqual([]);
  });

  it('sets every end mark inside the measure of its column', () => {
    const marked = pages.flat().filter((l) => l.text.endsWith('□'));
    expect(marked.length).toBeGreaterThan(under.least.endMarks);
    const over: { page: number; text: string; overPt: number }[] = [];
    let measured = 0;
    for (const line of marked) {
      // The column's measure: the right edge of the grid column the line starts in (the article
      // frames of the issue layout, moved to the PDF's trim box).
      const trim = trims[line.page]!;
      const x = line.x - trim.x;
      const column = frames.flatMap((f) => f.columns).find(([x0, x1]) => x >= x0 - 0.5 && x < x1);
      if (!column) continue;
      const measure = trim.x + column[1];
      measured++;
      if (line.right > measure + 1) over.push({ page: line.page, text: line.text.slice(-8), overPt: line.right - measure });
    }
    expect(measured).toBeGreaterThanOrEqual(marked.length * 0.8);
    expect(over).toEqual([]);
  });

  it('breaks titles where the editor marked it or between words, never leaving one character, on the openers and in the 目录', () => {
    const store = createLibraryService(lib);
    const outline = store.getIssueOutline({ issueId });
    let checked = 0;
    const bad: string[] = [];
    for (const s of outline.sections)
      for (const a of s.articles) {
        const titleLines = store.getArticle({ articleId: a.id }).titleLines;
        const title = compact(titleLines.join(''));
        if (title.length < 6) continue;
        const allowed = allowedBreaks(titleLines);
        for (const run of titleRuns(pages, title)) {
          checked++;
          let at = 0;
          run.forEach((line, k) => {
            const text = k === run.length - 1 ? title.slice(at) : compact(line.text);
            if ([...text.replace(/[\p{P}]/gu, '')].length < 2) bad.push(`${title}: one character alone (${text}) on page ${line.page}`);
            at += text.length;
            if (k < run.length - 1 && !allowed.has(at)) bad.push(`${title}: broken inside a word at ${title.slice(at - 2, at)}/${title.slice(at, at + 2)} on page ${line.page}`);
          });
        }
      }
    expect(checked).toBeGreaterThanOrEqual(under.least.titles);
    expect(bad).toEqual([]);
  });
});
