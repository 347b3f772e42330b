// Acceptance: one new user's desk flow in browser mode, without the command line. 新建一期 2026年第2期
// from the sample issue, a Word manuscript imported into a new article of it, a credited photo placed in
// that article, a page budget on its 台版 chip with the copyfit badge, the article and its photo frame on
// the 版面 thumbnails, and the print PDF exported (with the 主编's override reason: never proofread) and fetched.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { unexpectedProblems, waitFor } from '../support/browser';
import { SCREENSHOTS_DIR, useBrowserApp, waitSaved } from '../support/app';
import { buildDocx } from '../fixtures/manuscripts/build-docx';

/** Flatplan, page thumbnails, preflight and export each lay out the whole issue; cold on two cores that is slow. */
const LAYOUT_TIMEOUT_MS = 180_000;
const FLOW_TIMEOUT_MS = 600_000;

const app = useBrowserApp({ screenshots: true });

const shot = (page: Page, step: string) => page.screenshot({ path: join(SCREENSHOTS_DIR, `desk-flow-${step}.png`) });

const MANUSCRIPT_TITLE = '街道选民议事会观察';

async function manuscriptDocx(): Promise<Buffer> {
  const paragraph = '各街道普遍建立选民议事会，代表定期进站听取意见，把群众反映集中的问题梳理成建议，推动有关部门限期答复、跟踪落实。';
  return buildDocx([
    { kind: 'p', style: 'Title', runs: [MANUSCRIPT_TITLE] },
    { kind: 'p', runs: ['文 / 本刊 王五'] },
    { kind: 'p', runs: ['今年以来，', { text: '议事会', bold: true }, '成为代表联系群众的新平台。'] },
    { kind: 'p', style: 'Heading1', runs: ['一、议事有章可循'] },
    ...Array.from({ length: 6 }, () => ({ kind: 'p' as const, runs: [paragraph] })),
    { kind: 'p', style: 'Heading1', runs: ['二、办理见到实效'] },
    ...Array.from({ length: 6 }, () => ({ kind: 'p' as const, runs: [paragraph] })),
  ]);
}

interface PhotoRecord { id: number; caption: string; credit: { kind: string; name: string } | null }

/** The photo as the library holds it (what preflight and export read), asked through the page's transport. */
async function photoRecord(page: Page, issueId: number, photoId: number): Promise<PhotoRecord | undefined> {
  const answer = (await page.evaluate(
    // Runs in the page; globalThis is its window there.
    (input) => (globalThis as unknown as { qikanTransport: { listPhotos(i: unknown): Promise<unknown> } }).qikanTransport.listPhotos(input),
    { issueId },
  )) as { ok: boolean; value?: PhotoRecord[] };
  return answer.ok ? answer.value!.find((p) => p.id === photoId) : undefined;
}

const flatplanReady = (page: Page) =>
  waitFor(() => page.getByTestId('flatplan').getAttribute('data-state'), (s) => s === 'ready', 'the flatplan', LAYOUT_TIMEOUT_MS);

