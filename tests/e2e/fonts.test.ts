// 添加字体 in Chromium against the real server on a fresh library with the sample issue: a text file
// named .ttf is refused in Chinese with the file and the reason; a real TrueType font is added,
// becomes a choice for 宋体, and once saved the preview sets the body in it.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { QikanTransport } from '../../src/shared/api';
import { unexpectedProblems, waitFor } from '../support/browser';
import { openFirstIssue, SCREENSHOTS_DIR, useBrowserApp } from '../support/app';

const SLOW_MS = 180_000;
const NOTO_SANS = resolve(__dirname, '../../node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const USER_KEY = 'NotoSansSC-Regular@NotoSansSC_400Regular';

const app = useBrowserApp({ screenshots: true });

/** Font keys of the glyphs the preview of an article draws, asked of the back end as the page does. */
async function previewFonts(page: Page, articleId: number): Promise<string[]> {
  return page.evaluate(async (id) => {
    const transport = (globalThis as unknown as { qikanTransport: QikanTransport }).qikanTransport;
    const env = await transport.layoutArticle({ articleId: id });
    if (!env.ok) throw new Error(env.error.message);
    const keys = new Set<string>();
    for (const p of env.value.pages) for (const item of p.items) if (item.kind === 'glyphs') keys.add(item.font);
    return [...keys];
  }, articleId);
}

describe('fonts', () => {
  it('adds a licensed font through the settings screen and sets the body in it', async () => {
    const session = await app.open();
    const page = session.page;
    await page.setViewportSize({ width: 1400, height: 900 });
    await openFirstIssue(page);
    await page.getByRole('button', { name: '出版物设置' }).click();
    await page.getByRole('form', { name: '刊物信息' }).waitFor();
    await page.locator('.settings-nav').getByRole('button', { name: '字体' }).click();
    const form = page.getByRole('form', { name: '字体' });
    await form.getByRole('button', { name: '添加字体…' }).waitFor();
    const fileInput = form.getByTestId('font-file');

    // A text file with a font's name: refused, named, in Chinese; nothing is added.
    await fileInput.setInputFiles({ name: '方正书宋.ttf', mimeType: 'font/ttf', buffer: Buffer.from('这不是字体。\n'.repeat(50)) });
    const alert = form.locator('.user-fonts [role=alert]');
    await waitFor(() => alert.textContent(), (s) => (s ?? '') !== '', 'the refusal');
    expect(await alert.textContent()).toBe('无法添加字体 方正书宋.ttf：它并不是字体文件（只是改了扩展名）。未复制任何文件，资料库的字体保持不变。');
    await expect(form.locator('.user-fonts').textContent()).resolves.toContain('尚未添加字体');
    expect(readdirSync(join(session.dataDir, 'fonts'))).toEqual([]);

    // A real TrueType font: added, listed, and a choice for every role.
    await fileInput.setInputFiles({ name: 'NotoSansSC_400Regular.ttf', mimeType: 'font/ttf', buffer: readFileSync(NOTO_SANS) });
    const status = form.locator('.user-fonts [role=status]');
    await waitFor(() => status.textContent(), (s) => (s ?? '').startsWith('已添加'), 'the font added', 60_000);
    expect(await status.textContent()).toContain(USER_KEY);
    expect(readdirSync(join(session.dataDir, 'fonts'))).toEqual(['NotoSansSC_400Regular.ttf']);
    const songRegular = form.locator('select[name="settings.fonts.song.regular"]');
    await expect(songRegular.locator(`option[value="${USER_KEY}"]`).textContent()).resolves.toBe(`${USER_KEY}（用户字体）`);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'settings-fonts-added.png') });

    // Chosen for 宋体 and saved: the preview of an article sets its body in the user's face.
    const articleId = await page.evaluate(async () => {
      const transport = (globalThis as unknown as { qikanTransport: QikanTransport }).qikanTransport;
      const env = await transport.getIssueOutline({ issueId: 1 });
      if (!env.ok) throw new Error(env.error.message);
      return env.value.sections[1]!.articles[0]!.id;
    });
    expect(await previewFonts(page, articleId)).not.toContain(USER_KEY);
    await songRegular.selectOption(USER_KEY);
    await form.getByRole('button', { name: '保存设置' }).click();
    await waitFor(() => form.getByRole('status').last().textContent(), (s) => s === '已保存', 'the settings saved');
    expect(await previewFonts(page, articleId)).toContain(USER_KEY);
    // The refusal answers 400, which the browser logs.
    expect(unexpectedProblems(session.problems, [/status of 400/u])).toEqual([]);
  }, SLOW_MS);
});
