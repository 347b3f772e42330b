// What the editor-in-chief catches first, as preflight must (issue 10, item 6): a placeholder is an
// error for print and a warning otherwise, and no production note or grey box leaves the trim; the
// colophon's required items include 主编, 印刷 and 发行, worded in the reader's language; a page
// under the design's fill warns; photos are judged at the size the layout places them.
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DisplayPage } from '../../src/engine/display-list';
import { gridFor } from '../../src/engine/flow/geometry';
import { DEFAULT_ISSUE_DESIGN } from '../../src/engine/issue/design';
import type { IssueLayoutResult } from '../../src/engine/issue/types';
import { createTranslator } from '../../src/node/cli/context';
import { preflightItemLine } from '../../src/node/cli/preflight-lines';
import type { Library } from '../../src/node/library/open-library';
import { placePhotoInArticle } from '../../src/node/photos/place-photo';
import { importPhotoFile } from '../../src/node/photos/photo-store';
import { effectivePpi } from '../../src/node/photos/resolution';
import { runChecks } from '../../src/node/preflight/checks';
import { articlePageFills, pageFill } from '../../src/node/preflight/page-fill';
import { gatherPreflightInput, preflight } from '../../src/node/preflight/run-preflight';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { createLibraryService } from '../../src/node/services/library-service';
import { openSampleLibrary, removeTempDirs } from './helpers';