describe('desk flow', () => {
  it('makes 2026年第2期 from the sample, fills an article from Word with a credited photo, budgets it, and exports the print PDF', async () => {
    const session = await app.open();
    const page = session.page;
    await page.setViewportSize({ width: 1500, height: 950 });

    // 1. 新建一期 from the library screen.
    await page.getByTestId('new-issue').click();
    const dialog = page.getByTestId('new-issue-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('new-issue-preview').textContent()).toContain('2026年第2期（总第314期）');
    await shot(page, '1-new-issue-dialog');
    await dialog.getByRole('button', { name: '新建', exact: true }).click();
    await page.waitForURL(/#\/issue\/\d+\/flatplan$/);
    const issueId = Number(/#\/issue\/(\d+)\//.exec(page.url())![1]);
    await flatplanReady(page);
    await shot(page, '2-new-issue-flatplan');

    // 2. A Word manuscript into a new article of the second 栏目.
    const section = page.locator('.outline-section').nth(1);
    await section.waitFor();
    const sectionName = (await section.locator('.section-name').textContent())!.trim();
    const articlesBefore = await section.locator('.article-row').count();
    await section.getByTestId('import-manuscript-file').setInputFiles({
      name: '议事会.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await manuscriptDocx(),
    });
    await page.getByTestId('manuscript-preview').waitFor();
    expect(await page.getByTestId('manuscript-preview-title').textContent()).toBe(MANUSCRIPT_TITLE);
    // The section has empty （待定） slots; the dialog offers to fill one, and this flow adds a new article.
    await page.getByTestId('manuscript-target-new').check();
    await shot(page, '3-manuscript-preview');
    await page.getByTestId('manuscript-commit').click();
    await page.getByTestId('manuscript-dialog').waitFor({ state: 'detached' });
    await waitFor(() => section.locator('.article-row').count(), (n) => n === articlesBefore + 1, 'the new article in the outline');
    await waitFor(() => page.locator('.article-row.selected .article-title').textContent(), (t) => t === MANUSCRIPT_TITLE, 'the new article selected');
    await page.waitForURL(new RegExp(`#/issue/${issueId}/article/\\d+$`));
    const articleId = Number(/\/article\/(\d+)$/.exec(page.url())![1]);
    await page.locator('.body-content').waitFor();
    await waitFor(() => page.locator('.body-content').innerText(), (t) => t.includes('议事有章可循') && t.includes('办理见到实效'), 'the manuscript in the editor');

    // 3. A photo picked through the editor's file input, credited 摄影 and a name.
    const png = await sharp({ create: { width: 1800, height: 1200, channels: 3, background: { r: 70, g: 110, b: 160 } } }).png().toBuffer();
    await page.locator('.body-content > p').first().click();
    await page.getByTestId('photo-file-input').setInputFiles({ name: '议事会现场.png', mimeType: 'image/png', buffer: png });
    const panel = page.getByTestId('photo-panel');
    await panel.waitFor();
    const photoId = Number(await panel.getAttribute('data-photo-id'));
    expect(photoId).toBeGreaterThan(0);
    const block = page.locator(`.body-content .qk-caption[data-photo-id="${photoId}"]`);
    await page.keyboard.type('选民议事会现场');
    await panel.getByLabel('署名类型').selectOption('摄影');
    await panel.getByLabel('署名', { exact: true }).fill('赵六');
    await waitFor(() => block.getAttribute('data-credit'), (c) => c === '摄影/赵六', 'the credit on the photo block');
    expect(await block.getAttribute('data-warning')).toBeNull();
    await waitFor(
      () => page.locator(`[data-testid="preview"] .pv-image[data-photo-id="${photoId}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('class'))),
      (classes) => classes.length === 1 && !classes[0]!.includes('pv-placeholder'),
      'the photo framed in the page preview',
      LAYOUT_TIMEOUT_MS,
    );
    await waitSaved(page);
    await shot(page, '4-article-with-photo');
    // The saved article carries the block's caption and credit to the photo's own record (without
    // leaving the field first: the user goes straight on to the flatplan).
    await waitFor(
      () => photoRecord(page, issueId, photoId),
      (photo) => photo?.credit?.kind === '摄影' && photo.credit.name === '赵六' && photo.caption === '选民议事会现场',
      'the caption and credit on the photo record',
    );

    // 4. A page budget on the article's 台版 chip, and the copyfit badge.
    await page.getByRole('tab', { name: '台版' }).click();
    await flatplanReady(page);
    const chip = page.locator(`[data-testid="flatplan-chip"][data-article-id="${articleId}"]`);
    await chip.waitFor();
    expect(await chip.textContent()).toContain(MANUSCRIPT_TITLE);
    await chip.getByTestId('budget-input').fill('2');
    await chip.getByTestId('budget-input').press('Enter');
    const copyfit = await waitFor(() => chip.getAttribute('data-copyfit'), (s) => s === 'under' || s === 'over' || s === 'fits', 'the copyfit state after the budget', LAYOUT_TIMEOUT_MS);
    const badge = (await chip.getByTestId('copyfit').textContent())!;
    if (copyfit === 'over') expect(badge).toMatch(/^超 \d+ 行$/);
    else expect(badge.trim().length).toBeGreaterThan(0);
    await flatplanReady(page);
    await chip.scrollIntoViewIfNeeded();
    await shot(page, '5-flatplan-budget');

    // 5. The 版面 thumbnails carry the article, its photo a framed photo, not a placeholder.
    await page.getByRole('tab', { name: '版面' }).click();
    await waitFor(() => page.getByTestId('issue-pages').getAttribute('data-state'), (s) => s === 'ready', 'the laid-out pages', LAYOUT_TIMEOUT_MS);
    const carrying = page.getByTestId('page-thumb').filter({ hasText: MANUSCRIPT_TITLE });
    expect(await carrying.count()).toBeGreaterThan(0);
    expect(await carrying.first().textContent()).toContain(sectionName);
    const frames = page.locator(`[data-testid="page-thumb"] .th-image[data-photo-id="${photoId}"]`);
    const frameClasses = await waitFor(() => frames.evaluateAll((els) => els.map((e) => e.getAttribute('class') ?? '')), (c) => c.length > 0, 'the photo frame on a thumbnail');
    expect(frameClasses.every((c) => !c.includes('placeholder'))).toBe(true);
    await frames.first().scrollIntoViewIfNeeded();
    await shot(page, '6-pages');

    // 6. The print PDF from the export dialog: the credited photo leaves no preflight error of its own (the
    // empty （待定） slots only warn); the one error is that the new issue was never proofread while the
    // publication works under 三审三校, which the 主编 (this person holds the role) overrides with a reason.
    await page.getByRole('button', { name: '导出 PDF…' }).click();
    await page.getByTestId('export-dialog').waitFor();
    expect(await page.getByLabel('印刷 PDF（PDF/X）').isChecked()).toBe(true);
    await waitFor(() => page.getByTestId('preflight').getAttribute('data-state'), (s) => s === 'ready', 'the preflight result', LAYOUT_TIMEOUT_MS);
    await shot(page, '7-preflight');
    const start = page.locator('button.export-start');
    const errorCodes = await page.getByTestId('preflight-errors').getByTestId('preflight-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(errorCodes).toEqual(['not_proofread']);
    expect(await start.isEnabled()).toBe(false);
    await page.getByLabel('放行理由').fill('样刊先行打样，三审三校随后进行');
    expect(await start.isEnabled()).toBe(true);
    await start.click();
    await page.getByTestId('export-progress').waitFor();
    const state = await waitFor(() => page.getByTestId('export-progress').getAttribute('data-state'), (s) => s !== 'running', 'the export to end', LAYOUT_TIMEOUT_MS);
    expect(state, (await page.getByTestId('export-stage').textContent()) ?? '').toBe('done');
    expect(await page.getByTestId('export-done').textContent()).toMatch(/已导出 .+\.pdf：\d+ 页/);
    await page.getByRole('button', { name: '显示文件' }).click();
    const link = page.getByTestId('export-download');
    await link.waitFor();
    await shot(page, '8-exported');
    const file = await page.evaluate(async (url) => {
      const res = await fetch(url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, head: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length };
    }, (await link.getAttribute('href'))!);
    expect(file.status).toBe(200);
    expect(file.head).toBe('%PDF-');
    expect(file.size).toBeGreaterThan(10_000);
    expect(unexpectedProblems(session.problems)).toEqual([]);
  }, FLOW_TIMEOUT_MS);
});
