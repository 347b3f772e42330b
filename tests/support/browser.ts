// Launches Debian's Chromium headless for the browser tests, and starts the real server on a fresh library
// with the office's people already made (accounts with a password), each browser context logged in as one.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { openLibrary } from '../../src/node/library/open-library';
import { startServer } from '../../src/node/server/server';
import type { Role } from '../../src/shared/auth';
import { addPerson, TEST_PASSWORD } from './people';

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

/** A person to make in the library before the server starts. */
export interface PersonSpec {
  login: string;
  displayName: string;
  roles: readonly Role[];
  password?: string;
}

/** A person of the library, with what logs them in. */
export interface AppPerson {
  accountId: number;
  login: string;
  password: string;
  displayName: string;
  roles: readonly Role[];
}

/** Every role: the one person of a test about something other than who may do what. */
export const EVERY_ROLE: readonly Role[] = ['管理员', '主编', '编辑部主任', '责任编辑', '美编', '校对'];
export const DEFAULT_PERSON: PersonSpec = { login: 'editor', displayName: '王编辑', roles: EVERY_ROLE };

export interface AppOptions {
  locale?: string;
  /** The people to make; the default is one person with every role (DEFAULT_PERSON). */
  people?: readonly PersonSpec[];
  /** Login of the person the first context is logged in as; the first of `people` by default. */
  as?: string;
}

/** A browser context logged in as one person, its page open on the app. */
export interface AppWindow {
  person: AppPerson;
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings (CSP violations show up here) and uncaught page errors. */
  problems: string[];
}

export interface AppSession extends AppWindow {
  url: string;
  dataDir: string;
  /** Everyone made in the library, in the order given. */
  people: AppPerson[];
  /** A second (third…) browser context on the same server, logged in as `login`: two people, two browsers. */
  openAs(login: string, opts?: { locale?: string }): Promise<AppWindow>;
  close(): Promise<void>;
}

/** Logs a browser context in through the API, so its session cookie is in the context's jar. */
export async function loginContext(context: BrowserContext, url: string, login: string, password = TEST_PASSWORD): Promise<void> {
  const res = await context.request.post(new URL('api/login', url).href, {
    data: { login, password },
    headers: { 'Content-Type': 'application/json', Origin: new URL(url).origin },
  });
  if (!res.ok()) throw new Error(`logging in as ${login} failed: HTTP ${res.status()} ${await res.text()}`);
}

/** A fresh library with its people, the server, and a browser context logged in; the page is open on the app. */
export async function openApp(browser: Browser, opts: AppOptions = {}): Promise<AppSession> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qikan-e2e-'));
  const specs = opts.people ?? [DEFAULT_PERSON];
  if (specs.length === 0) throw new Error('openApp needs at least one person');
  const people: AppPerson[] = [];
  const lib = openLibrary({ dataDir });
  try {
    for (const p of specs) {
      const password = p.password ?? TEST_PASSWORD;
      const actor = await addPerson(lib, p.displayName, p.roles, p.login, password);
      people.push({ accountId: actor.accountId, login: actor.login, password, displayName: actor.displayName, roles: actor.roles });
    }
  } finally {
    lib.close();
  }
  const server = await startServer({ dataDir, port: 0, rendererDir: RENDERER_DIR, log: () => {} });
  const windows: AppWindow[] = [];
  const personOf = (login: string): AppPerson => {
    const found = people.find((p) => p.login === login);
    if (!found) throw new Error(`no person "${login}" in this library (have ${people.map((p) => p.login).join(', ')})`);
    return found;
  };
  const openAs = async (login: string, o: { locale?: string } = {}): Promise<AppWindow> => {
    const person = personOf(login);
    const context = await browser.newContext({ locale: o.locale ?? opts.locale ?? 'zh-CN' });
    const problems: string[] = [];
    const window: AppWindow = { person, context, page: await context.newPage(), problems };
    windows.push(window);
    window.page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    window.page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await loginContext(context, server.url, person.login, person.password);
    await window.page.goto(server.url);
    return window;
  };
  try {
    const first = await openAs(opts.as ?? people[0]!.login);
    return {
      ...first,
      url: server.url,
      dataDir,
      people,
      openAs,
      async close() {
        for (const w of windows.splice(0)) await w.context.close();
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const w of windows.splice(0)) await w.context.close().catch(() => undefined);
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
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

/** A library with `people` (none: a fresh library without accounts) and its server, nobody logged in:
 *  for tests of the login and first-run screens, which open their own browser contexts on `url`. */
export interface LoggedOutServer {
  url: string;
  dataDir: string;
  people: AppPerson[];
  close(): Promise<void>;
}

export async function startLoggedOutServer(opts: { people?: readonly PersonSpec[] } = {}): Promise<LoggedOutServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qikan-e2e-'));
  const people: AppPerson[] = [];
  const lib = openLibrary({ dataDir });
  try {
    for (const p of opts.people ?? []) {
      const password = p.password ?? TEST_PASSWORD;
      const actor = await addPerson(lib, p.displayName, p.roles, p.login, password);
      people.push({ accountId: actor.accountId, login: actor.login, password, displayName: actor.displayName, roles: actor.roles });
    }
  } finally {
    lib.close();
  }
  const server = await startServer({ dataDir, port: 0, rendererDir: RENDERER_DIR, log: () => {} });
  return {
    url: server.url,
    dataDir,
    people,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
