import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportLogOf } from '../../src/node/export/export-log';
import type { Library } from '../../src/node/library/open-library';
import { runProofExport, serviceProofRecords } from '../../src/node/proof-export/run-proof-export';
import { createServices } from '../../src/node/services';
import { createLibraryService } from '../../src/node/services/library-service';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import type { ArticleDoc } from '../../src/shared/article-doc';
import { blockTexts } from '../../src/shared/proof/anchor';
import type { ExportJob } from '../../src/shared/print';
import type { Correction, CorrectionKind, ProofRound } from '../../src/shared/proof';
import { extractPageTexts } from '../pdf/support/read-pdf';
import { addPerson, createAccess, sessionOf } from '../support/people';
import { openSampleLibrary, removeTempDirs } from './helpers';

type Session = Awaited<ReturnType<typeof sessionOf>>;

/** A call through dispatch() as the session's person; a refusal throws its error payload. */
async function call<T>(who: Session, method: string, input: unknown): Promise<T> {
  const envelope = await who.raw(method, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

async function finished(who: Session, jobId: string): Promise<ExportJob> {
  for (;;) {
    const job = await call<ExportJob>(who, 'getExportJob', { jobId });
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('proof PDF (校样)', () => {
  let lib: Library;
  let editor: Session;
  let proofreader: Session;
  let editorId: number;
  let issueId: number;
  let articleId: number;
  let blockIndex: number;
  let firstRound: ProofRound;

  beforeEach(async () => {
    lib = openSampleLibrary();
    const access = createAccess(lib);
    const handlers = createServices(lib, access);
    const editorActor = await addPerson(lib, '王编', ['责任编辑']);
    editorId = editorActor.accountId;
    editor = await sessionOf(handlers, access, editorActor.login);
    proofreader = await sessionOf(handlers, access, (await addPerson(lib, '李校', ['校对'])).login);
    const library = createLibraryService(lib);
    issueId = library.listIssues({})[0]!.id;
    // A body article with a long paragraph (the anchors need room).
    const outline = library.getIssueOutline({ issueId });
    const candidates = outline.sections.flatMap((s) => s.articles).slice(1);
    for (const a of candidates) {
      const texts = blockTexts(library.getArticle({ articleId: a.id }).body);
      const long = texts.findIndex((t) => t.length > 60 && !/[\uD800-\uDFFF]/.test(t.slice(0, 40)));
      if (long >= 0) {
        articleId = a.id;
        blockIndex = long;
        break;
      }
    }
    const rounds = await call<ProofRound[]>(editor, 'listRounds', { issueId });
    firstRound = rounds[0]!;
    await call(editor, 'openRound', { roundId: firstRound.id });
  });
  afterEach(() => {
    lib.close();
    removeTempDirs();
  });

  async function propose(kind: CorrectionKind, start: number, end: number, proposed = '', note = '', block = blockIndex): Promise<Correction> {
    const { revision } = createLibraryService(lib).getArticle({ articleId });
    const made = await call<{ correction: Correction }>(proofreader, 'proposeCorrection', {
      articleId,
      baseRevision: revision,
      blockIndex: block,
      start,
      end,
      kind,
      proposed,
      note,
    });
    return made.correction;
  }

  it('shows the watermark and footer on every page, each open correction at its line, and nothing of resolved ones', async () => {
    const replace = await propose('replace', 2, 4, '替换甲');
    const insert = await propose('insert', 10, 10, '插入乙');
    const query = await propose('query', 20, 22, '', '请核实丙');
    const del = await propose('delete', 30, 31);
    const rejected = await propose('replace', 40, 42, '被拒丁');
    const accepted = await propose('replace', 50, 52, '已采戊');
    await call(editor, 'rejectCorrection', { correctionId: rejected.id, reason: '原文无误' });
    await call(editor, 'acceptCorrection', { correctionId: accepted.id });

    const started = await call<ExportJob>(editor, 'startProofExport', { issueId, roundId: firstRound.id });
    expect(started.state).toBe('running');
    const job = await finished(editor, started.jobId);
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    expect(job.result!.fileName).toMatch(/^2026-01-proof-一校-\d{8}T\d{6}Z\.pdf$/);
    const file = path.join(lib.dir, 'exports', job.result!.fileName);
    const bytes = new Uint8Array(fs.readFileSync(file));
    expect(bytes.length).toBe(job.result!.bytes);
    const [log] = exportLogOf(lib, issueId);
    expect(log).toMatchObject({ jobId: started.jobId, kind: 'proof', file, pages: job.result!.pages, overrideReason: null, accountId: editorId });
    expect(await call(editor, 'revealExport', { jobId: started.jobId })).toEqual({ revealed: false, downloadUrl: `/exports/${started.jobId}` });

    const pages = await extractPageTexts(bytes);
    const layout = getIssueLayout(lib, issueId);
    // Every open correction is placed, so no list page is added.
    expect(pages).toHaveLength(layout.document.pages.length);
    pages.forEach((text, i) => {
      expect(text).toContain('一校样');
      expect(text).toContain('北京人大 2026年第1期');
      expect(text).toContain(layout.pageLabels[i]!);
    });
    const all = pages.join('\n');
    expect(all).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(all).toContain('替换甲');
    expect(all).toContain('插入乙');
    expect(all).toContain('？请核实丙');
    expect(all).not.toContain('被拒丁');
    // The accepted change is in the text now, and not drawn again as a mark.
    expect(count(all, '已采戊')).toBe(1);
    const drawn = (await runProofExport(lib, { issueId, roundId: firstRound.id }, serviceProofRecords)).sheet.placed.map((p) => p.correctionId);
    expect(drawn.sort((a, b) => a - b)).toEqual([replace.id, insert.id, query.id, del.id]);
  }, 120_000);

  it('draws each mark on the line that holds its anchor', async () => {
    const made = [await propose('replace', 2, 4, '替换甲'), await propose('delete', 30, 31), await propose('query', 45, 47, '', '核实')];
    const outcome = await runProofExport(lib, { issueId, roundId: firstRound.id }, serviceProofRecords);
    expect(outcome.sheet.unplaced).toEqual([]);
    const page = (index: number) => outcome.sheet.document.pages[index]!;
    for (const correction of made) {
      const placed = outcome.sheet.placed.find((p) => p.correctionId === correction.id)!;
      expect(placed).toBeDefined();
      const anchor = (await call<Correction[]>(editor, 'listCorrections', { issueId })).find((c) => c.id === correction.id)!.anchor!;
      // The line the mark is on is the article's line holding the anchor.
      const line = page(placed.pageIndex).lines.find(
        (l) => l.source.owner === articleId && l.source.blockIndex === anchor.blockIndex && l.source.start <= anchor.start && anchor.start < l.source.end,
      )!;
      expect(line).toBeDefined();
      const box = placed.items.find((i) => i.kind === 'box')!;
      expect(box.kind).toBe('box');
      if (box.kind !== 'box') continue;
      expect(box.y).toBeGreaterThan(line.y - 4);
      expect(box.y + box.h).toBeLessThan(line.y + line.h + 4);
      expect(box.x).toBeGreaterThanOrEqual(line.x - 2);
      expect(box.x + box.w).toBeLessThanOrEqual(line.x + line.w + 2);
      // The margin note sits outside the text column, beside it.
      const noteRight = placed.note.x + placed.note.w;
      if (placed.note.side === 'left') expect(noteRight).toBeLessThanOrEqual(line.x);
      else expect(placed.note.x).toBeGreaterThanOrEqual(line.x + line.w);
    }
    expect(outcome.log.kind).toBe('proof');
  }, 120_000);

  it('lists a correction whose anchored text was deleted by other means on a final page (未定位的校改)', async () => {
    const orphaned = await propose('replace', 10, 12, '孤立己');
    // The editor deletes the whole paragraph (as a save from the editor would): the correction is orphaned.
    const library = createLibraryService(lib);
    const article = library.getArticle({ articleId });
    const cut = structuredClone(article.body) as ArticleDoc;
    cut.root.children.splice(blockIndex, 1);
    library.updateArticle({ articleId, baseRevision: article.revision, patch: { body: cut } });
    const kept = await propose('replace', 0, 1, '替换甲', '', 0);

    const outcome = await runProofExport(lib, { issueId, roundId: firstRound.id }, serviceProofRecords);
    expect(outcome.sheet.placed.map((p) => p.correctionId)).toEqual([kept.id]);
    expect(outcome.sheet.unplaced.map((u) => [u.correction.id, u.reason])).toEqual([[orphaned.id, 'orphaned']]);
    const pages = await extractPageTexts(new Uint8Array(fs.readFileSync(outcome.file)));
    expect(pages).toHaveLength(getIssueLayout(lib, issueId).document.pages.length + 1);
    const list = pages[pages.length - 1]!;
    expect(list).toContain('未定位的校改');
    expect(list).toContain('孤立己');
    expect(list).toContain('一校样');
  }, 120_000);

  it('refuses an unknown round at once', async () => {
    await expect(call(editor, 'startProofExport', { issueId, roundId: 999_999 })).rejects.toMatchObject({ code: 'not_found' });
  });
});
