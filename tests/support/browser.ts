// Launches Debian's Chromium headless for the browser tests, and starts the real server on a fresh library.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { startServer } from '../../src/node/server/server';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const RENDERER_DIR = resolve(__dirname, '../../out/renderer');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Browser tests need Debian's Chromium at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium".`);
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`Browser tests need the built renderer in ${RENDERER_DIR}: run "npx electron-vite build" first.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface AppSession {
  url: string;
  dataDir: string;
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings (CSP violations show up here) and uncaught page errors. */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh library, server and browser context; the page is open on the app. */
export async function openApp(browser: Browser, opts: { locale?: string } = {}): Promise<AppSession> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qikan-e2e-'));
  const server = await startServer({ dataDir, port: 0, rendererDir: RENDERER_DIR, log: () => {} });
  const context = await browser.newContext({ locale: opts.locale ?? 'zh-CN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(server.url);
  return {
    url: server.url,
    dataDir,
    context,
    page,
    problems,
    async close() {
      await context.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until `read` returns a value `accept`s; fails with the last value seen. */
export async function waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Console problems other than the expected ones (e.g. the 400 a rejected import answers with). */
export function unexpectedProblems(problems: readonly string[], expected: readonly RegExp[] = []): string[] {
  return problems.filter((p) => !expected.some((re) => re.test(p)));
}
