// Planning in Chromium against the real server and a fresh library holding the sample issue:
// 新建一期 from the sample, the flatplan (台版) with an article moved by drag and the contents
// following, and a search hit that opens its article with the match selected.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unexpectedProblems, waitFor } from '../support/browser';
import { openFirstIssue, SCREENSHOTS_DIR, useBrowserApp } from '../support/app';

const LAYOUT_TIMEOUT_MS = 120_000;

/** What the page-side callbacks below use of the browser's globals (the tests compile without the DOM lib). */
interface PageGlobals {
  getSelection(): { toString(): string; anchorNode: { parentElement: { closest(sel: string): unknown } | null } | null } | null;
  document: { activeElement: { dataset: Record<string, string | undefined>; value: string; selectionStart: number; selectionEnd: number } | null };
}

const app = useBrowserApp({ screenshots: true });

async function api<T>(page: Page, method: string, input: unknown): Promise<T> {
  // The page's own origin, as the browser sends it with every POST of the app.
  const res = await page.request.post(`${app.session.url.replace(/\/$/, '')}/api/${method}`, { data: input, headers: { Origin: new URL(app.session.url).origin } });
  const body = (await res.json()) as { ok: boolean; value: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value;
}

const flatplanReady = (page: Page) =>
  waitFor(() => page.getByTestId('flatplan').getAttribute('data-state'), (s) => s === 'ready', 'the flatplan', LAYOUT_TIMEOUT_MS);

describe('planning the issue', () => {
  it('creates 2026年第2期 from the sample issue through the new-issue dialog', async () => {
    const session = await app.open();
    const page = session.page;
    await page.getByTestId('new-issue').click();
    const dialog = page.getByTestId('new-issue-dialog');
    await dialog.waitFor();
    // Pre-filled from the latest issue: the next number, overall number and a month later.
    expect(await dialog.locator('input[name="year"]').inputValue()).toBe('2026');
    expect(await dialog.locator('input[name="number"]').inputValue()).toBe('2');
    expect(await dialog.locator('input[name="totalNumber"]').inputValue()).toBe('314');
    expect(await dialog.locator('input[name="publishDate"]').inputValue()).toBe('2026-02-26');
    expect(await page.getByTestId('new-issue-preview').textContent()).toContain('2026年第2期（总第314期）');
    await dialog.screenshot({ path: join(SCREENSHOTS_DIR, 'new-issue-dialog.png') });
    await dialog.getByRole('button', { name: '新建', exact: true }).click();

    // The new issue opens on its flatplan with the sample's sections and empty slots with budgets.
    await page.waitForURL(/#\/issue\/\d+\/flatplan$/);
    await flatplanReady(page);
    const issueId = Number(/#\/issue\/(\d+)\//.exec(page.url())![1]);
    const outline = await api<{ issue: { year: number; number: number; totalNumber: number; publishDate: string }; sections: { name: string; articles: { titleLines: string[]; pageBudget: number | null }[] }[] }>(
      page,
      'getIssueOutline',
      { issueId },
    );
    expect(outline.issue).toMatchObject({ year: 2026, number: 2, totalNumber: 314, publishDate: '2026-02-26' });
    expect(outline.sections).toHaveLength(9);
    expect(outline.sections[0]!.name).toBe('卷首语');
    expect(outline.sections.flatMap((s) => s.articles).every((a) => a.titleLines[0] === '（待定）' && (a.pageBudget ?? 0) >= 1)).toBe(true);
    const chips = page.getByTestId('flatplan-chip');
    expect(await chips.count()).toBe(23);
    // Empty slots are under their budget.
    expect(await chips.first().getAttribute('data-copyfit')).toBe('under');

    // A duplicate is refused in the dialog with a clear message.
    await page.getByRole('button', { name: '刊库' }).first().click();
    await page.getByTestId('new-issue').click();
    await page.getByTestId('new-issue-dialog').locator('input[name="number"]').fill('1');
    await page.getByTestId('new-issue-dialog').getByRole('button', { name: '新建', exact: true }).click();
    expect(await page.getByTestId('new-issue-dialog').getByRole('alert').textContent()).toContain('已经存在');
    expect(unexpectedProblems(session.problems, [/409|Conflict|status of 4\d\d/i])).toEqual([]);
  });

  it('moves an article in the flatplan by drag, and the contents follow', async () => {
    const session = await app.open();
    const page = session.page;
    await openFirstIssue(page);
    await page.getByRole('tab', { name: '台版' }).click();
    await flatplanReady(page);
    const issueId = Number(/#\/issue\/(\d+)\//.exec(page.url())![1]);
    expect(await page.getByTestId('flatplan-form').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'flatplan.png'), fullPage: false });

    type Starts = { starts: { articleId: number; folio: string }[] };
    const before = await api<Starts>(page, 'getIssuePages', { issueId, detail: 'lines' });
    // The 履职一年间 section: drag its third article before its first.
    const section = page.locator('.fp-section-group').filter({ hasText: '履职一年间' });
    const sectionChips = section.getByTestId('flatplan-chip');
    const ids = await sectionChips.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-article-id'))));
    const [first, , third] = ids as [number, number, number];
    await sectionChips.nth(2).dragTo(sectionChips.nth(0));
    await waitFor(
      () => section.getByTestId('flatplan-chip').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-article-id')))),
      (now) => now[0] === third && now[1] === first,
      'the chips in the new order',
    );
    await flatplanReady(page);
    const after = await api<Starts>(page, 'getIssuePages', { issueId, detail: 'lines' });
    const folio = (s: Starts, id: number) => s.starts.find((x) => x.articleId === id)!.folio;
    expect(folio(after, third)).toBe(folio(before, first));
    expect(Number(folio(after, first))).toBeGreaterThan(Number(folio(before, first)));
    // The contents list the moved article first in its section.
    const order = (s: Starts) => s.starts.map((x) => x.articleId);
    expect(order(after).indexOf(third)).toBeLessThan(order(after).indexOf(first));
    // The page that now opens the section shows the moved article.
    const openerLabel = folio(after, third);
    expect(await page.locator(`[data-testid="flatplan-page"][data-label="${openerLabel}"]`).getAttribute('data-article-id')).toBe(String(third));

    // Dragging a page works too: the moved article's opener page back before the other one.
    const firstOpener = page.locator(`[data-testid="flatplan-page"][data-label="${folio(after, first)}"]`);
    await firstOpener.dragTo(page.locator(`[data-testid="flatplan-page"][data-label="${openerLabel}"]`));
    await waitFor(
      () => section.getByTestId('flatplan-chip').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-article-id')))),
      (now) => now[0] === first && now[1] === third,
      'the chips back in the first order',
    );
    await flatplanReady(page);

    // A page budget typed on a chip: the 3-page article set to 1 page is over by its lines beyond page 1.
    const chip = section.locator(`[data-testid="flatplan-chip"][data-article-id="${first}"]`);
    expect(await chip.getAttribute('data-copyfit')).toBe('no-budget');
    await chip.getByTestId('budget-input').fill('1');
    await chip.getByTestId('budget-input').press('Enter');
    await waitFor(() => chip.getAttribute('data-copyfit'), (s) => s === 'over', 'the copyfit state after the budget', LAYOUT_TIMEOUT_MS);
    expect(Number(await chip.getAttribute('data-copyfit-lines'))).toBeGreaterThan(50);
    expect(await chip.getByTestId('copyfit').textContent()).toMatch(/^超 \d+ 行$/);
    await flatplanReady(page);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'flatplan-after-move.png') });
    expect(unexpectedProblems(session.problems)).toEqual([]);
  });

  it('searches the library for 人大 and opens a body hit with the text selected in the editor', async () => {
    const session = await app.open();
    const page = session.page;
    await page.getByTestId('search-input').fill('人大');
    const bodyHit = page.locator('[data-testid="search-hit"][data-field="body"]').first();
    await bodyHit.waitFor();
    expect(await page.locator('[data-testid="search-hit"][data-field="title"]').count()).toBeGreaterThan(0);
    expect(await bodyHit.locator('mark').textContent()).toBe('人大');
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'search-results.png') });
    const articleId = await bodyHit.getAttribute('data-article-id');
    await bodyHit.click();
    await page.waitForURL(new RegExp(`#/issue/\\d+/article/${articleId}$`));
    const selected = await waitFor(() => page.evaluate(() => (globalThis as unknown as PageGlobals).getSelection()?.toString() ?? ''), (s) => s === '人大', 'the hit selected in the editor');
    expect(selected).toBe('人大');
    // The selection is inside the body editor.
    expect(await page.evaluate(() => !!(globalThis as unknown as PageGlobals).getSelection()?.anchorNode?.parentElement?.closest('[contenteditable="true"]'))).toBe(true);

    // A title hit selects the text in the title field.
    await page.getByTestId('search-input').fill('人大');
    const titleHit = page.locator('[data-testid="search-hit"][data-field="title"]').first();
    await titleHit.waitFor();
    await titleHit.click();
    await waitFor(
      () => page.evaluate(() => {
        const el = (globalThis as unknown as PageGlobals).document.activeElement;
        return el && el.dataset.part === 'title' ? el.value.slice(el.selectionStart, el.selectionEnd) : '';
      }),
      (s) => s === '人大',
      'the hit selected in the title field',
    );
    expect(unexpectedProblems(session.problems)).toEqual([]);
  });
});