describe('preflight: print-ready means print-ready', () => {
  let lib: Library;
  let issueId: number;
  let layout: IssueLayoutResult;

  beforeEach(() => {
    lib = openSampleLibrary();
    issueId = createLibraryService(lib).listIssues({})[0]!.id;
    layout = getIssueLayout(lib, issueId);
  });
  afterEach(() => {
    lib.close();
    removeTempDirs();
  });

  it('a placeholder frame is an error for print and a warning for screen', () => {
    const print = preflight(lib, issueId, 'print', layout, null);
    expect(print.placeholders).toBe(25);
    expect(print.errors.filter((e) => e.code === 'placeholder')).toHaveLength(25);
    expect(print.warnings.filter((w) => w.code === 'placeholder')).toEqual([]);
    const screen = preflight(lib, issueId, 'screen', layout, null);
    expect(screen.errors.filter((e) => e.code === 'placeholder')).toEqual([]);
    expect(screen.warnings.filter((w) => w.code === 'placeholder')).toHaveLength(25);
  });

  it('draws nothing past the trim but art meant for the bleed, and labels no placeholder with a code word', () => {
    const beyond: string[] = [];
    for (const page of layout.document.pages) {
      const { trimW, trimH } = page.boxes;
      for (const item of page.items) {
        if (item.kind === 'image') {
          const out = item.x < -0.01 || item.y < -0.01 || item.x + item.w > trimW + 0.01 || item.y + item.h > trimH + 0.01;
          if (out && !item.bleed) beyond.push(`${page.kind} ${page.index}: image frame`);
          // A label is the caption or the page's printed name (封一, 目录 …), never "inside-back-cover".
          if (item.label !== undefined) expect(item.label, `${page.kind} ${page.index}`).not.toMatch(/^[a-z-]+$/u);
        } else if (item.kind === 'glyphs') {
          if (item.x < -0.01 || item.y < -0.01 || item.x > trimW || item.y > trimH) beyond.push(`${page.kind} ${page.index}: text at ${item.x},${item.y}`);
        }
      }
    }
    expect(beyond).toEqual([]);
    // The cover and back-cover photos are the bleed art.
    const bleedKinds = layout.document.pages.filter((p) => p.items.some((i) => i.kind === 'image' && i.bleed)).map((p) => p.kind);
    expect(bleedKinds).toEqual(['cover', 'back-cover']);
  });

  it('requires 主编, 印刷 and 发行 on the colophon, by field', () => {
    expect(preflight(lib, issueId, 'print', null, null).errors.filter((e) => e.code === 'required_item_missing')).toEqual([]);
    lib.db.prepare(`DELETE FROM colophon_row WHERE issue_id = ? AND grp = 'production'`).run(issueId);
    lib.db.prepare(`UPDATE colophon SET chief_editor_name = '' WHERE issue_id = ?`).run(issueId);
    const missing = preflight(lib, issueId, 'print', null, null).errors.filter((e) => e.code === 'required_item_missing');
    expect(missing.map((e) => e.target.field).sort()).toEqual(['chiefEditor', 'distributor', 'printer']);
    expect(missing.map((e) => e.params.item).sort()).toEqual(['主编', '印刷', '发行'].sort());
  });

  it('words a required item and its page in the reader’s language, never the raw "colophon"', () => {
    lib.db.prepare(`DELETE FROM colophon_row WHERE issue_id = ? AND grp = 'production' AND label LIKE '%印刷%'`).run(issueId);
    const [item] = preflight(lib, issueId, 'print', null, null).errors.filter((e) => e.code === 'required_item_missing');
    expect(item).toBeDefined();
    const zh = preflightItemLine(createTranslator('zh-CN'), item!);
    expect(zh).toContain('版权页');
    expect(zh).toContain('印刷');
    expect(zh).not.toMatch(/colophon/u);
    const en = preflightItemLine(createTranslator('en'), item!);
    expect(en).toContain('printer');
  });

  it('warns about an article page under the design’s fill, and not about blank pad pages', () => {
    const grid = gridFor(DEFAULT_ISSUE_DESIGN.page);
    const fills = articlePageFills(layout, grid, DEFAULT_ISSUE_DESIGN.columns);
    const kinds = new Set(fills.map((f) => layout.document.pages[f.pageIndex]!.kind));
    expect([...kinds].every((k) => k === 'body' || k === 'opener')).toBe(true);
    const low = fills.filter((f) => f.fill < DEFAULT_ISSUE_DESIGN.minPageFill);
    const warned = preflight(lib, issueId, 'screen', layout, null).warnings.filter((w) => w.code === 'underfilled_page');
    expect(warned.map((w) => w.target.page)).toEqual(low.map((f) => layout.pageLabels[f.pageIndex]));
    // A setting of 0 turns the check off; a high one flags every page short of it.
    const input = gatherPreflightInput(lib, issueId, 'screen', layout, null);
    expect(runChecks({ ...input, layout: { ...input.layout!, minPageFill: 0 } }).warnings.filter((w) => w.code === 'underfilled_page')).toEqual([]);
    const strict = runChecks({ ...input, layout: { ...input.layout!, minPageFill: 0.99 } }).warnings.filter((w) => w.code === 'underfilled_page');
    expect(strict.length).toBeGreaterThan(low.length);
    expect(strict[0]!.params.percent).toBeLessThan(99);
  });

  it('measures a page’s fill from its lines and pictures inside the type area', () => {
    const grid = gridFor(DEFAULT_ISSUE_DESIGN.page);
    const colW = 225;
    const page = (lines: number, columns: number, image = false): DisplayPage => ({
      index: 0,
      folio: '05',
      kind: 'body',
      boxes: { trimW: grid.trimW, trimH: grid.trimH, bleed: grid.bleed },
      items: image ? [{ kind: 'image', x: grid.left, y: grid.top, w: grid.width, h: grid.blockHeight / 2, photoId: 1, placeholder: false }] : [],
      lines: Array.from({ length: columns }, (_, c) =>
        Array.from({ length: lines }, (_, k) => ({
          lineId: `${c}:${k}`,
          x: grid.left + c * (grid.width - colW),
          y: grid.top + k * grid.pitch,
          w: colW,
          h: grid.pitch,
          baseline: grid.top + k * grid.pitch + 12,
          source: { owner: 1, blockIndex: 0, start: 0, end: 1 },
          text: '字',
        })),
      ).flat(),
    });
    const full = pageFill(page(grid.lines, 2), grid, 2);
    expect(full.fill).toBeGreaterThan(0.9);
    expect(full.emptyColumns).toBe(0);
    const tail = pageFill(page(5, 1), grid, 2);
    expect(tail.fill).toBeLessThan(0.1);
    expect(tail.emptyColumns).toBe(1);
    // A half-page picture covers half the type area.
    expect(pageFill(page(0, 0, true), grid, 2).fill).toBeCloseTo(0.5, 1);
  });

  it('judges a photo’s resolution at the size the layout places it, and an unplaced photo not at all', async () => {
    const article = createLibraryService(lib).getIssueOutline({ issueId }).sections[2]!.articles[0]!;
    const bytes = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#806040' } }).jpeg().toBuffer();
    const photo = await importPhotoFile(lib, { issueId, articleId: article.id, placement: 'article', fileName: 'p.jpg', bytes, caption: '代表视察。', credit: { kind: '摄影', name: '甲' } });
    // Imported but shown by no caption: it prints nowhere, so it has no placed size.
    const unplaced = getIssueLayout(lib, issueId);
    expect(unplaced.photoFrames.some((f) => f.photoId === photo.id)).toBe(false);
    expect(preflight(lib, issueId, 'print', unplaced, null).errors.concat(preflight(lib, issueId, 'print', unplaced, null).warnings).filter((i) => i.code === 'low_resolution')).toEqual([]);
    // Placed in the body: judged at its frame.
    expect(placePhotoInArticle(lib, photo)).not.toBeNull();
    const placed = getIssueLayout(lib, issueId);
    const frame = placed.photoFrames.find((f) => f.photoId === photo.id)!;
    expect(frame).toBeDefined();
    const item = [...preflight(lib, issueId, 'print', placed, null).errors, ...preflight(lib, issueId, 'print', placed, null).warnings].find((i) => i.code === 'low_resolution' && i.target.photoId === photo.id)!;
    expect(item).toBeDefined();
    expect(item.params.ppi).toBe(Math.round(effectivePpi(600, 400, { w: frame.w, h: frame.h })));
  });
});
