// The page preview in Chromium against the real server: pages drawn from glyph outlines, following
// typing before the autosave, and a click on a line selecting its text in the editor.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unexpectedProblems, waitFor } from '../support/browser';
import { openArticleWithPreview, useBrowserApp } from '../support/app';

// The browser tests type-check without the DOM library: the few page objects they touch, by shape.
interface DomNode {
  contains(other: DomNode | null): boolean;
  getAttribute(name: string): string | null;
  children: ArrayLike<DomNode>;
}
interface PageGlobals {
  document: { getElementById(id: string): DomNode | null; querySelector(sel: string): DomNode | null; activeElement: (DomNode & { value?: string; selectionStart?: number; selectionEnd?: number }) | null };
  getSelection(): { toString(): string; anchorNode: DomNode | null } | null;
}

const app = useBrowserApp();

async function openArticle(row: number): Promise<Page> {
  return openArticleWithPreview((await app.open()).page, row);
}

const glyphUses = (page: Page) => page.locator('[data-testid=preview-page] use').count();
/** The preview's text of one body block, its lines in order. */
const blockLineTexts = (page: Page, block: number) =>
  page.locator(`.pv-line[data-block="${block}"]:not([data-part])`).evaluateAll((els) => els.map((e) => e.getAttribute('data-text') ?? ''));

describe('page preview', () => {
  it('draws the open article as pages of glyphs with a status line', async () => {
    const page = await openArticle(1);
    expect(await page.getByTestId('preview-page').count()).toBeGreaterThan(0);
    expect(await glyphUses(page)).toBeGreaterThan(100);
    // Every glyph use points at a loaded outline.
    const dangling = await page.locator('[data-testid=preview-page] use').evaluateAll((uses) => {
      const { document } = globalThis as unknown as PageGlobals;
      return uses.filter((u) => !document.getElementById((u.getAttribute('href') ?? '').slice(1))?.getAttribute('d')).length;
    });
    expect(dangling).toBe(0);
    const status = (await page.getByTestId('preview-status').textContent()) ?? '';
    expect(status).toMatch(/\d+ 页 · \d+ 行/);
    expect(status).toContain('排版无问题');
    // The body's first paragraph is on the page as the editor holds it.
    const editorFirst = await page.locator('.body-content > *').first().textContent();
    expect((await blockLineTexts(page, 0)).join('').replace('□', '')).toBe(editorFirst);
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('follows typing before the autosave writes anything', async () => {
    const page = await openArticle(1);
    const saves: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/updateArticle')) saves.push(r.url());
    });
    const usesBefore = await glyphUses(page);
    await page.locator('.body-content > *').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('预览跟随');
    const lines = await waitFor(() => blockLineTexts(page, 0), (t) => t[0]?.startsWith('预览跟随') ?? false, 'the typed text in the preview');
    expect(saves).toEqual([]);
    expect(await page.locator('[data-save-state]').getAttribute('data-save-state')).not.toBe('saved');
    expect(lines.join('').replace('□', '')).toBe(await page.locator('.body-content > *').first().textContent());
    expect(await glyphUses(page)).toBe(usesBefore + 4);
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('selects the text of a clicked line in the editor and highlights the caret line', async () => {
    const page = await openArticle(1);
    // A second line of some body paragraph: its range starts inside the block.
    const line = page.locator('.pv-line:not([data-part])[data-block]:not([data-start="0"])').first();
    const block = Number(await line.getAttribute('data-block'));
    const lineId = await line.getAttribute('data-line-id');
    const text = ((await line.getAttribute('data-text')) ?? '').replace('□', '');
    expect(text.length).toBeGreaterThan(1);
    await line.click();
    await waitFor(() => page.evaluate(() => (globalThis as unknown as PageGlobals).getSelection()?.toString() ?? ''), (s) => s === text, 'the line selected in the editor');
    const focused = await page.evaluate(() => {
      const window = globalThis as unknown as PageGlobals;
      const document = window.document;
      const anchor = window.getSelection()?.anchorNode ?? null;
      const content = document.querySelector('.body-content');
      const top = Array.from(content?.children ?? []).findIndex((el) => anchor !== null && el.contains(anchor));
      return { inEditor: content?.contains(document.activeElement) ?? false, top };
    });
    expect(focused).toEqual({ inEditor: true, top: block });
    await waitFor(() => page.locator('.pv-line-caret').getAttribute('data-line-id'), (id) => id === lineId, 'the caret line highlighted');

    // A title line focuses the title field with that text selected.
    const titleLine = page.locator('.pv-line[data-part="title"]').first();
    const titleText = (await titleLine.getAttribute('data-text')) ?? '';
    await titleLine.click();
    const selected = await page.evaluate(() => {
      const el = (globalThis as unknown as PageGlobals).document.activeElement;
      return el ? { part: el.getAttribute('data-part'), text: (el.value ?? '').slice(el.selectionStart, el.selectionEnd) } : null;
    });
    expect(selected).toEqual({ part: 'title', text: titleText });
    expect(unexpectedProblems(app.session.problems)).toEqual([]);
  });

  it('zooms in and back to the pane width', async () => {
    const page = await openArticle(1);
    const width = async () => Number(await page.getByTestId('preview-page').first().getAttribute('width'));
    const fit = await width();
    await page.getByRole('button', { name: '放大' }).click();
    expect(await width()).toBeCloseTo(fit * 1.25, 0);
    await page.getByRole('button', { name: '适合宽度' }).click();
    expect(await width()).toBeCloseTo(fit, 0);
  });
});
