// The library screen and the language switch in Chromium against the real server and a fresh library.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/shared/errors';
import { unexpectedProblems, waitFor } from '../support/browser';
import { useBrowserApp } from '../support/app';

const app = useBrowserApp();

const issueNames = (page: Page) => page.locator('.issue-name').allTextContents();
// A rejected request answers HTTP 400, which Chromium logs as a failed resource load.
const REJECTED_REQUEST = /Failed to load resource: the server responded with a status of 400/;

describe('library', () => {
  it('lists the sample issue with status and article count', async () => {
    const session = await app.open();
    const page = session.page;
    await page.locator('.issue-name').first().waitFor();
    expect(await issueNames(page)).toEqual(['2026年第1期（总第313期）']);
    const row = page.locator('.issue-table tbody tr');
    expect(await row.textContent()).toContain('23 篇文章');
    expect(await row.textContent()).toContain('编辑中');
    expect(unexpectedProblems(session.problems)).toEqual([]);
  });

  it('switches to English and back, remembered over a reload', async () => {
    const session = await app.open();
    const page = session.page;
    await page.locator('.issue-name').first().waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await waitFor(() => issueNames(page), (n) => n[0] === '2026 No. 1 (No. 313 overall)', 'the English issue name');
    expect(await page.locator('.issue-table tbody tr').textContent()).toContain('23 articles');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.reload();
    await page.locator('.issue-name').first().waitFor();
    expect(await issueNames(page)).toEqual(['2026 No. 1 (No. 313 overall)']);
    expect(await page.getByRole('button', { name: 'Import issue JSON…' }).count()).toBe(1);

    await page.getByRole('button', { name: '中文' }).click();
    await waitFor(() => issueNames(page), (n) => n[0] === '2026年第1期（总第313期）', 'the Chinese issue name');
    await page.reload();
    await page.locator('.issue-name').first().waitFor();
    expect(await issueNames(page)).toEqual(['2026年第1期（总第313期）']);
    expect(unexpectedProblems(session.problems)).toEqual([]);
  });

  it('rejects a bad issue file with a message naming the file and the place, and changes nothing', async () => {
    const session = await app.open();
    const page = session.page;
    await page.locator('.issue-name').first().waitFor();
    const rowsBefore = await page.locator('.issue-table tbody tr').allTextContents();

    const bad = JSON.stringify({ schema: 'beijing-renda-issue/1', masthead: { title: 42 }, sections: 'none' });
    // What the back end says about this file, to compare with what the page shows.
    const answer = await page.evaluate(
      // Runs in the page; globalThis is its window there.
      async (json) => {
        const transport = (globalThis as unknown as {
          qikanTransport: {
            upload(kind: string, name: string, data: ArrayBuffer): Promise<Envelope<{ uploadId: string }>>;
            importIssueJson(i: unknown): Promise<unknown>;
          };
        }).qikanTransport;
        // As the page does: the file goes up first, then the call names it.
        const sent = await transport.upload('issue_json', 'bad-issue.json', new TextEncoder().encode(json).buffer as ArrayBuffer);
        return sent.ok ? transport.importIssueJson({ upload: sent.value.uploadId }) : sent;
      },
      bad,
    ) as Envelope<unknown>;
    expect(answer.ok).toBe(false);
    const details = answer.ok ? {} : answer.error.details;
    expect(typeof details.path).toBe('string');

    await page.getByTestId('import-file').setInputFiles({ name: 'bad-issue.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    const alert = page.locator('.import-error');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('bad-issue.json');
    expect(text).toContain(String(details.path));
    expect(text).toContain('资料库未作任何改动');

    // Not JSON at all.
    await page.getByTestId('import-file').setInputFiles({ name: 'not-json.json', mimeType: 'application/json', buffer: Buffer.from('{ 这不是 JSON') });
    await waitFor(() => alert.textContent(), (t) => !!t && t.includes('not-json.json'), 'the second error');

    await page.reload();
    await page.locator('.issue-name').first().waitFor();
    expect(await page.locator('.issue-table tbody tr').allTextContents()).toEqual(rowsBefore);
    expect(unexpectedProblems(session.problems, [REJECTED_REQUEST])).toEqual([]);
  });
});
