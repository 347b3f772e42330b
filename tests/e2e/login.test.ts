// Logging in and the first run, in Chromium against the real server: the login form refuses a wrong
// password, lets the person in, shows who they are, logs out; the session cookie is HttpOnly and
// SameSite=Strict (scripts in the page never see it); a library without accounts asks for the first
// administrator (the server is on loopback), and creating one logs them in.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startLoggedOutServer, unexpectedProblems, waitFor, type LoggedOutServer, type PersonSpec } from '../support/browser';
import { SCREENSHOTS_DIR } from '../support/app';
import { TEST_PASSWORD } from '../support/people';

const PEOPLE: PersonSpec[] = [
  { login: 'zhangsan', displayName: '张三', roles: ['责任编辑', '校对'] },
  { login: 'wangzhu', displayName: '王主编', roles: ['管理员', '主编'] },
];
/** The browser logs the refused login's 401 to the console: that one is expected. */
const EXPECTED = [/401|Unauthorized/i];

let browser: Browser | undefined;
let server: LoggedOutServer | null = null;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
  await server?.close();
  server = null;
});

/** A fresh browser context (no cookies) with the page open on the server; console problems collected. */
async function visit(url: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  if (!browser) throw new Error('the browser is not running');
  const context = await browser.newContext({ locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return { context, page, problems };
}

async function fillLogin(page: Page, login: string, password: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.getByLabel('登录名').fill(login);
  await form.getByLabel('密码').fill(password);
  await form.getByRole('button', { name: '登录' }).click();
}

/** The app behind the gate: the library screen with its issues. */
const appShown = (page: Page) => page.getByRole('button', { name: '打开' }).first().waitFor();

describe('logging in', () => {
  it('refuses a wrong password, logs in with an HttpOnly cookie, shows the person, and logs out', async () => {
    server = await startLoggedOutServer({ people: PEOPLE });
    const { context, page, problems } = await visit(server.url);
    const form = page.getByTestId('login-form');
    await form.waitFor();
    expect(await page.getByTestId('setup-form').count()).toBe(0);
    expect(await page.getByTestId('user-current').count()).toBe(0);

    // Both fields are needed.
    await form.getByRole('button', { name: '登录' }).click();
    expect(await page.getByTestId('login-error').textContent()).toBe('请填写登录名和密码');

    // A wrong password and an unknown login get the same answer, and nobody is logged in.
    await fillLogin(page, 'zhangsan', 'not the password');
    await waitFor(() => page.getByTestId('login-error').textContent(), (t) => t === '用户名或密码不正确', 'the wrong-password message');
    expect(await form.getByLabel('密码').inputValue()).toBe('');
    await page.screenshot({ path: resolve(SCREENSHOTS_DIR, 'login.png'), fullPage: true });
    await fillLogin(page, 'nobody', TEST_PASSWORD);
    await waitFor(() => page.getByTestId('login-error').textContent(), (t) => t === '用户名或密码不正确', 'the unknown-login message');
    expect(await context.cookies()).toEqual([]);

    // The right password: the server sets the session cookie, HttpOnly and SameSite=Strict.
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/login') && r.status() === 200);
    await fillLogin(page, 'zhangsan', TEST_PASSWORD);
    const setCookie = (await (await answer).headerValue('set-cookie')) ?? '';
    expect(setCookie).toMatch(/^qikan_session_[^=]+=[^;]+;/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
    await appShown(page);
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]!.name).toMatch(/^qikan_session_/);
    expect(cookies[0]!.httpOnly).toBe(true);
    expect(cookies[0]!.sameSite).toBe('Strict');
    // Scripts in the page cannot read it.
    expect(await page.evaluate('document.cookie')).not.toContain('qikan_session');
    expect(await page.evaluate('document.cookie')).not.toContain(cookies[0]!.value);

    // The user menu names the person and their roles.
    const current = page.getByTestId('user-current');
    expect(await current.locator('.user-name').textContent()).toBe('张三');
    expect(await current.locator('.user-roles').textContent()).toBe('责任编辑、校对');
    // The session holds over a reload.
    await page.reload();
    await appShown(page);
    expect(await page.getByTestId('user-current').locator('.user-name').textContent()).toBe('张三');

    // 退出登录 returns to the login form and ends the session on the server: the old cookie opens nothing.
    const oldCookie = cookies[0]!;
    await page.getByTestId('user-current').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.getByTestId('login-form').waitFor();
    expect(await page.getByTestId('user-current').count()).toBe(0);
    await context.addCookies([oldCookie]);
    await page.reload();
    await page.getByTestId('login-form').waitFor();
    expect(await page.getByRole('button', { name: '打开' }).count()).toBe(0);

    // Someone else logs in on the same browser.
    await fillLogin(page, 'wangzhu', TEST_PASSWORD);
    await appShown(page);
    expect(await page.getByTestId('user-current').locator('.user-name').textContent()).toBe('王主编');
    expect(await page.getByTestId('user-current').locator('.user-roles').textContent()).toBe('管理员、主编');

    expect(unexpectedProblems(problems, EXPECTED)).toEqual([]);
  });

  it('asks a library without accounts for the first administrator, and creating one logs them in', async () => {
    server = await startLoggedOutServer({ people: [] });
    const { context, page, problems } = await visit(server.url);
    const form = page.getByTestId('setup-form');
    await form.waitFor();
    expect(await form.locator('h2').textContent()).toBe('创建第一位管理员');
    expect(await page.getByTestId('login-form').count()).toBe(0);

    // Bad input is told in words, before anything is sent.
    await form.getByLabel('登录名').fill('Admin!');
    await form.getByRole('button', { name: '创建并登录' }).click();
    expect(await page.getByTestId('setup-error').textContent()).toBe('登录名为 2–32 位小写字母、数字或 . _ -，以字母或数字开头');
    await form.getByLabel('登录名').fill('zhao');
    await form.getByRole('button', { name: '创建并登录' }).click();
    expect(await page.getByTestId('setup-error').textContent()).toBe('请填写姓名');
    await form.getByLabel('姓名').fill('赵主任');
    await form.getByLabel('密码', { exact: true }).fill('short');
    await form.getByLabel('再次输入密码').fill('short');
    await form.getByRole('button', { name: '创建并登录' }).click();
    expect(await page.getByTestId('setup-error').textContent()).toBe('密码至少 8 位');
    await form.getByLabel('密码', { exact: true }).fill('office password 7');
    await form.getByLabel('再次输入密码').fill('office password 8');
    await form.getByRole('button', { name: '创建并登录' }).click();
    expect(await page.getByTestId('setup-error').textContent()).toBe('两次输入的密码不一致');
    expect(await context.cookies()).toEqual([]);

    await form.getByLabel('再次输入密码').fill('office password 7');
    await form.getByRole('checkbox', { name: '主编' }).check();
    await page.screenshot({ path: resolve(SCREENSHOTS_DIR, 'setup.png'), fullPage: true });
    await form.getByRole('button', { name: '创建并登录' }).click();

    // Logged in as the new administrator, with the cookie scripts cannot read.
    await appShown(page);
    const current = page.getByTestId('user-current');
    expect(await current.locator('.user-name').textContent()).toBe('赵主任');
    expect(await current.locator('.user-roles').textContent()).toBe('管理员、主编');
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]!.httpOnly).toBe(true);
    expect(await page.evaluate('document.cookie')).not.toContain('qikan_session');

    // The library has an account now: another browser gets the login form, not the setup, and the
    // administrator's password lets them in there.
    const other = await visit(server.url);
    await other.page.getByTestId('login-form').waitFor();
    expect(await other.page.getByTestId('setup-form').count()).toBe(0);
    await fillLogin(other.page, 'zhao', 'office password 7');
    await appShown(other.page);
    expect(await other.page.getByTestId('user-current').locator('.user-name').textContent()).toBe('赵主任');

    expect(unexpectedProblems(problems)).toEqual([]);
    expect(unexpectedProblems(other.problems)).toEqual([]);
  });
});
