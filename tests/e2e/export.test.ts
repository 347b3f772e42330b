// The export dialog in Chromium against the real server on a fresh library with the sample issue:
// preflight first (the sample's placeholder photos listed), a screen PDF and a print PDF (with an override
// reason, forced by an empty section), each ending in a download link that answers with a PDF.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unexpectedProblems, waitFor } from '../support/browser';
import { openFirstIssue, useBrowserApp } from '../support/app';

/** Preflight and export lay out the whole issue; cold on two cores that takes a while. */
const SLOW_MS = 180_000;

const app = useBrowserApp();

async function openExportDialog(): Promise<Page> {
  const { page } = await app.open();
  await openFirstIssue(page);
  await page.getByRole('button', { name: '导出 PDF…' }).click();
  await page.getByTestId('export-dialog').waitFor();
  return page;
}

async function waitPreflight(page: Page) {
  await waitFor(() => page.getByTestId('preflight').getAttribute('data-state'), (s) => s === 'ready', 'the preflight result', SLOW_MS);
}

/** Exports, waits for the end, asks for the file and fetches it from the page; returns its first bytes. */
async function exportAndFetch(page: Page): Promise<{ head: string; status: number; type: string | null }> {
  await page.locator('button.export-start').click();
  await page.getByTestId('export-progress').waitFor();
  const state = await waitFor(() => page.getByTestId('export-progress').getAttribute('data-state'), (s) => s !== 'running', 'the export to end', SLOW_MS);
  expect(state, (await page.getByTestId('export-stage').textContent()) ?? '').toBe('done');
  expect(await page.getByTestId('export-done').textContent()).toMatch(/已导出 .+\.pdf：\d+ 页，[\d.,]+ (KB|MB)，用时 [\d.]+ 秒。/);
  await page.getByRole('button', { name: '显示文件' }).click();
  const link = page.getByTestId('export-download');
  await link.waitFor();
  const href = (await link.getAttribute('href'))!;
  return page.evaluate(async (url) => {
    const res = await fetch(url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { head: String.fromCharCode(...bytes.slice(0, 5)), status: res.status, type: res.headers.get('content-type') };
  }, href);
}

describe('export dialog', () => {
  it('lists preflight before exporting, with the placeholder photos, and items click through', async () => {
    const page = await openExportDialog();
    await waitPreflight(page);
    const placeholders = page.getByTestId('preflight-placeholders');
    await placeholders.waitFor();
    const items = await placeholders.getByTestId('preflight-item').allTextContents();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((t) => t.startsWith('占位图框，尚无照片文件'))).toBe(true);
    expect(await page.getByTestId('preflight-summary').textContent()).toMatch(/\d+ 个错误 · \d+ 个警告 · [1-9]\d* 个占位图/);
    // Print is the default: PDF/X-1a with marks.
    expect(await page.getByLabel('印刷 PDF（PDF/X）').isChecked()).toBe(true);
    expect(await page.getByRole('combobox', { name: /^标准/ }).inputValue()).toBe('x1a');
    expect(await page.getByLabel('裁切线与套准标记').isChecked()).toBe(true);
    // An item concerning an article opens it.
    const articleLink = page.locator('[data-testid="preflight-item"] button.pf-target', { hasText: '《' }).first();
    if ((await articleLink.count()) > 0) {
      await articleLink.click();
      await page.locator('.body-content').waitFor();
      expect(await page.getByTestId('export-dialog').count()).toBe(0);
    }
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  }, SLOW_MS);

  it('exports a screen PDF and offers it for download', async () => {
    const page = await openExportDialog();
    await page.getByLabel('屏幕 PDF（校样与网站）').check();
    await waitPreflight(page);
    const file = await exportAndFetch(page);
    expect(file.status).toBe(200);
    expect(file.head).toBe('%PDF-');
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  }, SLOW_MS);

  it('blocks a print PDF on a preflight error until an override reason is given, then exports it', async () => {
    const page = await openFirstIssue((await app.open()).page);
    // An empty section is a preflight error: the print export must need an override.
    await page.getByRole('button', { name: '+ 新建栏目' }).click();
    const name = page.getByLabel('栏目名称');
    await name.fill('待组稿栏目');
    await name.press('Enter');
    await page.locator('.section-name', { hasText: '待组稿栏目' }).waitFor();
    await page.getByRole('button', { name: '导出 PDF…' }).click();
    await waitPreflight(page);
    const errors = page.getByTestId('preflight-errors');
    expect(await errors.getByTestId('preflight-item').allTextContents()).toContain('栏目“待组稿栏目”没有文章栏目“待组稿栏目”');
    const start = page.locator('button.export-start');
    expect(await start.isDisabled()).toBe(true);
    await page.getByLabel('放行理由').fill('空栏目下期撤销，本期先出校样');
    expect(await start.isEnabled()).toBe(true);
    const file = await exportAndFetch(page);
    expect(file.status).toBe(200);
    expect(file.head).toBe('%PDF-');
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  }, SLOW_MS);
});
