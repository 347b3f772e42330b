import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportLogOf } from '../../src/node/export/export-log';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { LATEST_VERSION } from '../../src/node/library/migrations';
import { signedIn, type SignedIn } from '../support/people';
import { createLibraryService } from '../../src/node/services/library-service';
import type { ExportJob, PreflightResult } from '../../src/shared/print';
import type { Photo } from '../../src/shared/model';
import { RESOURCES_DIR, countRows, fillPlaceholders, openSampleLibrary, removeTempDirs, tempDir } from './helpers';

async function call<T>(handlers: SignedIn, method: string, input: unknown): Promise<T> {
  const envelope = await handlers.dispatch(method, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

async function finished(handlers: SignedIn, jobId: string): Promise<ExportJob> {
  for (;;) {
    const job = await call<ExportJob>(handlers, 'getExportJob', { jobId });
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('production API', () => {
  let lib: Library;
  let handlers: SignedIn;
  let issueId: number;

  beforeEach(async () => {
    lib = openSampleLibrary();
    handlers = await signedIn(lib);
    issueId = createLibraryService(lib).listIssues({})[0]!.id;
    // These tests are about the export itself; the 付印 gate of 三审三校 has its own (proof-signoff-export).
    lib.db.prepare("UPDATE publication SET settings = json_set(settings, '$.proofreading', 'none')").run();
  });
  afterEach(() => {
    lib.close();
    removeTempDirs();
  });

  it('exports the sample issue for print through a job: stages, file under exports/, log row, download address', async () => {
    await fillPlaceholders(lib, issueId); // a placeholder is an error for print: the photos come first
    const started = await call<ExportJob>(handlers, 'startExport', { issueId, kind: 'print' });
    expect(started).toMatchObject({ state: 'running', progress: 0, issueId });
    const seenStages = new Set<string>();
    let job: ExportJob;
    for (;;) {
      job = await call<ExportJob>(handlers, 'getExportJob', { jobId: started.jobId });
      seenStages.add(job.stage);
      if (job.state !== 'running') break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    expect(job.progress).toBe(1);
    expect(seenStages.size).toBeGreaterThan(1);
    expect(job.preflight!.errors).toEqual([]);
    expect(job.result!.fileName).toMatch(/^2026-01-print-\d{8}T\d{6}Z\.pdf$/);
    const file = path.join(lib.dir, 'exports', job.result!.fileName);
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBe(job.result!.bytes);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.3');
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getPageCount()).toBe(job.result!.pages);
    expect(pdf.getTitle()).toBe('北京人大 2026年第1期');
    expect(pdf.getPage(0).node.get(PDFName.of('TrimBox'))).toBeDefined();

    const [log] = exportLogOf(lib, issueId);
    expect(log).toMatchObject({ jobId: started.jobId, kind: 'print', standard: 'x1a', marks: true, file, pages: job.result!.pages, bytes: bytes.length, preflightErrors: 0, overrideReason: null });
    expect(await call(handlers, 'revealExport', { jobId: started.jobId })).toEqual({ revealed: false, downloadUrl: `/exports/${started.jobId}` });
    // No partial files are left beside the export.
    expect(fs.readdirSync(path.join(lib.dir, 'exports'))).toEqual([job.result!.fileName]);
  }, 120_000);

  it('refuses a print export with preflight errors unless a reason is given, and records the reason', async () => {
    await fillPlaceholders(lib, issueId); // a placeholder is an error for print: the photos come first
    lib.db.prepare(`UPDATE colophon SET price_value = '' WHERE issue_id = ?`).run(issueId);
    const refused = await finished(handlers, (await call<ExportJob>(handlers, 'startExport', { issueId, kind: 'print' })).jobId);
    expect(refused.state).toBe('refused');
    expect(refused.preflight!.errors.map((e) => e.target.field)).toEqual(['price']);
    expect(countRows(lib.db, 'export_log')).toBe(0);
    expect(fs.existsSync(path.join(lib.dir, 'exports')) ? fs.readdirSync(path.join(lib.dir, 'exports')) : []).toEqual([]);
    await expect(call(handlers, 'revealExport', { jobId: refused.jobId })).rejects.toMatchObject({ code: 'conflict' });

    const reason = '定价待发行部确认，先出校样';
    const overridden = await finished(handlers, (await call<ExportJob>(handlers, 'startExport', { issueId, kind: 'print', standard: 'x4', marks: false, overrideReason: reason })).jobId);
    expect(overridden.state).toBe('done');
    const [log] = exportLogOf(lib, issueId);
    expect(log).toMatchObject({ standard: 'x4', marks: false, preflightErrors: 1, overrideReason: reason });
    const text = fs.readFileSync(log!.file).toString('utf8');
    expect(text.startsWith('%PDF-1.6')).toBe(true);
    expect(text).toContain(reason); // the XMP history carries it
  }, 120_000);

  it('exports with an override when a photo original has gone missing, printing its frame as a placeholder', async () => {
    await fillPlaceholders(lib, issueId); // a placeholder is an error for print: the photos come first
    const placeholder = (await call<Photo[]>(handlers, 'listPhotos', { issueId })).find((p) => p.placement === 'back-cover')!;
    const jpeg = await sharp({ create: { width: 3000, height: 3400, channels: 3, background: '#204080' } }).jpeg().toBuffer();
    const photo = await call<Photo>(handlers, 'importPhoto', { issueId, articleId: null, placement: 'back-cover', photoId: placeholder.id, upload: handlers.upload('photo', 'a.jpg', jpeg) });
    fs.rmSync(path.join(lib.dir, photo.file!));
    const refused = await finished(handlers, (await call<ExportJob>(handlers, 'startExport', { issueId, kind: 'print' })).jobId);
    expect(refused.state).toBe('refused');
    expect(refused.preflight!.errors).toEqual([expect.objectContaining({ code: 'rgb_image', params: expect.objectContaining({ colorSpace: 'missing' }) })]);
    const job = await finished(handlers, (await call<ExportJob>(handlers, 'startExport', { issueId, kind: 'print', overrideReason: '封四照片稍后补' })).jobId);
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
  }, 120_000);

  it('does not block a screen export on preflight errors', async () => {
    lib.db.prepare(`UPDATE colophon SET price_value = '' WHERE issue_id = ?`).run(issueId);
    const job = await finished(handlers, (await call<ExportJob>(handlers, 'startExport', { issueId, kind: 'screen' })).jobId);
    expect(job.state).toBe('done');
    expect(job.result!.fileName).toMatch(/-screen-/);
    expect(exportLogOf(lib, issueId)[0]).toMatchObject({ kind: 'screen', standard: null, marks: false, preflightErrors: 1, overrideReason: null });
  }, 120_000);

  it('imports a photo over the API into a placeholder; preflight sees it; a bad file is refused with its reason', async () => {
    const placeholder = (await call<Photo[]>(handlers, 'listPhotos', { issueId })).find((p) => p.placement === 'back-cover')!;
    const jpeg = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#204080' } }).jpeg().toBuffer();
    const photo = await call<Photo>(handlers, 'importPhoto', {
      issueId, articleId: null, placement: 'back-cover', photoId: placeholder.id, upload: handlers.upload('photo', '运河月明.jpg', jpeg),
    });
    expect(photo).toMatchObject({ id: placeholder.id, widthPx: 3000, colorSpace: 'rgb' });
    const result = await call<PreflightResult>(handlers, 'preflightIssue', { issueId });
    expect(result.placeholders).toBe(24);
    expect(result.warnings.some((w) => w.code === 'rgb_image' && w.target.photoId === photo.id)).toBe(true);

    await expect(call(handlers, 'importPhoto', { issueId, articleId: null, placement: 'cover', upload: handlers.upload('photo', 'x.jpg', 'not an image') }))
      .rejects.toMatchObject({ code: 'import_invalid', details: { reason: 'image_unsupported', file: 'x.jpg' } });
    await expect(call(handlers, 'importPhoto', { issueId, articleId: null, placement: 'cover', upload: '@@not an upload@@' }))
      .rejects.toMatchObject({ code: 'invalid_request', details: { path: 'upload' } });

    const updated = await call<Photo>(handlers, 'updatePhoto', { photoId: photo.id, credit: null, base: { caption: photo.caption, credit: photo.credit } });
    expect(updated.credit).toBeNull();
    const after = await call<PreflightResult>(handlers, 'preflightIssue', { issueId });
    // Besides the 24 placeholders still waiting for their photos (errors for print).
    expect(after.errors.filter((e) => e.code !== 'placeholder')).toEqual([expect.objectContaining({ code: 'missing_credit', target: expect.objectContaining({ photoId: photo.id }) })]);
  }, 120_000);

  it('answers not_found for an unknown job and an unknown issue', async () => {
    await expect(call(handlers, 'getExportJob', { jobId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call(handlers, 'startExport', { issueId: 9999, kind: 'print' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('migration 3', () => {
  afterEach(() => removeTempDirs());

  it('brings a version-2 library with photos to the latest version, keeping its rows, with an empty export log', () => {
    const dir = tempDir();
    const old = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR, migrateUpTo: 2 });
    expect(old.db.pragma('user_version', { simple: true })).toBe(2);
    const photosBefore = old.db.prepare('SELECT * FROM photo ORDER BY id').all() as Record<string, unknown>[];
    old.close();
    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    try {
      expect(lib.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(LATEST_VERSION).toBeGreaterThanOrEqual(3);
      const photosAfter = lib.db.prepare('SELECT * FROM photo ORDER BY id').all() as Record<string, unknown>[];
      expect(photosAfter.map((p) => ({ ...p, original_name: undefined, format: undefined, channels: undefined, has_icc: undefined, file_bytes: undefined })))
        .toEqual(photosBefore.map((p) => ({ ...p, original_name: undefined, format: undefined, channels: undefined, has_icc: undefined, file_bytes: undefined })));
      expect(photosAfter.every((p) => p.format === null)).toBe(true);
      expect(countRows(lib.db, 'export_log')).toBe(0);
    } finally {
      lib.close();
    }
  });
});
