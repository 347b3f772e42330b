// Importing manuscripts in Chromium against the real server: a Word file and a GBK text file through
// the outline's 导入稿件 button, the preview with joins to review, the new article open in the editor,
// a refused file named with its problem, a body replaced on an existing article, and a manuscript filling
// the first empty slot of a new issue's section.
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unexpectedProblems, waitFor } from '../support/browser';
import { openFirstIssue, SCREENSHOTS_DIR, useBrowserApp } from '../support/app';
import { pngBytes, sampleManuscriptDocx } from '../fixtures/manuscripts/build-docx';

const app = useBrowserApp({ screenshots: true });

async function openSampleIssue(): Promise<Page> {
  return openFirstIssue((await app.open()).page);
}

/** Calls the API from the page, through the transport the app uses. */
async function callApi<T>(page: Page, method: string, input: unknown): Promise<T> {
  const answer = (await page.evaluate(
    // Runs in the page; globalThis is its window there.
    ([m, i]) => (globalThis as unknown as { qikanTransport: Record<string, (input: unknown) => Promise<unknown>> }).qikanTransport[m as string]!(i),
    [method, input] as const,
  )) as { ok: boolean; value?: T; error?: unknown };
  if (!answer.ok) throw new Error(`${method} failed: ${JSON.stringify(answer.error)}`);
  return answer.value!;
}

const section = (page: Page, index: number) => page.locator('.outline-section').nth(index);

async function chooseManuscript(page: Page, sectionIndex: number, file: { name: string; mimeType: string; buffer: Buffer }) {
  await section(page, sectionIndex).getByTestId('import-manuscript-file').setInputFiles(file);
  await page.getByTestId('manuscript-dialog').waitFor();
}

/** The text of the open article's body, as the editor shows it. */
const bodyText = (page: Page) => page.locator('.body-content').innerText();

const GBK_TEXT = [
  '代表建议办理工作侧记',
  '文 / 本刊 李四',
  '　　今年以来，市人大常委会把代表建议办理',
  '作为联系群众的重要渠道，推动一批',
  '群众急难愁盼问题得到解决。',
  '　　下一步，常委会将继续跟踪督办。',
].join('\r\n');

