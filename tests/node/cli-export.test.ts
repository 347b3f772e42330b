import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/node/cli/run';
import { exportLogOf } from '../../src/node/export/export-log';
import { openLibrary } from '../../src/node/library/open-library';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { RESOURCES_DIR, fillPlaceholders, removeTempDirs, tempDir } from './helpers';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function cli(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { QIKAN_LANG: 'en' });
  return { code, out, err };
}

describe('command line: export, preflight, import-photo', () => {
  let dataDir: string;
  let outDir: string;

  beforeEach(() => {
    dataDir = tempDir('qikan-cli-export-');
    outDir = tempDir('qikan-cli-out-');
    // Seed the sample issue the way the app does on first use. These tests are about the export itself:
    // the publication is taken off 三审三校 so the never-proofread sample prints with a warning (the
    // 付印 gate has its own tests, and the first test below checks the default).
    const lib = openLibrary({ dataDir, resourcesDir: RESOURCES_DIR });
    proofreadingDefault = (lib.db.prepare("SELECT json_extract(settings, '$.proofreading') AS p FROM publication").get() as { p: string }).p;
    lib.db.prepare("UPDATE publication SET settings = json_set(settings, '$.proofreading', 'none')").run();
    lib.close();
  });
  afterEach(() => removeTempDirs());
  let proofreadingDefault = '';

  it('under 三审三校 (the default) refuses to print the never-proofread sample unless the 主编 overrides', async () => {
    expect(proofreadingDefault).toBe('三审三校');
    withLibrary((lib) => lib.db.prepare("UPDATE publication SET settings = json_set(settings, '$.proofreading', '三审三校')").run());
    const out = path.join(outDir, 'refused.pdf');
    const refused = await cli('--data', dataDir, 'export', '2026-1', '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.out.join('\n') + refused.err.join('\n')).toMatch(/proofread/i);
    expect(fs.existsSync(out)).toBe(false);
    const overridden = await cli('--data', dataDir, 'export', '2026-1', '--out', out, '--override', 'printed before the rounds, by decision of the editor-in-chief');
    expect(overridden.code).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
  });

  const withLibrary = <T>(f: (lib: ReturnType<typeof openLibrary>) => T): T => {
    const lib = openLibrary({ dataDir, resourcesDir: RESOURCES_DIR });
    try {
      return f(lib);
    } finally {
      lib.close();
    }
  };

  /** A placeholder is an error in a print export: the sample's photos arrive first. */
  const fillPhotos = async () => {
    const lib = openLibrary({ dataDir, resourcesDir: RESOURCES_DIR });
    try {
      await fillPlaceholders(lib, 1);
    } finally {
      lib.close();
    }
  };

  it('exports the sample issue as PDF/X-1a with progress and a preflight summary; every laid-out page is in the file', async () => {
    await fillPhotos();
    const out = path.join(outDir, 'issue.pdf');
    const run = await cli('--data', dataDir, 'export', '2026-1', '--out', out);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out.filter((l) => /^\[\d+%\]/.test(l))).toHaveLength(5);
    // Warnings only: "not proofread" (no proof round was opened for the sample issue), pages under the
    // design's fill, photos to the bleed under 300 ppi.
    expect(run.out.find((l) => l.startsWith('Preflight:'))).toMatch(/^Preflight: 0 errors, \d+ warnings \(0 placeholder frames\)$/);
    const expectedPages = withLibrary((lib) => getIssueLayout(lib, 1).document.pages.length);
    expect(expectedPages).toBeGreaterThan(23 + 4);
    const bytes = fs.readFileSync(out);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.3');
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getPageCount()).toBe(expectedPages);
    expect(run.out.at(-1)).toContain(`${expectedPages} pages`);
    const [log] = withLibrary((lib) => exportLogOf(lib, 1));
    expect(log).toMatchObject({ file: out, pages: expectedPages, bytes: bytes.length, kind: 'print', standard: 'x1a', marks: true, preflightErrors: 0, overrideReason: null });
  }, 120_000);

  it('refuses a print export while preflight finds errors: each error on a line, then the reason; --override records why', async () => {
    await fillPhotos();
    withLibrary((lib) => {
      lib.db.prepare(`UPDATE colophon SET price_value = '' WHERE issue_id = 1`).run();
      lib.db.prepare(`UPDATE photo SET credit_kind = NULL, credit_name = NULL WHERE placement = 'back-cover'`).run();
    });
    const out = path.join(outDir, 'issue.pdf');
    const refused = await cli('--data', dataDir, 'export', '2026-1', '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.err).toHaveLength(3);
    expect(refused.err[0]).toMatch(/^\[error\] /);
    expect(refused.err.slice(0, 2).join('\n')).toContain('定价');
    expect(refused.err.slice(0, 2).join('\n')).toContain('without a credit');
    expect(refused.err[2]).toMatch(/^Error: Preflight found 2 errors, so the print export was refused/);
    expect(fs.existsSync(out)).toBe(false);
    expect(withLibrary((lib) => exportLogOf(lib, 1))).toEqual([]);

    const overridden = await cli('--data', dataDir, 'export', '2026-1', '--out', out, '--override', '定价另行通知');
    expect(overridden.code).toBe(0);
    expect(overridden.out.some((l) => l.includes('reason recorded: 定价另行通知'))).toBe(true);
    expect(withLibrary((lib) => exportLogOf(lib, 1))).toEqual([expect.objectContaining({ overrideReason: '定价另行通知', preflightErrors: 2, file: out })]);
  }, 120_000);

  it('writes a screen PDF with --screen, and PDF/X-4 without marks', async () => {
    await fillPhotos();
    const screen = await cli('--data', dataDir, 'export', '2026-1', '--screen', `--out=${path.join(outDir, 'screen.pdf')}`);
    expect(screen.code).toBe(0);
    const x4 = await cli('--data', dataDir, 'export', '2026-1', '--standard', 'x4', '--no-marks', '--out', path.join(outDir, 'x4.pdf'));
    expect(x4.code).toBe(0);
    expect(fs.readFileSync(path.join(outDir, 'x4.pdf')).subarray(0, 8).toString('latin1')).toBe('%PDF-1.6');
    expect(withLibrary((lib) => exportLogOf(lib, 1).map((e) => [e.kind, e.standard, e.marks]))).toEqual([
      ['screen', null, false],
      ['print', 'x4', false],
    ]);
  }, 120_000);

  it.each([
    [['export', '2026-1', '--standard', 'x9'], /not a PDF standard/],
    [['export', '2026-1', '--out'], /needs a value/],
    [['export', '2026-1', '--colour'], /has no option --colour/],
    [['export', '2026-1', '--screen', '--standard', 'x4'], /print exports only/],
    [['export', '2026-1', '--screen', '--override', 'x'], /print exports only/],
    [['export'], /Wrong arguments/],
    [['export', 'January'], /is not an issue/],
    [['import-photo', '2026-1', 'a.jpg', '--article', '4', '--credit', 'Zhang San'], /not a credit/],
    [['import-photo', '2026-1', 'a.jpg', '--placement', 'centrefold'], /not a placement/],
    [['import-photo', '2026-1', 'a.jpg', '--placement', 'cover', '--article', '3'], /--article goes with/],
  ])('%j is a usage error: exit 2, one line', async (args, message) => {
    const run = await cli('--data', dataDir, ...args);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(message);
  });

  it('refuses an --out that is a folder or in a missing folder (exit 1)', async () => {
    expect((await cli('--data', dataDir, 'export', '2026-1', '--out', outDir)).err[0]).toMatch(/is a folder/);
    const missing = await cli('--data', dataDir, 'export', '2026-1', '--out', path.join(outDir, 'no', 'such', 'x.pdf'));
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toMatch(/does not exist/);
  });

  it('preflight lists every item and exits 1 when there are errors', async () => {
    // The placeholder frames: errors for print, warnings for screen.
    const print = await cli('--data', dataDir, 'preflight', '2026-1');
    expect(print.code).toBe(1);
    expect(print.out.filter((l) => l.startsWith('  [error]') && l.includes('Placeholder frame'))).toHaveLength(25);
    const clean = await cli('--data', dataDir, 'preflight', '2026-1', '--screen');
    expect(clean.code).toBe(0);
    expect(clean.out.filter((l) => l.includes('Placeholder frame'))).toHaveLength(25);
    withLibrary((lib) => lib.db.prepare(`DELETE FROM colophon_row WHERE label = '编辑出版'`).run());
    const failing = await cli('--data', dataDir, 'preflight', '2026-1', '--screen');
    expect(failing.code).toBe(1);
    expect(failing.out.filter((l) => l.startsWith('  [error]'))).toEqual([expect.stringContaining('编辑出版')]);
    expect(failing.err).toEqual(['Error: Preflight found 1 errors.']);
  }, 120_000);

  it('fills an article placeholder (numbered by preflight) and the print export embeds it as CMYK; adds a new photo; refuses a renamed text file in one line', async () => {
    const file = path.join(outDir, 'meeting.jpg');
    fs.writeFileSync(file, await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#c03020' } }).jpeg().toBuffer());
    const placeholderLine = (await cli('--data', dataDir, 'preflight', '2026-1')).out.find((l) => l.includes('北京艺术中心'))!;
    const photoId = /\[photo (\d+)\]$/.exec(placeholderLine)![1]!;
    const filled = await cli('--data', dataDir, 'import-photo', '2026-1', file, '--photo', photoId);
    expect(filled.err).toEqual([]);
    expect(filled.code).toBe(0);
    expect(filled.out[0]).toMatch(new RegExp(`^Imported photo ${photoId}: 2400 × 1600 px, rgb`));
    expect(withLibrary((lib) => lib.db.prepare('SELECT a.key, p.credit_name FROM photo p JOIN article a ON a.id = p.article_id WHERE p.id = ?').get(Number(photoId)))).toEqual({ key: 'a05', credit_name: '程诚' });

    const added = await cli('--data', dataDir, 'import-photo', '2026-1', file, '--article', 'a05', '--caption', '会议现场。', '--credit', '摄影/张三');
    expect(added.code).toBe(0);
    const photo = withLibrary((lib) => lib.db.prepare(`SELECT p.caption, p.credit_kind, p.credit_name, a.key FROM photo p JOIN article a ON a.id = p.article_id WHERE p.caption = '会议现场。'`).get());
    expect(photo).toEqual({ caption: '会议现场。', credit_kind: '摄影', credit_name: '张三', key: 'a05' });

    const out = path.join(outDir, 'with-photo.pdf');
    await fillPhotos(); // the other 24
    expect((await cli('--data', dataDir, 'export', '2026-1', '--out', out)).code).toBe(0);
    const pdf = await PDFDocument.load(fs.readFileSync(out), { updateMetadata: false });
    const images = pdf.context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
    expect(images.length).toBeGreaterThanOrEqual(1);
    for (const [, image] of images) expect((image as PDFRawStream).dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceCMYK'));

    const text = path.join(outDir, 'notes.jpg');
    fs.writeFileSync(text, '这是一份改了扩展名的文本文件。');
    const refused = await cli('--data', dataDir, 'import-photo', '2026-1', text, '--placement', 'cover');
    expect(refused.code).toBe(1);
    expect(refused.err).toHaveLength(1);
    expect(refused.err[0]).toContain('notes.jpg');
    expect(refused.err[0]).toContain('JPEG, PNG or TIFF');
  }, 120_000);
});
