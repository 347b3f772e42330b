// The whole-issue page thumbnails (版面) in Chromium against the real server and a fresh library holding
// the sample issue: covers, contents and article pages with their labels; a click opens the article.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unexpectedProblems, waitFor } from '../support/browser';
import { openFirstIssue, useBrowserApp } from '../support/app';

/** Laying out the whole issue cold (fonts read, 23 articles set) takes a while on two cores. */
const LAYOUT_TIMEOUT_MS = 120_000;

const app = useBrowserApp();

async function openPagesView(locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const { page } = await app.open();
  if (locale === 'en') await page.getByRole('button', { name: 'English' }).click();
  await openFirstIssue(page, locale === 'en' ? 'Open' : '打开');
  await page.getByRole('tab', { name: locale === 'en' ? 'Pages' : '版面' }).click();
  await waitFor(() => page.getByTestId('issue-pages').getAttribute('data-state'), (s) => s === 'ready', 'the laid-out pages', LAYOUT_TIMEOUT_MS);
  return page;
}

const thumbs = (page: Page) =>
  page.getByTestId('page-thumb').evaluateAll((els) => els.map((e) => ({ label: e.getAttribute('data-label'), kind: e.getAttribute('data-kind'), text: e.textContent ?? '' })));

describe('issue page thumbnails', () => {
  it('shows the sample issue cover to back cover in spreads, with labels, kinds and the articles pages carry', async () => {
    const page = await openPagesView();
    expect(page.url()).toMatch(/#\/issue\/\d+\/pages$/);
    const all = await thumbs(page);
    expect(all.length).toBeGreaterThan(20);
    expect(all[0]).toMatchObject({ label: '封一', kind: 'cover' });
    expect(all.at(-1)).toMatchObject({ label: '封四', kind: 'back-cover' });
    expect(all.some((p) => p.kind === 'contents')).toBe(true);
    expect(all.some((p) => p.kind === 'colophon')).toBe(true);
    expect(all.map((p) => p.label)).toContain('01');
    expect(all.map((p) => p.label)).toContain('02');
    // Numbered pages count up from 01 in print order.
    const folios = all.map((p) => p.label).filter((l): l is string => !!l && /^\d+$/.test(l)).map(Number);
    expect(folios).toEqual([...folios].sort((a, b) => a - b));
    expect(new Set(folios).size).toBe(folios.length);
    // Article pages name their 栏目 and article.
    const firstTitle = (await page.locator('.article-title').first().textContent())!;
    const firstSection = (await page.locator('.section-name').first().textContent())!;
    const carrying = all.find((p) => p.text.includes(firstTitle));
    expect(carrying, `a page carrying ${firstTitle}`).toBeDefined();
    expect(carrying!.text).toContain(firstSection);
    expect(all.filter((p) => p.kind === 'opener' || p.kind === 'body').length).toBeGreaterThan(10);
    // Spreads: the front cover alone, then pairs.
    const spreadSizes = await page.getByTestId('spread').evaluateAll((els) => els.map((e) => e.querySelectorAll('[data-testid="page-thumb"]').length));
    expect(spreadSizes[0]).toBe(1);
    expect(spreadSizes.slice(1, -1).every((n) => n === 2)).toBe(true);
    // The masthead is drawn in large type from glyph outlines, body text greeked.
    await waitFor(() => page.locator('[data-testid="page-thumb"]').first().locator('use').count(), (n) => n > 0, 'large type on the cover');
    expect(await page.locator('.th-bar').count()).toBeGreaterThan(100);
    expect(await page.getByTestId('pages-summary').textContent()).toContain(`共 ${all.length} 页`);
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  }, LAYOUT_TIMEOUT_MS);

  it('opens the article a page carries, and the Article tab returns to the editor', async () => {
    const page = await openPagesView();
    const opener = page.locator('[data-testid="page-thumb"][data-kind="opener"]').first();
    const title = (await opener.locator('.ip-article').first().textContent())!;
    await opener.locator('button.ip-thumb').click();
    await page.locator('.body-content').waitFor();
    expect(page.url()).toMatch(/#\/issue\/\d+\/article\/\d+$/);
    expect(await page.locator('.article-row.selected .article-title').textContent()).toBe(title);
    expect(await page.getByRole('tab', { name: '文章' }).getAttribute('aria-selected')).toBe('true');
    // Back to the pages and again to the article tab: the same article is open.
    await page.getByRole('tab', { name: '版面' }).click();
    await page.getByTestId('page-thumb').first().waitFor();
    await page.getByRole('tab', { name: '文章' }).click();
    await page.locator('.body-content').waitFor();
    expect(await page.locator('.article-row.selected .article-title').textContent()).toBe(title);
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  }, LAYOUT_TIMEOUT_MS);

  it('speaks English when the interface is in English', async () => {
    const page = await openPagesView('en');
    const all = await thumbs(page);
    expect(all[0]).toMatchObject({ label: 'Cover 1' });
    expect(all[0]!.text).toContain('Front cover');
    expect(await page.getByTestId('pages-summary').textContent()).toContain(`${all.length} pages`);
  }, LAYOUT_TIMEOUT_MS);
});
