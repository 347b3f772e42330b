// One layout for every view: the page preview beside the editor shows the pages the print PDF is
// written from — the same lines at the same places, the same items, the same folios — before and
// after an edit, and with an unsaved draft it shows what saving the draft will print.

import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExportEngine } from '../../src/node/export/default-engine';
import type { Library } from '../../src/node/library/open-library';
import { createLayoutService } from '../../src/node/services/layout-service';
import { createLibraryService } from '../../src/node/services/library-service';
import { blocksFromDoc, docFromBlocks } from '../../src/shared/article-doc';
import type { DisplayPage, GlyphRun } from '../../src/shared/display-list';
import type { ExportJob } from '../../src/shared/print';
import { openSampleLibrary, removeTempDirs } from '../node/helpers';
import { signedIn, type SignedIn } from '../support/people';
import fs from 'node:fs';
import path from 'node:path';

let lib: Library;
let me: SignedIn;
let issueId: number;
let articleIds: number[];

async function call<T>(method: string, input: unknown): Promise<T> {
  const envelope = await me.dispatch(method, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

beforeAll(async () => {
  lib = openSampleLibrary();
  me = await signedIn(lib);
  const store = createLibraryService(lib);
  issueId = store.listIssues({})[0]!.id;
  articleIds = store.getIssueOutline({ issueId }).sections.flatMap((s) => s.articles.map((a) => a.id));
  // This test is about the pages; the 付印 gate of 三审三校 has its own tests.
  lib.db.prepare("UPDATE publication SET settings = json_set(settings, '$.proofreading', 'none')").run();
});

afterAll(() => {
  lib?.close();
  removeTempDirs();
});

/** Every page the preview shows for some article, by page index (a page shared by two articles once). */
function previewPages(): Map<number, DisplayPage> {
  const service = createLayoutService(lib);
  const byIndex = new Map<number, DisplayPage>();
  for (const articleId of articleIds) {
    for (const page of service.layoutArticle({ articleId }).pages) {
      const seen = byIndex.get(page.index);
      if (seen) expect(page).toEqual(seen);
      byIndex.set(page.index, page);
    }
  }
  return byIndex;
}

async function printPages(): Promise<DisplayPage[]> {
  return (await defaultExportEngine.layoutIssue(lib, issueId)).document.pages;
}

function expectSamePages(preview: Map<number, DisplayPage>, print: DisplayPage[]): void {
  expect(preview.size).toBeGreaterThan(0);
  for (const [index, page] of preview) {
    const printed = print[index];
    expect(printed, `page ${index}`).toBeDefined();
    expect(page.folio, `folio of page ${index}`).toBe(printed!.folio);
    expect(page.kind).toBe(printed!.kind);
    expect(page.lines, `lines of page ${index}`).toEqual(printed!.lines);
    expect(page.items, `items of page ${index}`).toEqual(printed!.items);
  }
  // Every page holding article text is one the preview can show.
  const articlePages = print.filter((p) => p.lines.some((l) => typeof l.source.owner === 'number'));
  expect([...preview.keys()].sort((a, b) => a - b)).toEqual(articlePages.map((p) => p.index));
}

describe('the preview and the print PDF come from one layout', () => {
  it('shows the sample issue page for page as the print export lays it out', async () => {
    const preview = previewPages();
    const print = await printPages();
    expectSamePages(preview, print);
    // Folios run on from the issue: the 卷首语 on 01, every article where the contents put it.
    const starts = (await defaultExportEngine.layoutIssue(lib, issueId)).starts;
    for (const start of starts) {
      const first = createLayoutService(lib).layoutArticle({ articleId: start.articleId }).pages[0]!;
      expect(first.folio).toBe(start.folio);
    }
  });

  it('the exported PDF sets the previewed glyph runs at the previewed places, with the previewed folios', async () => {
    const preview = previewPages();
    // Overridden: the sample's placeholder frames are preflight errors for print; the pages are what is compared here.
    const job0 = await call<ExportJob>('startExport', { issueId, kind: 'print', overrideReason: '版面一致性检验' });
    let job = job0;
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = await call<ExportJob>('getExportJob', { jobId: job0.jobId });
    }
    expect(job.error).toBeNull();
    const bytes = new Uint8Array(fs.readFileSync(path.join(lib.dir, 'exports', job.result!.fileName)));
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const loaded = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
    try {
      expect(loaded.numPages).toBe((await printPages()).length);
      let runsChecked = 0;
      for (const [index, page] of preview) {
        const trim = doc.getPage(index).getTrimBox();
        const content = await (await loaded.getPage(index + 1)).getTextContent();
        const origins = content.items.flatMap((item) => ('transform' in item ? [[item.transform[4] as number, item.transform[5] as number]] : []));
        const text = content.items.map((item) => ('str' in item ? item.str : '')).join('');
        if (page.folio) expect(text, `folio on page ${index}`).toContain(page.folio);
        for (const run of page.items.filter((i): i is GlyphRun => i.kind === 'glyphs')) {
          // pdf.js starts a text item at the first glyph it shows (a leading ideographic space is not one).
          const first = run.glyphs.find((g) => g.text.trim() !== '') ?? run.glyphs[0];
          const x = trim.x + run.x + (first?.dx ?? 0);
          const y = trim.y + trim.height - run.y - (first?.dy ?? 0);
          const hit = origins.some(([ox, oy]) => Math.abs(ox! - x) < 0.05 && Math.abs(oy! - y) < 0.05);
          expect(hit, `run "${run.glyphs.map((g) => g.text).join("")}" at ${run.x.toFixed(2)},${run.y.toFixed(2)} on page ${index}`).toBe(true);
          runsChecked++;
        }
      }
      expect(runsChecked).toBeGreaterThan(1000);
    } finally {
      await loaded.destroy();
    }
  });

  it('after an edit the preview and the print still agree, and a draft previews what saving it prints', async () => {
    const service = createLayoutService(lib);
    const store = createLibraryService(lib);
    // An article in the middle of the issue: a longer text moves every page after it.
    const articleId = articleIds[Math.floor(articleIds.length / 2)]!;
    const article = store.getArticle({ articleId });
    const blocks = blocksFromDoc(article.body);
    const target = blocks.findIndex((b) => b.type === 'paragraph' && b.text.length > 40);
    const added = '这是一段为检验预览与付印一致而加入的文字，长到足以多占几行。'.repeat(12);
    const body = docFromBlocks(blocks.map((b, i) => (i === target ? { ...b, text: b.text + added } : b)));

    const before = await printPages();
    const draft = service.layoutArticle({ articleId, draft: { body } });
    await call('updateArticle', { articleId, baseRevision: article.revision, patch: { body } });
    const after = await printPages();
    expect(after).not.toEqual(before);
    // The draft's pages are the pages the saved text prints on.
    for (const page of draft.pages) expect(page).toEqual(after[page.index]);
    expectSamePages(previewPages(), after);
  });
});
