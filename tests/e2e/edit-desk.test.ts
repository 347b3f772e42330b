// The editing desk in Chromium against the real server and a fresh library: copy cleanup after a
// paste, photos dropped or picked and credited until the page preview shows them, structure
// (headings, lists, quotes) over a reload, undo/redo, and a preview line click landing in the editor.
// Screenshots go to test-output/screenshots.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { unexpectedProblems, waitFor } from '../support/browser';
import { openArticleWithPreview, SCREENSHOTS_DIR, useBrowserApp, waitSaved } from '../support/app';

const app = useBrowserApp({ screenshots: true });

async function openArticle(row: number): Promise<Page> {
  const { page } = await app.open();
  await page.setViewportSize({ width: 1500, height: 950 });
  return openArticleWithPreview(page, row);
}

/** Text of the body's top-level blocks, as the page shows them. */
const blockTexts = (page: Page) => page.locator('.body-content > *').allTextContents();

/** A caret at the end of the body, on a fresh empty paragraph. */
async function newParagraphAtEnd(page: Page) {
  await page.locator('.body-content > *').last().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
}

describe('editing desk', () => {
  it('offers cleanup suggestions after a paste and applies them when accepted', async () => {
    const page = await openArticle(1);
    await newParagraphAtEnd(page);
    const pasted = '会议指出,要"加强监督"...详见 www.bjrd.gov.cn 网站.圆周率3.14不变';
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/plain', ${JSON.stringify(pasted)});
      document.querySelector('.body-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
    // The text goes in as pasted: nothing changes silently.
    await waitFor(() => blockTexts(page), (texts) => texts.includes(pasted), 'the pasted text, unchanged');
    const panel = page.getByTestId('cleanup-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-source')).toBe('paste');
    const rules = await panel.locator('.cleanup-item').evaluateAll((items) => items.map((li) => li.getAttribute('data-rule')));
    expect(rules).toEqual(['comma', 'doubleQuotes', 'doubleQuotes', 'ellipsis', 'period']);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'edit-cleanup-suggestions.png') });

    // One by one: the first (the comma) only.
    await panel.locator('.cleanup-item').first().getByRole('button', { name: '接受' }).click();
    await waitFor(() => blockTexts(page), (texts) => texts.includes('会议指出，要"加强监督"...详见 www.bjrd.gov.cn 网站.圆周率3.14不变'), 'the comma fixed');
    await panel.getByRole('button', { name: /全部接受/ }).click();
    const cleaned = '会议指出，要“加强监督”……详见 www.bjrd.gov.cn 网站。圆周率3.14不变';
    await waitFor(() => blockTexts(page), (texts) => texts.includes(cleaned), 'every suggestion applied');
    expect(await panel.locator('.cleanup-empty').textContent()).toBe('没有发现需要校正的地方。');

    // Accept-all was one step: one undo brings back the text as it was after the first fix.
    await page.getByTestId('undo').click();
    await waitFor(() => blockTexts(page), (texts) => texts.includes('会议指出，要"加强监督"...详见 www.bjrd.gov.cn 网站.圆周率3.14不变'), 'accept-all undone in one step');
    await page.getByTestId('redo').click();
    await waitFor(() => blockTexts(page), (texts) => texts.includes(cleaned), 'accept-all redone');
    await waitSaved(page);
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('checks the whole article on demand with Ctrl+Alt+P, hints included, and dismisses', async () => {
    const page = await openArticle(1);
    await newParagraphAtEnd(page);
    await page.keyboard.type('二〇二六年，会议在北京 召开；2025年底完成。');
    await page.keyboard.press('Control+Alt+KeyP');
    const panel = page.getByTestId('cleanup-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-source')).toBe('demand');
    // The sample article writes 二〇二六年 too: the hint for the typed sentence is the one with its context.
    const hint = panel.locator('.cleanup-item[data-rule="mixedYearForms"]').filter({ hasText: '会议' });
    expect(await hint.count()).toBe(1);
    expect(await hint.getByRole('button', { name: '接受' }).count()).toBe(0); // hints are never applied
    const space = panel.locator('.cleanup-item[data-rule="hanSpace"]').filter({ hasText: '召开' });
    await space.getByRole('button', { name: '接受' }).click();
    await waitFor(() => blockTexts(page), (texts) => texts.includes('二〇二六年，会议在北京召开；2025年底完成。'), 'the stray space removed');
    await hint.getByRole('button', { name: '忽略' }).click();
    expect(await hint.count()).toBe(0);
    expect(await blockTexts(page)).toContain('二〇二六年，会议在北京召开；2025年底完成。');
  });

  it('places a picked photo and a dropped photo; once credited, the preview shows their frames', async () => {
    const page = await openArticle(1);
    const png = await sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 200, g: 60, b: 40 } } }).png().toBuffer();
    await page.locator('.body-content > p').first().click();
    await page.getByTestId('photo-file-input').setInputFiles({ name: 'meeting.png', mimeType: 'image/png', buffer: png });
    const panel = page.getByTestId('photo-panel');
    await panel.waitFor();
    const photoId = Number(await panel.getAttribute('data-photo-id'));
    expect(photoId).toBeGreaterThan(0);
    const block = page.locator(`.body-content .qk-caption[data-photo-id="${photoId}"]`);
    expect(await block.getAttribute('data-warning')).toBe('缺少图片署名');
    expect(await panel.getByRole('status').textContent()).toBe('缺少图片署名');

    await page.keyboard.type('代表们在会场认真听取报告');
    await panel.getByLabel('署名类型').selectOption('摄影');
    await panel.getByLabel('署名', { exact: true }).fill('吕亚南');
    await waitFor(() => block.getAttribute('data-credit'), (c) => c === '摄影/吕亚南', 'the credit on the block');
    expect(await block.getAttribute('data-warning')).toBeNull();
    await waitFor(
      () => page.locator(`[data-testid="preview"] .pv-image[data-photo-id="${photoId}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('class'))),
      (classes) => classes.length === 1 && !classes[0]!.includes('pv-placeholder'),
      'the photo framed on the page (not a placeholder)',
    );
    await waitSaved(page);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'edit-photo-credited.png') });

    // A drop on the first paragraph: the photo block goes right after it.
    await page.evaluate(`(async () => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(png.toString('base64'))}), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      const target = document.querySelector('.body-content > p');
      const box = target.getBoundingClientRect();
      const at = { dataTransfer: data, bubbles: true, cancelable: true, clientX: box.left + 10, clientY: box.top + 5 };
      target.dispatchEvent(new DragEvent('dragover', at));
      target.dispatchEvent(new DragEvent('drop', at));
    })()`);
    const captions = page.locator('.body-content .qk-caption[data-photo-id]');
    await waitFor(() => captions.count(), (n) => n === 2, 'the dropped photo placed');
    const droppedId = Number(await captions.first().getAttribute('data-photo-id'));
    expect(droppedId).not.toBe(photoId);
    const firstP = await page.locator('.body-content > *').evaluateAll((els) => els.findIndex((e) => e.tagName === 'P' && !e.classList.contains('qk-caption')));
    const droppedAt = await page.locator('.body-content > *').evaluateAll((els, id) => els.findIndex((e) => e.getAttribute('data-photo-id') === String(id)), droppedId);
    expect(droppedAt).toBe(firstP + 1);
    await waitSaved(page);

    // Over a reload: both photo blocks keep their photos, the credit stays.
    await page.reload();
    await page.locator('.body-content').waitFor();
    expect(await page.locator(`.body-content .qk-caption[data-photo-id="${photoId}"]`).getAttribute('data-credit')).toBe('摄影/吕亚南');
    expect(await page.locator(`.body-content .qk-caption[data-photo-id="${droppedId}"]`).getAttribute('data-warning')).toBe('缺少图片署名');
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('keeps headings, lists and quotes over a reload; undo and redo by button and keyboard', async () => {
    const page = await openArticle(2);
    await newParagraphAtEnd(page);
    await page.keyboard.type('一级小标题');
    await page.keyboard.press('Control+Alt+Digit1');
    await page.keyboard.press('Enter');
    await page.keyboard.type('二级小标题');
    await page.keyboard.press('Control+Alt+Digit2');
    await page.keyboard.press('Enter');
    await page.keyboard.type('引文一句');
    await page.keyboard.press('Control+Alt+KeyQ');
    await page.keyboard.press('Enter');
    await page.keyboard.type('第一项');
    await page.getByRole('button', { name: '编号列表', exact: true }).click();
    await page.locator('.body-content ol li').last().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('第二项');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // an empty item ends the list
    await page.keyboard.type('正常');
    await page.keyboard.press('Control+B');
    await page.keyboard.type('加粗');
    await page.keyboard.press('Control+B');
    await waitFor(() => page.locator('.body-content .qk-bold').allTextContents(), (t) => t.includes('加粗'), 'bold text');
    await waitSaved(page);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'edit-editor-with-preview.png') });

    await page.reload();
    await page.locator('.body-content').waitFor();
    expect(await page.locator('.body-content h2.qk-h1').last().textContent()).toBe('一级小标题');
    expect(await page.locator('.body-content h3.qk-h2').last().textContent()).toBe('二级小标题');
    expect(await page.locator('.body-content blockquote.qk-quote').last().textContent()).toBe('引文一句');
    expect(await page.locator('.body-content ol.qk-ol').last().locator('li').allTextContents()).toEqual(['第一项', '第二项']);
    expect(await page.locator('.body-content .qk-bold').last().textContent()).toBe('加粗');

    // Undo and redo: typing, then structure.
    const undo = page.getByTestId('undo');
    expect(await undo.isDisabled()).toBe(true);
    await page.locator('.body-content h3.qk-h2').last().click();
    await page.keyboard.press('End');
    await page.keyboard.type('补充');
    await waitFor(() => page.locator('.body-content h3.qk-h2').last().textContent(), (t) => t === '二级小标题补充', 'typed');
    await page.keyboard.press('Control+Alt+Digit0');
    await waitFor(() => page.locator('.body-content h3.qk-h2').count(), (n) => n === 0, 'the heading turned to body text');
    await page.keyboard.press('Control+Z');
    await waitFor(() => page.locator('.body-content h3.qk-h2').count(), (n) => n === 1, 'the heading back (structure undone)');
    await undo.click();
    await waitFor(() => page.locator('.body-content h3.qk-h2').last().textContent(), (t) => t === '二级小标题', 'typing undone');
    await page.getByTestId('redo').click();
    await waitFor(() => page.locator('.body-content h3.qk-h2').last().textContent(), (t) => t === '二级小标题补充', 'typing redone');
    await page.locator('.body-content').focus();
    await page.keyboard.press('Control+Y');
    await waitFor(() => page.locator('.body-content h3.qk-h2').count(), (n) => n === 0, 'structure redone with Ctrl+Y');
    await waitSaved(page);
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  }, 90_000);

  it('counts live, saves with Ctrl+S, lists the shortcuts, and a preview line click lands in the editor', async () => {
    const page = await openArticle(1);
    const count = page.getByTestId('char-count');
    const issueCount = page.getByTestId('issue-char-count');
    const before = Number(await count.getAttribute('data-count'));
    const issueBefore = Number(await waitFor(() => issueCount.getAttribute('data-count'), (n) => Number(n) > before, 'the issue count'));
    await page.locator('.body-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('新增六个汉字');
    // Live: before any save answer (the count changes while the save state is still 未保存).
    await waitFor(() => count.getAttribute('data-count'), (n) => Number(n) === before + 6, 'the live article count');
    expect(Number(await issueCount.getAttribute('data-count'))).toBe(issueBefore + 6);
    expect(await page.locator('[data-save-state]').getAttribute('data-save-state')).toBe('dirty');
    await page.keyboard.press('Control+S');
    await waitSaved(page);

    await page.getByRole('button', { name: '快捷键' }).click();
    const help = page.getByRole('dialog', { name: '键盘快捷键' });
    expect(await help.locator('tr').count()).toBeGreaterThanOrEqual(10);
    expect(await help.textContent()).toContain('Ctrl+Alt+1');
    await page.keyboard.press('Escape');
    expect(await help.count()).toBe(0);

    const line = page.locator('.pv-line:not([data-part])[data-block]').nth(3);
    const text = ((await line.getAttribute('data-text')) ?? '').replace('□', '');
    await line.click();
    await waitFor(() => page.evaluate('String(getSelection())') as Promise<string>, (s) => s === text, 'the line selected in the editor');
    expect(await page.evaluate('document.querySelector(".body-content").contains(document.activeElement)')).toBe(true);
  });
});
