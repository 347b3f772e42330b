import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyReport } from '../../src/engine/report';
import type { Library } from '../../src/node/library/open-library';
import { importPhotoFile } from '../../src/node/photos/photo-store';
import { runChecks } from '../../src/node/preflight/checks';
import { gatherPreflightInput, preflight } from '../../src/node/preflight/run-preflight';
import { createLibraryService } from '../../src/node/services/library-service';
import type { PreflightResult } from '../../src/shared/print';
import { openSampleLibrary, removeTempDirs } from './helpers';

const codes = (items: PreflightResult['errors']) => items.map((i) => i.code);
/** The errors besides the sample's 25 placeholder frames (errors for print, see 'finds no errors …'). */
const besidesPlaceholders = (items: PreflightResult['errors']) => items.filter((i) => i.code !== 'placeholder');

describe('preflight of the sample issue', () => {
  let lib: Library;
  let issueId: number;

  beforeEach(() => {
    lib = openSampleLibrary();
    issueId = createLibraryService(lib).listIssues({})[0]!.id;
  });
  afterEach(() => {
    lib.close();
    removeTempDirs();
  });

  const articleIn = (sectionIndex: number) => createLibraryService(lib).getIssueOutline({ issueId }).sections[sectionIndex]!.articles[0]!;
  const photo = async (widthPx: number, heightPx: number, credit: { kind: '摄影'; name: string } | null, space: 'srgb' | 'cmyk' = 'srgb') => {
    const bytes = await sharp({ create: { width: widthPx, height: heightPx, channels: 3, background: '#996633' } }).toColourspace(space).jpeg().toBuffer();
    return importPhotoFile(lib, { issueId, articleId: articleIn(2).id, placement: 'article', fileName: 'p.jpg', bytes, caption: '图注', credit });
  };

  it('finds no errors but the 25 placeholder frames (errors for print, warnings for screen) and raises no byline warning', () => {
    const result = preflight(lib, issueId, 'print', null, null);
    expect(result.placeholders).toBe(25);
    expect(result.errors.filter((e) => e.code === 'placeholder')).toHaveLength(25);
    expect(result.errors.filter((e) => e.code !== 'placeholder')).toEqual([]);
    expect(result.errors.every((e) => e.target.photoId !== undefined)).toBe(true);
    expect(result.warnings).toEqual([]);
    const screen = preflight(lib, issueId, 'screen', null, null);
    expect(screen.errors).toEqual([]);
    expect(screen.warnings.filter((w) => w.code === 'placeholder')).toHaveLength(25);
    expect(screen.warnings.filter((w) => w.code !== 'placeholder')).toEqual([]);
  });

  it('reports a photo without a credit as an error pointing at the photo', async () => {
    const p = await photo(4000, 3000, null);
    const result = preflight(lib, issueId, 'print', null, null);
    expect(besidesPlaceholders(result.errors)).toEqual([expect.objectContaining({ code: 'missing_credit', severity: 'error', target: expect.objectContaining({ photoId: p.id }) })]);
  });

  it('reports a 100-ppi photo as an error for print and a warning for screen; 250 ppi as a warning', async () => {
    // The default frame is one column (225 pt = 3.125 in) wide at 3:2: 312 px across is about 100 ppi.
    const low = await photo(312, 208, { kind: '摄影', name: '甲' });
    const print = preflight(lib, issueId, 'print', null, null);
    const error = print.errors.find((e) => e.code === 'low_resolution')!;
    expect(error.target.photoId).toBe(low.id);
    expect(error.params.ppi).toBeGreaterThanOrEqual(99);
    expect(error.params.ppi).toBeLessThanOrEqual(101);
    const screen = preflight(lib, issueId, 'screen', null, null);
    expect(codes(screen.errors)).not.toContain('low_resolution');
    expect(codes(screen.warnings)).toContain('low_resolution');

    lib.db.prepare('DELETE FROM photo WHERE id = ?').run(low.id);
    await photo(782, 521, { kind: '摄影', name: '乙' });
    const medium = preflight(lib, issueId, 'print', null, null);
    expect(codes(besidesPlaceholders(medium.errors))).toEqual([]);
    expect(medium.warnings.find((w) => w.code === 'low_resolution')?.params.ppi).toBe(250);
  });

  it('warns about an RGB original for print only, not about CMYK; a missing original is an error', async () => {
    const rgb = await photo(3000, 2000, { kind: '摄影', name: '甲' });
    await photo(3000, 2000, { kind: '摄影', name: '乙' }, 'cmyk');
    const print = preflight(lib, issueId, 'print', null, null);
    expect(print.warnings.filter((w) => w.code === 'rgb_image').map((w) => w.target.photoId)).toEqual([rgb.id]);
    expect(codes(preflight(lib, issueId, 'screen', null, null).warnings)).not.toContain('rgb_image');
    fs.rmSync(path.join(lib.dir, rgb.file!));
    expect(besidesPlaceholders(preflight(lib, issueId, 'print', null, null).errors)).toEqual([expect.objectContaining({ code: 'rgb_image', target: expect.objectContaining({ photoId: rgb.id }) })]);
  });

  it('reports an empty section', () => {
    const section = createLibraryService(lib).createSection({ issueId, name: '新栏目' });
    const result = preflight(lib, issueId, 'print', null, null);
    expect(besidesPlaceholders(result.errors)).toEqual([expect.objectContaining({ code: 'empty_section', target: { sectionId: section.id }, params: { section: '新栏目' } })]);
  });

  it('reports a removed price, a removed 主管主办 row and a colophon serial that differs', () => {
    lib.db.prepare(`UPDATE colophon SET price_value = '' WHERE issue_id = ?`).run(issueId);
    expect(besidesPlaceholders(preflight(lib, issueId, 'print', null, null).errors)).toEqual([
      expect.objectContaining({ code: 'required_item_missing', target: { page: 'colophon', field: 'price' } }),
    ]);
    lib.db.prepare(`DELETE FROM colophon_row WHERE issue_id = ? AND label LIKE '%主管%'`).run(issueId);
    lib.db.prepare(`UPDATE colophon_row SET value = 'CN 11-0000/D' WHERE issue_id = ? AND label = '国内统一连续出版物号'`).run(issueId);
    const fields = besidesPlaceholders(preflight(lib, issueId, 'print', null, null).errors).map((e) => e.target.field);
    expect(fields.sort()).toEqual(['cn', 'price', 'sponsor']);
  });

  it('warns about a missing byline outside the sections that never carry one', () => {
    const service = createLibraryService(lib);
    const target = articleIn(2);
    const full = service.getArticle({ articleId: target.id });
    service.updateArticle({ articleId: target.id, baseRevision: full.revision, patch: { byline: null } });
    const result = preflight(lib, issueId, 'print', null, null);
    expect(result.warnings.filter((w) => w.code === 'missing_byline').map((w) => w.target.articleId)).toEqual([target.id]);
  });

  it('checks the layout: overset, missing glyphs and fonts, prohibited breaks, contents out of date', () => {
    const input = gatherPreflightInput(lib, issueId, 'print', null, null);
    const [first, second] = input.articles;
    const report = emptyReport();
    report.oversetBlocks.push({ owner: first!.id, blockIndex: 3, reason: 'page-limit' });
    report.missingGlyphs.push({ owner: first!.id, blockIndex: 1, char: '𠀀', font: 'NotoSerifSC-Regular', offset: 4 });
    report.missingGlyphs.push({ owner: first!.id, blockIndex: 2, char: '𠀀', font: 'NotoSerifSC-Regular', offset: 9 });
    report.prohibitedLineStarts.push({ owner: second!.id, blockIndex: 0, page: 4, text: '。开头' });
    const starts = input.articles.map((a, i) => ({ articleId: a.id, folio: String(i + 1).padStart(2, '0') }));
    const result = runChecks({
      ...input,
      layout: {
        report,
        pageLabels: ['封一', '封二', '01', '02', '03'],
        starts: starts.slice(0, -1),
        contentsFolios: new Map([[first!.id, '01'], [second!.id, '07']]),
        photoFrames: new Map(),
        missingFonts: ['FZShuSong-Z01'],
      },
    });
    expect(codes(besidesPlaceholders(result.errors)).sort()).toEqual(['missing_font', 'missing_glyph', 'overset', 'toc_out_of_date', 'toc_out_of_date'].sort());
    expect(result.errors.find((e) => e.code === 'overset')!.target).toMatchObject({ articleId: first!.id });
    const toc = result.errors.filter((e) => e.code === 'toc_out_of_date');
    expect(toc.map((e) => e.target.articleId).sort()).toEqual([second!.id, input.articles.at(-1)!.id].sort());
    expect(result.warnings.find((w) => w.code === 'prohibited_break')!.target).toMatchObject({ articleId: second!.id, page: '03' });
  });
});
