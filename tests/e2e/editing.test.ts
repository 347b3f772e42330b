// The issue outline and the article editor in Chromium against the real server and a fresh library.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unexpectedProblems, waitFor } from '../support/browser';
import { openFirstIssue, useBrowserApp, waitSaved } from '../support/app';

const sample = JSON.parse(readFileSync(resolve(__dirname, '../../resources/sample-issue-2026-01.json'), 'utf8')) as {
  sections: { name: string; articles: { titleLines: string[] }[] }[];
};
const SECTION_NAMES = sample.sections.map((s) => s.name);

const app = useBrowserApp();

async function openSampleIssue(): Promise<Page> {
  return openFirstIssue((await app.open()).page);
}

const sectionNames = (page: Page) => page.locator('.section-name').allTextContents();
const articleTitlesIn = (page: Page, section: string) =>
  page.locator('.outline-section', { has: page.locator('.section-name', { hasText: section }) }).locator('.article-title').allTextContents();

/** Waits for the article to be saved and checks the indicator says so in words. */
async function waitSavedAndShown(page: Page) {
  await waitSaved(page);
  expect(await page.locator('[data-save-state]').textContent()).toBe('已保存');
}

describe('issue outline and article editor', () => {
  it('opens the sample issue with its nine sections', async () => {
    const page = await openSampleIssue();
    expect(await page.locator('.crumb').textContent()).toBe('2026年第1期（总第313期）');
    expect(await sectionNames(page)).toEqual(SECTION_NAMES);
    expect(SECTION_NAMES).toHaveLength(9);
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('saves body and title edits automatically; they survive a reload', async () => {
    const page = await openSampleIssue();
    await page.locator('.article-row').nth(1).click();
    const body = page.locator('.body-content');
    await body.waitFor();
    const before = Number(await page.getByTestId('char-count').getAttribute('data-count'));

    await body.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('编辑部追加');
    await waitFor(() => page.getByTestId('char-count').getAttribute('data-count'), (n) => Number(n) === before + 5, 'the count from the save answer');
    await waitSavedAndShown(page);

    const title = page.getByLabel('标题（每行一行）');
    await title.fill('新的标题\n第二行');
    await waitSavedAndShown(page);
    await waitFor(() => page.locator('.article-row.selected .article-title').textContent(), (t) => t === '新的标题 第二行', 'the outline title');

    // An edit left before its pause ends is written on the way out.
    await title.fill('新的标题\n第二行\n第三行');
    await page.locator('.article-row').nth(2).click();
    await page.locator('.article-row').nth(1).click();
    await waitFor(() => page.getByLabel('标题（每行一行）').inputValue().catch(() => ''), (v) => v === '新的标题\n第二行\n第三行', 'the edit kept over switching');
    await title.fill('新的标题\n第二行');
    await waitSavedAndShown(page);

    await page.reload();
    await page.locator('.body-content').waitFor();
    expect(await page.locator('.body-content').textContent()).toContain('编辑部追加');
    expect(await page.getByLabel('标题（每行一行）').inputValue()).toBe('新的标题\n第二行');
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('changes a block kind and keeps it after a reload', async () => {
    const page = await openSampleIssue();
    await page.locator('.article-row').nth(1).click();
    const firstBlock = page.locator('.body-content > *').first();
    await firstBlock.click();
    await page.getByLabel('段落样式').selectOption('note');
    await waitFor(() => firstBlock.getAttribute('class'), (c) => !!c && c.includes('qk-note'), 'a note block');
    await waitSavedAndShown(page);
    await page.reload();
    await page.locator('.body-content').waitFor();
    expect(await page.locator('.body-content > *').first().getAttribute('class')).toContain('qk-note');
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('reorders articles by keyboard (also across sections) and by drag and drop; the order persists', async () => {
    const page = await openSampleIssue();
    const section = SECTION_NAMES[2]!;
    const original = await articleTitlesIn(page, section);
    expect(original.length).toBeGreaterThan(3);

    // Alt+↓ on the first article swaps it with the second.
    await page.locator('.article-row', { hasText: original[0]! }).focus();
    await page.keyboard.press('Alt+ArrowDown');
    const swapped = [original[1]!, original[0]!, ...original.slice(2)];
    await waitFor(() => articleTitlesIn(page, section), (t) => JSON.stringify(t) === JSON.stringify(swapped), 'the keyboard move');
    // Focus stays on the moved row, so Alt+↑ twice takes it to the end of the previous section.
    await page.keyboard.press('Alt+ArrowUp');
    await waitFor(() => articleTitlesIn(page, section), (t) => JSON.stringify(t) === JSON.stringify(original), 'the move back');
    await page.keyboard.press('Alt+ArrowUp');
    await waitFor(() => articleTitlesIn(page, SECTION_NAMES[1]!), (t) => t.at(-1) === original[0], 'the move into the previous section');
    await page.keyboard.press('Alt+ArrowDown');
    await waitFor(() => articleTitlesIn(page, section), (t) => JSON.stringify(t) === JSON.stringify(original), 'the move back across');

    // Drag the third article onto the top edge of the first: it lands first.
    const third = page.locator('.article-row', { hasText: original[2]! });
    const first = page.locator('.article-row', { hasText: original[0]! });
    await third.dragTo(first, { targetPosition: { x: 40, y: 2 } });
    const dragged = [original[2]!, original[0]!, original[1]!, ...original.slice(3)];
    await waitFor(() => articleTitlesIn(page, section), (t) => JSON.stringify(t) === JSON.stringify(dragged), 'the drop');

    await page.reload();
    await page.locator('.section-row').first().waitFor();
    expect(await articleTitlesIn(page, section)).toEqual(dragged);
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('adds a section and an article in it (which opens), then deletes the article after confirming', async () => {
    const page = await openSampleIssue();
    await page.getByRole('button', { name: '+ 新建栏目' }).click();
    const name = page.getByLabel('栏目名称');
    await name.fill('特别策划');
    await name.press('Enter');
    await waitFor(() => sectionNames(page), (n) => n.at(-1) === '特别策划', 'the new section');

    const row = page.locator('.section-row', { hasText: '特别策划' });
    await row.hover();
    await row.getByRole('button', { name: '新建文章', exact: true }).click();
    const title = page.getByLabel('文章标题');
    await title.fill('新文章');
    await title.press('Enter');
    await waitFor(() => articleTitlesIn(page, '特别策划'), (t) => t.join() === '新文章', 'the new article');
    await waitFor(() => page.getByLabel('标题（每行一行）').inputValue().catch(() => ''), (v) => v === '新文章', 'the new article open');

    await page.reload();
    await page.locator('.section-row').first().waitFor();
    expect(await articleTitlesIn(page, '特别策划')).toEqual(['新文章']);
    const articleRow = page.locator('.article-row', { hasText: '新文章' });
    await articleRow.hover();
    await articleRow.getByRole('button', { name: '删除' }).click();
    const dialog = page.locator('dialog.confirm');
    expect(await dialog.textContent()).toContain('“新文章”');
    await dialog.getByRole('button', { name: '删除' }).click();
    await waitFor(() => articleTitlesIn(page, '特别策划'), (t) => t.length === 0, 'the deletion');
    expect(await page.locator('.placeholder').textContent()).toBe('请在左侧目录中选择一篇文章。');
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('renames a section inline and deletes one after confirming', async () => {
    const page = await openSampleIssue();
    await page.locator('.section-name', { hasText: SECTION_NAMES[0]! }).dblclick();
    const input = page.getByLabel('栏目名称');
    await input.fill('卷首语（改）');
    await input.press('Enter');
    await waitFor(() => sectionNames(page), (n) => n[0] === '卷首语（改）', 'the rename');

    const victim = SECTION_NAMES[3]!;
    const row = page.locator('.section-row', { hasText: victim });
    await row.hover();
    await row.getByRole('button', { name: '删除' }).click();
    const dialog = page.locator('dialog.confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`“${victim}”`);
    // Cancelling keeps it.
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await sectionNames(page)).toContain(victim);
    await row.hover();
    await row.getByRole('button', { name: '删除' }).click();
    await dialog.getByRole('button', { name: '删除' }).click();
    await waitFor(() => sectionNames(page), (n) => !n.includes(victim), 'the deletion');

    await page.reload();
    await page.locator('.section-row').first().waitFor();
    const names = await sectionNames(page);
    expect(names).toHaveLength(8);
    expect(names[0]).toBe('卷首语（改）');
    expect(names).not.toContain(victim);
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });
});
