// Publication settings and the colophon editor in Chromium against the real server on a fresh library
// with the sample issue: a price changed in the colophon editor reaches the colophon page and the
// preflight; the body set in 五号 (with a leading that allows it) makes the preview's text larger.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { QikanTransport } from '../../src/shared/api';
import { waitFor } from '../support/browser';
import { openFirstIssue, SCREENSHOTS_DIR, useBrowserApp } from '../support/app';

/** Preflight and the issue layout are whole-issue work; cold on two cores that takes a while. */
const SLOW_MS = 180_000;

const app = useBrowserApp({ screenshots: true });

async function openIssue(): Promise<Page> {
  const { page } = await app.open();
  await page.setViewportSize({ width: 1400, height: 900 });
  return openFirstIssue(page);
}

/** The scale most glyphs of the preview are drawn at (size over units per em): the body's size. */
async function bodyScale(page: Page): Promise<number> {
  await waitFor(() => page.getByTestId('preview').getAttribute('data-state'), (s) => s === 'ready', 'the preview', SLOW_MS);
  const scales = await page.locator('[data-testid=preview-page] use').evaluateAll((uses) =>
    uses.map((u) => /scale\(([\d.]+)/u.exec(u.getAttribute('transform') ?? '')?.[1] ?? ''),
  );
  const count = new Map<string, number>();
  for (const sc of scales) if (sc) count.set(sc, (count.get(sc) ?? 0) + 1);
  return Number([...count].sort((a, b) => b[1] - a[1])[0]![0]);
}

describe('settings', () => {
  it('a price changed in the colophon editor is on the colophon page and in the preflight', async () => {
    const page = await openIssue();
    await page.getByRole('button', { name: '版权页' }).click();
    const form = page.getByRole('form', { name: '版权页' });
    await form.waitFor();
    // The board is listed in the order entered (stroke order only suggested), and not marked as confirmed.
    await expect(form.locator('input[name=manualBoardOrder]').isChecked()).resolves.toBe(false);
    await expect(form.locator('.printed-order').textContent()).resolves.toContain('马曙光　王旭');

    await form.locator('input[name=priceValue]').fill('8.00元');
    await form.getByRole('button', { name: '保存版权页' }).click();
    await waitFor(() => form.getByRole('status').textContent(), (s) => s === '已保存', 'the colophon saved');
    await form.locator('textarea[name=members]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'settings-colophon-editor.png') });

    // The colophon page as laid out prints the new price.
    const colophonLines = await page.evaluate(async () => {
      const transport = (globalThis as unknown as { qikanTransport: QikanTransport }).qikanTransport;
      const env = await transport.getIssuePages({ issueId: 1, detail: 'lines' });
      if (!env.ok) throw new Error(env.error.message);
      return env.value.pages.filter((p) => p.kind === 'colophon').flatMap((p) => p.lines.map((l) => l.text));
    });
    expect(colophonLines.join('\n')).toContain('8.00元');
    expect(colophonLines.join('\n')).not.toContain('6.00元');

    // An empty price is a preflight error naming 定价.
    await form.locator('input[name=priceValue]').fill('');
    await form.getByRole('button', { name: '保存版权页' }).click();
    await waitFor(() => form.getByRole('status').textContent(), (s) => s === '已保存', 'the colophon saved');
    await page.getByRole('button', { name: '← 返回本期' }).click();
    await page.getByRole('button', { name: '导出 PDF…' }).click();
    await page.getByTestId('export-dialog').waitFor();
    await waitFor(() => page.getByTestId('preflight').getAttribute('data-state'), (s) => s === 'ready', 'the preflight result', SLOW_MS);
    await expect(page.getByTestId('preflight').textContent()).resolves.toContain('定价');
  }, SLOW_MS * 2);

  it('body in 五号 is refused on the 15.5 pt grid with the field named, then taken with 18 pt leading: the preview text grows', async () => {
    const page = await openIssue();
    await page.locator('.article-row').nth(2).click();
    await page.locator('.body-content').waitFor();
    const before = await bodyScale(page);

    await page.getByRole('button', { name: '出版物设置' }).click();
    await page.getByRole('form', { name: '刊物信息' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'settings-publication.png') });

    await page.locator('.settings-nav').getByRole('button', { name: '样式' }).click();
    const styles = page.getByRole('form', { name: '样式' });
    await styles.locator('select[name="settings.styles.body.size"]').selectOption('五号');
    await styles.getByRole('button', { name: '保存设置' }).click();
    // The refusal names the leading (on the layout tab) in Chinese, one click from the field.
    const hint = styles.locator('.settings-actions button.error');
    await hint.waitFor();
    expect(await hint.textContent()).toContain('行距须在正文字号（10.5 pt）的 1.5～2 倍之间');
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'settings-styles.png') });
    await hint.click();

    const layout = page.getByRole('form', { name: '版式' });
    await expect(layout.locator('[data-field="settings.layout.pitchPt"]').textContent()).resolves.toContain('15.75～21 pt');
    await layout.locator('input[name=pitchPt]').fill('18');
    await layout.getByRole('button', { name: '保存设置' }).click();
    await waitFor(() => layout.getByRole('status').textContent(), (s) => s === '已保存', 'the settings saved');
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'settings-layout.png') });

    await page.getByRole('button', { name: '← 返回本期' }).click();
    await page.locator('.article-row').nth(2).click();
    await page.locator('.body-content').waitFor();
    const after = await waitFor(() => bodyScale(page), (sc) => sc > before * 1.1, 'the preview in 五号', 30_000);
    // 10.5 / 9 pt; the preview rounds its transforms, so only roughly.
    expect(after / before).toBeGreaterThan(1.1);
    expect(after / before).toBeLessThan(1.3);
  }, SLOW_MS * 2);
});