describe('manuscript import', () => {
  it('imports a .docx into a new article after showing the preview, and opens it in the editor', async () => {
    const page = await openSampleIssue();
    const before = await section(page, 1).locator('.article-row').count();
    await chooseManuscript(page, 1, { name: '监督综述.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await sampleManuscriptDocx() });
    const preview = page.getByTestId('manuscript-preview');
    await preview.waitFor();
    expect(await page.getByTestId('manuscript-preview-title').textContent()).toBe('让监督更有力量');
    expect(await preview.locator('.manuscript-block').count()).toBe(11);
    expect(await preview.locator('.manuscript-block.kind-caption').textContent()).toContain('常委会组成人员视察养老驿站');
    expect(await preview.locator('.manuscript-block.kind-note').textContent()).toContain('[1] 见《北京人大》2025年第12期。');
    expect(await preview.locator('.manuscript-images').textContent()).toContain('image1.png：40 × 30 像素');
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'import-preview-docx.png') });

    await page.getByTestId('manuscript-commit').click();
    await page.getByTestId('manuscript-dialog').waitFor({ state: 'detached' });
    await waitFor(() => section(page, 1).locator('.article-row').count(), (n) => n === before + 1, 'the new article in the outline');
    await waitFor(() => page.locator('.article-row.selected .article-title').textContent(), (t) => t === '让监督更有力量', 'the new article selected');
    await page.locator('.body-content').waitFor();
    await waitFor(() => bodyText(page), (t) => t.includes('坚持问题导向') && t.includes('听取专项报告'), 'the manuscript in the editor');
    expect(await page.locator('.body-content strong, .body-content b, .body-content [class*="bold"]').first().textContent()).toBe('坚持问题导向');
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'import-docx-opened.png') });
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('imports a GBK .txt with its joins reviewed: one join undone stays a paragraph break', async () => {
    const page = await openSampleIssue();
    await chooseManuscript(page, 2, { name: '侧记.txt', mimeType: 'text/plain', buffer: iconv.encode(GBK_TEXT, 'gbk') });
    const preview = page.getByTestId('manuscript-preview');
    await preview.waitFor();
    expect(await page.locator('.manuscript-file').textContent()).toContain('gb18030');
    const toggles = preview.getByTestId('join-toggle');
    expect(await toggles.count()).toBe(2);
    await toggles.nth(1).click();
    expect(await toggles.nth(1).getAttribute('aria-pressed')).toBe('false');
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'import-preview-text-joins.png') });

    await page.getByTestId('manuscript-commit').click();
    await page.getByTestId('manuscript-dialog').waitFor({ state: 'detached' });
    await waitFor(() => page.locator('.article-row.selected .article-title').textContent(), (t) => t === '代表建议办理工作侧记', 'the new article selected');
    await page.locator('.body-content').waitFor();
    const text = await waitFor(() => bodyText(page), (t) => t.includes('作为联系群众的重要渠道'), 'the text in the editor');
    const paragraphs = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    expect(paragraphs).toEqual(['今年以来，市人大常委会把代表建议办理作为联系群众的重要渠道，推动一批', '群众急难愁盼问题得到解决。', '下一步，常委会将继续跟踪督办。']);
  });

  it('refuses a PNG renamed .docx with the file and the problem, and replaces an existing body after naming it', async () => {
    const page = await openSampleIssue();
    await chooseManuscript(page, 0, { name: '照片.docx', mimeType: 'application/octet-stream', buffer: await pngBytes() });
    const error = page.getByTestId('manuscript-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('无法导入 照片.docx：它并不是 Word 文档（只是改了扩展名）。资料库未作任何改动。');
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'import-refused.png') });
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByTestId('manuscript-dialog').waitFor({ state: 'detached' });

    const row = section(page, 0).locator('.article-row').first();
    const title = (await row.locator('.article-title').textContent())!;
    await row.getByTestId('replace-manuscript-file').setInputFiles({ name: '新稿.txt', mimeType: 'text/plain', buffer: Buffer.from('新稿\n\n　　替换后的正文。\n') });
    await page.getByTestId('manuscript-preview').waitFor();
    expect(await page.locator('.manuscript-confirm').textContent()).toContain(`《${title}》`);
    await page.getByTestId('manuscript-commit').click();
    await page.getByTestId('manuscript-dialog').waitFor({ state: 'detached' });
    await waitFor(() => page.locator('.article-row.selected .article-title').textContent(), (t) => t === title, 'the replaced article open');
    await waitFor(() => bodyText(page), (t) => t.trim() === '替换后的正文。', 'the new body in the editor');
    expect(unexpectedProblems(app.session.problems, [/status of 400/])).toEqual([]);
  });

  it('fills the first empty slot of a new issue by default, keeping its place and budget', async () => {
    const { page } = await app.open();
    const sample = (await callApi<{ id: number }[]>(page, 'listIssues', {}))[0]!;
    const issue = await callApi<{ id: number }>(page, 'createIssue', { fromIssueId: sample.id, year: 2026, number: 2, totalNumber: 314, publishDate: '2026-02-26' });
    type Outline = { sections: { id: number; articles: { id: number; titleLines: string[]; pageBudget: number | null }[] }[] };
    const before = (await callApi<Outline>(page, 'getIssueOutline', { issueId: issue.id })).sections[1]!;
    const firstSlot = before.articles[0]!;
    expect(firstSlot.titleLines).toEqual(['（待定）']);
    await page.evaluate((hash) => (globalThis as unknown as { location: { hash: string } }).location.hash = hash, `#/issue/${issue.id}`);
    await page.locator('.section-row').first().waitFor();

    await chooseManuscript(page, 1, { name: '监督综述.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await sampleManuscriptDocx() });
    await page.getByTestId('manuscript-preview').waitFor();
    const target = page.getByTestId('manuscript-target');
    await target.waitFor();
    const slotChoices = target.getByTestId('manuscript-target-slot');
    expect(await slotChoices.count()).toBe(before.articles.length);
    expect(await slotChoices.first().isChecked()).toBe(true);
    expect(await target.getByTestId('manuscript-target-new').isChecked()).toBe(false);
    expect(await target.locator('label').first().textContent()).toContain('填入空位：（待定） 1');
    expect(await target.locator('label').last().textContent()).toBe('新建文章');
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'import-fill-slot.png') });

    await page.getByTestId('manuscript-commit').click();
    await page.getByTestId('manuscript-dialog').waitFor({ state: 'detached' });
    await page.waitForURL(new RegExp(`#/issue/${issue.id}/article/${firstSlot.id}$`));
    await waitFor(() => section(page, 1).locator('.article-row .article-title').first().textContent(), (t) => t === '让监督更有力量', 'the slot titled from the manuscript');
    expect(await section(page, 1).locator('.article-row').count()).toBe(before.articles.length);
    const after = (await callApi<Outline>(page, 'getIssueOutline', { issueId: issue.id })).sections[1]!;
    expect(after.articles.map((a) => a.id)).toEqual(before.articles.map((a) => a.id));
    expect(after.articles[0]).toMatchObject({ id: firstSlot.id, titleLines: ['让监督更有力量'], pageBudget: firstSlot.pageBudget });
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });
});
