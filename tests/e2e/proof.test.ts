// 三审三校 in Chromium, people logged in on accounts in separate browser contexts on one server:
// 张编辑 (责任编辑) keeps one round (一校, so it is the last and needs all four signatures) and opens it;
// 李校对 (校对) marks three corrections in proof mode (改, 删, 疑问); 张编辑 accepts two and rejects one,
// and the text shows exactly the accepted two; the proof PDF is exported and read back. The 校对 may not
// sign a 审 or export for print: the buttons say which role is needed, and the server answers 403 when
// the page calls the API anyway. The 付印 gate holds until the round is closed and signed 责任校对 (李),
// 初审 (张, after a wrong password that signs nothing), 复审 (刘主任) and 终审 (王主编, in a window
// logged out and in again through the user menu); then the issue is frozen: 张's edit is refused and
// his text kept, until 王主编 withdraws the 终审 with a reason; the edit saves, the gate names the
// changed article in the stale signatures, they are given again and the gate is clear. The issue's
// 操作记录 lists every step with the people's names. Screenshots go to test-output/screenshots.
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unexpectedProblems, waitFor, type PersonSpec } from '../support/browser';
import { SCREENSHOTS_DIR, useBrowserApp } from '../support/app';
import { TEST_PASSWORD } from '../support/people';

const SLOW_MS = 60_000;
const PEOPLE: PersonSpec[] = [
  { login: 'zhang', displayName: '张编辑', roles: ['责任编辑'] },
  { login: 'li', displayName: '李校对', roles: ['校对'] },
  { login: 'liu', displayName: '刘主任', roles: ['编辑部主任'] },
  { login: 'wang', displayName: '王主编', roles: ['主编'] },
];
/** The outline row of the article the corrections and the late edit go into. */
const ROW = 1;
const WITHDRAW_REASON = '作者来函更正一处数据，须改后重签';
const LATE_EDIT = '（作者来函更正。）';
const shot = (name: string) => resolve(SCREENSHOTS_DIR, name);

const app = useBrowserApp({ screenshots: true });

async function openIssue(page: Page) {
  await page.getByRole('button', { name: '打开' }).first().click();
  await page.locator('.section-row').first().waitFor();
}

async function openArticle(page: Page, row: number) {
  await page.getByRole('tab', { name: '文章' }).click();
  await page.locator('.article-row').nth(row).click();
  await page.locator('.body-content').waitFor();
  await waitFor(() => page.getByTestId('preview').getAttribute('data-state'), (s) => s === 'ready', 'the first layout', SLOW_MS);
}

async function openProofTab(page: Page) {
  await page.getByRole('tab', { name: '校对' }).click();
  await page.getByTestId('proof-panel').waitFor();
}

/** Reloads the 校对 tab (someone else may have signed in another browser). */
async function refreshProof(page: Page) {
  await openProofTab(page);
  await page.getByTestId('proof-panel').locator('.proof-panel-head').getByRole('button', { name: '刷新' }).click();
}

/** Logs the window's person out through the user menu; the login form comes. */
async function logOut(page: Page) {
  await page.getByTestId('user-current').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.getByTestId('login-form').waitFor();
}

/** Logs in through the login form; the app comes back at the screen it was on. */
async function logIn(page: Page, login: string, displayName: string) {
  const form = page.getByTestId('login-form');
  await form.getByLabel('登录名').fill(login);
  await form.getByLabel('密码').fill(TEST_PASSWORD);
  await form.getByRole('button', { name: '登录' }).click();
  await waitFor(() => page.getByTestId('user-current').locator('.user-name').textContent().catch(() => null), (s) => s === displayName, `${displayName} logged in`);
}

// Page-side code goes in as strings: the node typecheck has no DOM types.

/** Indexes of top-level body paragraphs whose first text node holds at least `min` characters. */
async function textBlocks(page: Page, min: number): Promise<number[]> {
  return page.evaluate(`(() => {
    const out = [];
    document.querySelectorAll('.body-content > *').forEach((b, i) => {
      const first = document.createTreeWalker(b, NodeFilter.SHOW_TEXT).nextNode();
      if (b.tagName === 'P' && first && (first.textContent || '').length >= ${min}) out.push(i);
    });
    return out;
  })()`);
}

