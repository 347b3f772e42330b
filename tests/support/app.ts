// The setup every browser test file shares: one Chromium per file, a fresh library and server per
// test (closed after it), and the ways into the sample issue most tests start from.
//
//   const app = useBrowserApp({ screenshots: true });
//   it('…', async () => {
//     const page = await openFirstIssue((await app.open()).page);
//     …
//     expect(unexpectedProblems(app.session.problems)).toEqual([]);
//   });

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, openApp, waitFor, type AppOptions, type AppSession } from './browser';

export const SCREENSHOTS_DIR = resolve(__dirname, '../../test-output/screenshots');

export interface BrowserApp {
  /** A fresh library (with its people), server and logged-in browser context with the page open on the
   *  app; closed after the test. `session.openAs(login)` adds a second person's browser. */
  open(opts?: AppOptions): Promise<AppSession>;
  /** The session the running test opened; throws when it has opened none. */
  readonly session: AppSession;
}

/** Registers the file's hooks: the browser launched before all tests, each test's session closed after it. */
export function useBrowserApp(opts: { screenshots?: boolean } = {}): BrowserApp {
  let browser: Browser | undefined;
  let current: AppSession | null = null;

  beforeAll(async () => {
    if (opts.screenshots) mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });

  return {
    async open(openOpts = {}) {
      if (!browser) throw new Error('the browser is not running: call useBrowserApp() at the top level of the test file');
      current = await openApp(browser, openOpts);
      return current;
    },
    get session() {
      if (!current) throw new Error('this test has not opened the app: call app.open() first');
      return current;
    },
  };
}

/** Opens the first issue of the library (the sample issue) from the library screen, at its outline. */
export async function openFirstIssue(page: Page, openLabel = '打开'): Promise<Page> {
  await page.getByRole('button', { name: openLabel }).first().click();
  await page.locator('.section-row').first().waitFor();
  return page;
}

/** Opens the first issue's article in outline row `row` and waits for the editor and the first preview layout. */
export async function openArticleWithPreview(page: Page, row: number): Promise<Page> {
  await page.getByRole('button', { name: '打开' }).first().click();
  await page.locator('.article-row').nth(row).click();
  await page.locator('.body-content').waitFor();
  await waitFor(() => page.getByTestId('preview').getAttribute('data-state'), (s) => s === 'ready', 'the first layout');
  return page;
}

/** Waits for the editor's save indicator to report the article saved. */
export async function waitSaved(page: Page): Promise<void> {
  await waitFor(() => page.locator('[data-save-state]').getAttribute('data-save-state'), (s) => s === 'saved', '已保存');
}