/** Selects characters [start, end) of block `index`'s first text node, as a reader's mouse would. */
async function selectInBlock(page: Page, index: number, start: number, end: number): Promise<string> {
  return page.evaluate(`(() => {
    const block = document.querySelectorAll('.body-content > *')[${index}];
    const text = document.createTreeWalker(block, NodeFilter.SHOW_TEXT).nextNode();
    const range = document.createRange();
    range.setStart(text, ${start});
    range.setEnd(text, ${end});
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    return range.toString();
  })()`);
}

/** One API call from the page, through its own transport (the person's session cookie), with the HTTP status. */
async function callFromPage(page: Page, method: string, input: unknown): Promise<{ status: number; envelope: { ok: boolean; value?: unknown; error?: { code: string; details: Record<string, unknown> } } }> {
  const [response, envelope] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(`/api/${method}`)),
    page.evaluate(`window.qikanTransport.${method}(${JSON.stringify(input)})`),
  ]);
  return { status: response.status(), envelope: envelope as { ok: boolean; error?: { code: string; details: Record<string, unknown> } } };
}

async function apiValue<T>(page: Page, method: string, input: unknown): Promise<T> {
  const envelope = (await page.evaluate(`window.qikanTransport.${method}(${JSON.stringify(input)})`)) as { ok: boolean; value?: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${method} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.value as T;
}

const blockText = (page: Page, index: number) => page.locator('.body-content > *').nth(index).textContent();
const cards = (page: Page) => page.getByTestId('correction-card');
const stepRow = (page: Page, step: string) => page.locator(`.signoff-round[data-round="一校"] li[data-step="${step}"]`);

async function propose(page: Page, kind: string, block: number, start: number, end: number, fill: { proposed?: string; note?: string }) {
  const before = await cards(page).count();
  await selectInBlock(page, block, start, end);
  await page.getByRole('toolbar', { name: '校改符号' }).getByRole('button', { name: kind, exact: true }).click();
  const draft = page.getByTestId('proof-draft');
  await waitFor(
    async () => ((await draft.count()) > 0 ? 'draft' : ((await page.getByTestId('proof-message').textContent().catch(() => null)) ?? '')),
    (s) => s === 'draft',
    `the ${kind} form`,
  );
  if (fill.proposed !== undefined) await page.getByTestId('proof-proposed').fill(fill.proposed);
  if (fill.note !== undefined) await page.getByTestId('proof-note').fill(fill.note);
  await draft.getByRole('button', { name: '提交校改' }).click();
  // The proposal reloads the article with its mark; the list grows by one.
  await waitFor(() => cards(page).count(), (n) => n === before + 1, `the ${kind} correction in the list`, SLOW_MS);
  await page.locator('.body-content').waitFor();
}

/** The print export's preflight as the export dialog shows it: the 付印 items' codes and texts. */
async function printGate(page: Page): Promise<{ codes: string[]; texts: string[]; startDisabled: boolean; startTitle: string | null; placeholders: number }> {
  await page.getByRole('button', { name: '导出 PDF…' }).click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.waitFor();
  await waitFor(() => page.getByTestId('preflight').getAttribute('data-state'), (s) => s === 'ready', 'the preflight', SLOW_MS);
  const items = await page.getByTestId('preflight-item').evaluateAll((els) => els.map((e) => ({ code: e.getAttribute('data-code') ?? '', text: e.textContent ?? '' })));
  const start = dialog.locator('button.export-start');
  const startDisabled = await start.isDisabled();
  const startTitle = await start.getAttribute('title');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  const gate = items.filter((i) => i.code.startsWith('signoff_') || i.code === 'not_proofread');
  // The sample's placeholder frames are print errors of their own (photos still to come), apart from the gate.
  const placeholders = items.filter((i) => i.code === 'placeholder').length;
  return { codes: gate.map((i) => i.code), texts: gate.map((i) => i.text), startDisabled, startTitle, placeholders };
}

/** Gives the round's `step` signature through the dialog with the person's password. */
async function sign(page: Page, step: string, opts: { again?: boolean } = {}) {
  await refreshProof(page);
  const row = stepRow(page, step);
  const button = row.getByRole('button', { name: `${opts.again ? '重新签字' : '签字'}：${step === '终审' ? '终审（付印）' : step}` });
  await waitFor(() => button.isEnabled(), (v) => v, `the ${step} button enabled`);
  await button.click();
  const dialog = page.getByTestId('sign-dialog');
  await dialog.getByTestId('sign-covers').waitFor();
  await dialog.getByLabel('请再次输入您的密码以确认签字').fill(TEST_PASSWORD);
  await dialog.getByRole('button', { name: '确认签字' }).click();
  await dialog.waitFor({ state: 'detached', timeout: SLOW_MS });
  await waitFor(
    async () => `${await row.getAttribute('data-signed')}/${await row.getAttribute('data-stale')}`,
    (s) => s === 'true/false',
    `${step} signed`,
    SLOW_MS,
  );
}

interface Line {
  action: string;
  outcome: string;
  person: string;
  text: string;
}

describe('三审三校 by four people on accounts', () => {
  it('runs 一校 from marks to 付印, refuses an edit after it until the 主编 withdraws, and records every step', async () => {
    const session = await app.open({ people: PEOPLE, as: 'zhang' });
    const editor = session.page;
    await editor.setViewportSize({ width: 1600, height: 950 });
    await openIssue(editor);

    // 张编辑 keeps one round (so 一校 is the last one and needs all four signatures) and opens it.
    await openProofTab(editor);
    expect(await editor.locator('[data-testid="rounds-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-round')))).toEqual([
      '一校',
      '二校',
      '三校',
      '通读',
    ]);
    await editor.getByRole('button', { name: '编辑校次' }).click();
    const edit = editor.getByTestId('rounds-edit');
    for (let k = 0; k < 3; k++) await edit.getByRole('button', { name: '删除' }).last().click();
    await edit.getByRole('button', { name: '保存' }).click();
    await waitFor(() => editor.locator('[data-testid="rounds-table"] tbody tr').count(), (n) => n === 1, 'one round left');
    await editor.getByRole('button', { name: '开始一校' }).click();
    await editor.getByTestId('round-open-form').getByRole('button', { name: '开始校次' }).click();
    await waitFor(() => editor.locator('tr[data-round="一校"]').getAttribute('data-state'), (s) => s === 'open', '一校 open');
    expect(await editor.locator('tr[data-round="一校"]').textContent()).toContain('张编辑');
    // One round: it is the last, so it needs all four signatures.
    expect(await editor.locator('.signoff-round[data-round="一校"] li[data-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).toEqual([
      '责任校对',
      '初审',
      '复审',
      '终审',
    ]);

    // 李校对, in a second browser context on the same server, logged in as himself.
    const readerWindow = await session.openAs('li');
    const reader = readerWindow.page;
    await reader.setViewportSize({ width: 1600, height: 950 });
    await openIssue(reader);
    await openArticle(reader, ROW);
    // A 校对 may not edit text: proof mode, always.
    expect(await reader.getByTestId('proof-mode').isChecked()).toBe(true);
    expect(await reader.locator('.body-content').getAttribute('contenteditable')).toBe('false');

    const blocks = await textBlocks(reader, 12);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const [replaceAt, deleteAt, queryAt] = blocks as [number, number, number];
    const originals = { replace: await blockText(reader, replaceAt), del: await blockText(reader, deleteAt), query: await blockText(reader, queryAt) };
    const replaced = await selectInBlock(reader, replaceAt, 2, 4);
    await propose(reader, '改', replaceAt, 2, 4, { proposed: '甲乙丙' });
    const deleted = await selectInBlock(reader, deleteAt, 3, 5);
    await propose(reader, '删', deleteAt, 3, 5, {});
    await propose(reader, '疑问', queryAt, 0, 4, { note: '此处提法请核实' });
    expect(await reader.locator('.body-content .qk-mark-open').count()).toBeGreaterThanOrEqual(3);
    // The text itself has not changed: proposals only mark it.
    expect(await blockText(reader, replaceAt)).toBe(originals.replace);
    await waitFor(() => reader.locator('.pv-correction').count(), (n) => n >= 3, 'the corrections on the page preview', SLOW_MS);
    expect(await cards(reader).first().textContent()).toContain('李校对');
    await reader.screenshot({ path: shot('proof-mode-marks.png') });

    // 张编辑 opens the same article and sees the three open corrections, each with its proposer.
    await openArticle(editor, ROW);
    const articleId = Number(await editor.locator('.article-editor').getAttribute('data-article-id'));
    const articleTitle = (await apiValue<{ titleLines: string[] }>(editor, 'getArticle', { articleId })).titleLines.join('');
    expect(articleTitle.length).toBeGreaterThan(0);
    await waitFor(() => cards(editor).count(), (n) => n === 3, 'three corrections for the editor', SLOW_MS);
    expect(await cards(editor).evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-status')}`))).toEqual([
      'replace:open',
      'delete:open',
      'query:open',
    ]);
    await editor.screenshot({ path: shot('proof-corrections-list.png') });

    const decide = async (kind: string, action: 'accept' | 'reject') => {
      const card = editor.locator(`[data-testid="correction-card"][data-kind="${kind}"]`);
      await card.click();
      if (action === 'accept') await card.getByRole('button', { name: '接受' }).click();
      else {
        await card.getByRole('button', { name: '拒绝' }).click();
        await card.getByLabel('拒绝理由').fill('原文无误');
        await card.getByRole('button', { name: '确认拒绝' }).click();
      }
      await waitFor(() => card.getAttribute('data-status'), (s) => s === (action === 'accept' ? 'accepted' : 'rejected'), `${kind} ${action}ed`, SLOW_MS);
    };
    await decide('replace', 'accept');
    await decide('delete', 'accept');
    await decide('query', 'reject');

    // Exactly the accepted two show in the text.
    const expectReplace = originals.replace!.slice(0, 2) + '甲乙丙' + originals.replace!.slice(4);
    const expectDelete = originals.del!.slice(0, 3) + originals.del!.slice(5);
    expect(replaced).toBe(originals.replace!.slice(2, 4));
    expect(deleted).toBe(originals.del!.slice(3, 5));
    await waitFor(() => blockText(editor, replaceAt), (s) => s === expectReplace, 'the replacement in the text', SLOW_MS);
    await waitFor(() => blockText(editor, deleteAt), (s) => s === expectDelete, 'the deletion in the text', SLOW_MS);
    expect(await blockText(editor, queryAt)).toBe(originals.query);
    expect(await editor.locator('.body-content .qk-mark-open').count()).toBe(0);
    // The proofreader's window follows.
    await waitFor(() => reader.locator('[data-testid="correction-card"][data-status="open"]').count(), (n) => n === 0, 'no open corrections for the reader', SLOW_MS);
    expect(await blockText(reader, replaceAt)).toBe(expectReplace);

    // The proof PDF of 一校: exported from the UI, fetched, and read back without any open correction.
    await openProofTab(editor);
    await editor.getByTestId('proof-export-start').click();
    await waitFor(() => editor.getByTestId('proof-export-state').getAttribute('data-state'), (s) => s === 'done' || s === 'failed', 'the proof export', SLOW_MS);
    expect(await editor.getByTestId('proof-export-state').getAttribute('data-state')).toBe('done');
    const href = await editor.getByTestId('proof-export-download').getAttribute('href');
    const response = await editor.request.get(new URL(href!, session.url).toString());
    expect(response.status()).toBe(200);
    const bytes = new Uint8Array(await response.body());
    expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, verbosity: 0 }).promise;
    let text = '';
    for (let p = 1; p <= pdf.numPages; p++) {
      const content = await (await pdf.getPage(p)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
    }
    await pdf.destroy();
    expect(text).toContain('一校样');
    expect(text).not.toContain('此处提法请核实');

    // The 付印 gate holds while 一校 is open, and after closing it until all four have signed.
    expect((await printGate(editor)).codes).toContain('signoff_round_unclosed');
    await editor.getByRole('button', { name: '结束一校' }).click();
    await waitFor(() => editor.locator('tr[data-round="一校"]').getAttribute('data-state'), (s) => s === 'closed', '一校 closed');
    expect((await printGate(editor)).codes).toEqual(['signoff_missing']);

    // The 校对 may sign 责任校对 only: the 审 buttons are disabled and name the role each needs.
    await refreshProof(reader);
    const needs: Record<string, string> = { 初审: '初审须由责任编辑签署', 复审: '复审须由编辑部主任签署', 终审: '终审（付印）须由主编签署' };
    for (const [step, why] of Object.entries(needs)) {
      const button = stepRow(reader, step).getByTestId('sign-button');
      expect(await button.isDisabled()).toBe(true);
      expect(await button.getAttribute('title')).toBe(why);
      expect(await stepRow(reader, step).getByTestId('sign-reason').textContent()).toContain(why);
    }
    expect(await stepRow(reader, '责任校对').getByTestId('sign-button').isEnabled()).toBe(true);
    // …nor export for print: the dialog's button says who may.
    const readerGate = await printGate(reader);
    expect(readerGate.startDisabled).toBe(true);
    expect(readerGate.startTitle).toBe('需要以下角色之一：主编、编辑部主任、美编');
    // The server enforces it, not only the UI: the same calls from the 校对's page come back 403.
    const issueId = Number(new URL(reader.url()).hash.match(/issue\/(\d+)/)?.[1] ?? NaN);
    const rounds = await apiValue<{ id: number; name: string }[]>(reader, 'listRounds', { issueId });
    const roundId = rounds.find((r) => r.name === '一校')!.id;
    for (const step of ['复审', '终审', '初审']) {
      const refused = await callFromPage(reader, 'signRound', { roundId, step, password: TEST_PASSWORD });
      expect(refused.status).toBe(403);
      expect(refused.envelope.ok).toBe(false);
      expect(refused.envelope.error?.code).toBe('forbidden');
      expect(refused.envelope.error?.details['reason']).toBe('role');
    }
    const printRefused = await callFromPage(reader, 'startExport', { issueId, kind: 'print' });
    expect(printRefused.status).toBe(403);
    expect(printRefused.envelope.error?.code).toBe('forbidden');
    expect(printRefused.envelope.error?.details['needed']).toBe('主编、编辑部主任、美编');
    expect(await apiValue<unknown[]>(reader, 'listSignOffs', { issueId })).toEqual([]);

    // 责任校对 by 李校对.
    await sign(reader, '责任校对');
    expect(await stepRow(reader, '责任校对').getByTestId('signoff-signed').textContent()).toContain('李校对');

    // 初审 by 张编辑: a wrong password shows the error and signs nothing; then the right one signs.
    await refreshProof(editor);
    await stepRow(editor, '初审').getByRole('button', { name: '签字：初审' }).click();
    const dialog = editor.getByTestId('sign-dialog');
    await dialog.getByTestId('sign-covers').waitFor();
    const covers = (await dialog.getByTestId('sign-covers').textContent()) ?? '';
    expect(covers).toMatch(/本签字覆盖全期 \d+ 篇文章的当前文字/);
    expect(covers).toContain(`《${articleTitle}》`);
    await dialog.getByLabel('请再次输入您的密码以确认签字').fill('not the password');
    await dialog.getByRole('button', { name: '确认签字' }).click();
    await waitFor(() => dialog.getByTestId('sign-error').textContent().catch(() => null), (s) => s === '密码不正确', 'the wrong-password error');
    await editor.screenshot({ path: shot('proof-sign-dialog.png') });
    expect(await dialog.getByLabel('请再次输入您的密码以确认签字').inputValue()).toBe('');
    expect((await apiValue<{ step: string }[]>(editor, 'listSignOffs', { issueId })).map((s) => s.step)).toEqual(['责任校对']);
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await stepRow(editor, '初审').getAttribute('data-signed')).toBe('false');
    await sign(editor, '初审');
    expect((await printGate(editor)).codes).toEqual(['signoff_missing']);

    // 复审 by 刘主任, in a third browser context.
    const chiefWindow = await session.openAs('liu');
    const chief = chiefWindow.page;
    await chief.setViewportSize({ width: 1600, height: 950 });
    await openIssue(chief);
    await sign(chief, '复审');
    const beforePrint = await printGate(chief);
    expect(beforePrint.codes).toEqual(['signoff_missing']);
    expect(beforePrint.texts[0]).toContain('终审');
    expect(beforePrint.texts[0]).not.toContain('复审');

    // The same window, logged out through the user menu and in again as 王主编, gives the 终审 (付印).
    await logOut(chief);
    await logIn(chief, 'wang', '王主编');
    await sign(chief, '终审');
    await waitFor(() => chief.getByTestId('signoff-state').getAttribute('data-ready'), (s) => s === 'true', 'ready for press');
    expect(await chief.getByTestId('signoff-state').getAttribute('data-frozen')).toBe('true');
    const signers = await chief.locator('.signoff-round[data-round="一校"] li[data-step]').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-step')}:${e.querySelector('[data-testid="signoff-signed"]')?.textContent?.split(' ')[0] ?? ''}`),
    );
    expect(signers).toEqual(['责任校对:李校对', '初审:张编辑', '复审:刘主任', '终审:王主编']);
    await chief.getByTestId('frozen-banner').waitFor();
    expect(await chief.getByTestId('frozen-banner').textContent()).toContain('王主编');
    await chief.screenshot({ path: shot('proof-rounds-signoff.png'), fullPage: true });
    const clear = await printGate(chief);
    expect(clear.codes).toEqual([]);
    // Only the placeholder photos still hold the print export (an override reason would pass them).
    expect(clear.startDisabled).toBe(clear.placeholders > 0);

    // After 付印 张编辑 changes a sentence: the save is refused, the editor says why and keeps his text.
    await openArticle(editor, ROW);
    await editor.getByTestId('frozen-banner').waitFor();
    await editor.locator('.body-content > *').nth(queryAt).click();
    await editor.keyboard.press('End');
    await editor.keyboard.type(LATE_EDIT);
    const saveState = editor.locator('[data-save-state]');
    await waitFor(() => saveState.getAttribute('data-save-state'), (s) => s === 'error', 'the refused save', SLOW_MS);
    expect(await saveState.textContent()).toContain('本期已签发付印，内容已冻结');
    // The typed words stay where they went in (the caret was at the end of a line of the paragraph).
    const kept = (await blockText(editor, queryAt)) ?? '';
    expect(kept).toContain(LATE_EDIT);
    expect(kept.replace(LATE_EDIT, '')).toBe(originals.query);
    expect(JSON.stringify((await apiValue<{ body: unknown }>(editor, 'getArticle', { articleId })).body)).not.toContain(LATE_EDIT);
    await editor.screenshot({ path: shot('proof-frozen.png') });

    // 王主编 withdraws the 终审 with a reason and his password.
    await refreshProof(chief);
    await stepRow(chief, '终审').getByTestId('withdraw-button').click();
    const withdraw = chief.getByTestId('withdraw-dialog');
    await withdraw.getByLabel('撤回理由').fill(WITHDRAW_REASON);
    await withdraw.getByLabel('请再次输入您的密码以确认签字').fill(TEST_PASSWORD);
    await withdraw.getByRole('button', { name: '确认撤回' }).click();
    await withdraw.waitFor({ state: 'detached', timeout: SLOW_MS });
    await waitFor(() => stepRow(chief, '终审').getAttribute('data-signed'), (s) => s === 'false', '终审 withdrawn', SLOW_MS);
    expect(await stepRow(chief, '终审').getByTestId('signoff-withdrawn').textContent()).toContain(WITHDRAW_REASON);
    expect(await chief.getByTestId('signoff-state').getAttribute('data-frozen')).toBe('false');
    await waitFor(() => chief.getByTestId('frozen-banner').count(), (n) => n === 0, 'the frozen banner gone');

    // 张编辑's kept edit now saves.
    await saveState.getByRole('button', { name: '重试' }).click();
    await waitFor(() => saveState.getAttribute('data-save-state'), (s) => s === 'saved', 'the edit saved', SLOW_MS);
    expect(JSON.stringify((await apiValue<{ body: unknown }>(editor, 'getArticle', { articleId })).body)).toContain(LATE_EDIT);

    // The gate names the changed article in each signature given before the change; 终审 is missing.
    const stale = await printGate(editor);
    expect([...stale.codes].sort()).toEqual(['signoff_missing', 'signoff_stale', 'signoff_stale', 'signoff_stale']);
    for (const [k, code] of stale.codes.entries()) if (code === 'signoff_stale') expect(stale.texts[k]).toContain(articleTitle);
    await refreshProof(editor);
    expect(await editor.getByTestId('frozen-banner').count()).toBe(0);
    const staleLines = await editor.getByTestId('signoff-stale').allTextContents();
    expect(staleLines).toHaveLength(3);
    for (const line of staleLines) expect(line).toContain(articleTitle);
    for (const step of ['责任校对', '初审', '复审']) expect(await stepRow(editor, step).getAttribute('data-stale')).toBe('true');

    // The stale signatures are given again: 李校对, 张编辑, 刘主任 (李's window, logged out and in as 刘), then 王主编's 终审.
    await sign(reader, '责任校对', { again: true });
    await sign(editor, '初审', { again: true });
    await logOut(reader);
    await logIn(reader, 'liu', '刘主任');
    await sign(reader, '复审', { again: true });
    await sign(chief, '终审');
    await waitFor(() => chief.getByTestId('signoff-state').getAttribute('data-ready'), (s) => s === 'true', 'ready for press again');
    expect(await chief.getByTestId('signoff-stale').count()).toBe(0);
    expect((await printGate(chief)).codes).toEqual([]);
    expect((await printGate(editor)).codes).toEqual([]);

    // The issue's 操作记录 lists every step with the people's names.
    await chief.getByRole('tab', { name: '操作记录' }).click();
    await chief.getByTestId('activity-view').waitFor();
    await waitFor(() => chief.getByTestId('activity-line').count(), (n) => n > 0, 'the record');
    const lines: Line[] = await chief.getByTestId('activity-line').evaluateAll((rows) =>
      rows.map((r) => ({
        action: r.getAttribute('data-action') ?? '',
        outcome: r.getAttribute('data-outcome') ?? '',
        person: r.children[1]?.textContent ?? '',
        text: r.children[2]?.textContent ?? '',
      })),
    );
    const done = (action: string) => lines.filter((l) => l.action === action && l.outcome === 'done');
    expect(done('openRound').map((l) => l.person)).toEqual(['张编辑']);
    expect(done('openRound')[0]!.text).toContain('开始一校');
    expect(done('proposeCorrection').map((l) => l.person)).toEqual(['李校对', '李校对', '李校对']);
    expect(done('acceptCorrection').map((l) => l.person)).toEqual(['张编辑', '张编辑']);
    expect(done('rejectCorrection').map((l) => l.person)).toEqual(['张编辑']);
    expect(done('closeRound').map((l) => l.person)).toEqual(['张编辑']);
    const signatures = done('signRound').map((l) => l.person).sort();
    expect(signatures).toEqual(['刘主任', '刘主任', '张编辑', '张编辑', '李校对', '李校对', '王主编', '王主编'].sort());
    expect(done('signRound').some((l) => l.text.includes('一校：终审') && l.text.includes('王主编'))).toBe(true);
    const withdrawal = done('withdrawSignOff');
    expect(withdrawal.map((l) => l.person)).toEqual(['王主编']);
    expect(withdrawal[0]!.text).toContain(WITHDRAW_REASON);
    const refused = lines.filter((l) => l.outcome === 'refused');
    expect(refused.some((l) => l.action === 'updateArticle' && l.person === '张编辑' && l.text.includes(articleTitle))).toBe(true);
    const readerTries = refused.filter((l) => l.action === 'signRound' && l.person === '李校对');
    expect(readerTries).toHaveLength(3);
    for (const l of readerTries) expect(l.text).toMatch(/一校：(初审|复审|终审)签字（李校对） — 缺少所需的角色/);
    // Every line is worded: no placeholder is left unfilled.
    expect(lines.filter((l) => l.text.includes('{{'))).toEqual([]);
    expect(refused.some((l) => l.action === 'signRound' && l.person === '张编辑')).toBe(true); // the wrong password
    expect(refused.some((l) => l.action === 'startExport' && l.person === '李校对')).toBe(true);
    expect(done('updateArticle').some((l) => l.person === '张编辑')).toBe(true);
    await chief.screenshot({ path: shot('activity-record.png'), fullPage: true });

    // The browsers saw only the refusals made on purpose: the wrong password (401), the 校对's calls (403), the frozen save (409).
    expect(unexpectedProblems(session.problems, [/401|Unauthorized/i, /409|Conflict/i])).toEqual([]);
    expect(unexpectedProblems(readerWindow.problems, [/403|Forbidden/i])).toEqual([]);
    expect(unexpectedProblems(chiefWindow.problems)).toEqual([]);
  }, 300_000);
});
