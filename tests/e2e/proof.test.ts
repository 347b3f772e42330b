// Proofreading in Chromium with two people on one local server (two browser contexts): an editor (编辑)
// sets the rounds and opens 一校; a proofreader (校对) marks three corrections in an article in proof
// mode (改, 删, 疑问); the editor sees them, accepts two and rejects one, and the text shows exactly the
// accepted two; the proof PDF lists no open correction; the print export's 付印 gate holds until the
// round is closed and signed as 责任编辑, 责任校对 and 主编. Screenshots go to test-output/screenshots.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, unexpectedProblems, waitFor, type AppSession } from '../support/browser';

const SCREENSHOTS = resolve(__dirname, '../../test-output/screenshots');
const SLOW_MS = 60_000;

let browser: Browser;
let session: AppSession | null = null;
let second: BrowserContext | null = null;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await second?.close();
  await session?.close();
  await browser?.close();
});

async function choosePerson(page: Page, name: string, role: string) {
  await page.getByTestId('person-current').click();
  const form = page.getByRole('form', { name: '当前身份' });
  await form.getByLabel('姓名').fill(name);
  await form.getByLabel('角色').selectOption(role);
  await form.getByRole('button', { name: '确定' }).click();
  await waitFor(() => page.getByTestId('person-current').textContent(), (s) => s === `${name}（${role}）`, 'the chosen person');
}

async function openArticle(page: Page, row: number) {
  await page.getByRole('tab', { name: '文章' }).click();
  await page.locator('.article-row').nth(row).click();
  await page.locator('.body-content').waitFor();
  await waitFor(() => page.getByTestId('preview').getAttribute('data-state'), (s) => s === 'ready', 'the first layout', SLOW_MS);
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

const blockText = (page: Page, index: number) => page.locator('.body-content > *').nth(index).textContent();
const cards = (page: Page) => page.getByTestId('correction-card');

async function propose(page: Page, kind: string, block: number, start: number, end: number, fill: { proposed?: string; note?: string }) {
  const before = await cards(page).count();
  await selectInBlock(page, block, start, end);
  await page.getByRole('toolbar', { name: '校改符号' }).getByRole('button', { name: kind, exact: true }).click();
  const draft = page.getByTestId('proof-draft');
  await waitFor(
    async () => ((await draft.count()) > 0 ? 'draft' : ((await page.getByTestId('proof-message').textContent().catch(() => null)) ?? '')),
    (s) => s === 'draft',
    `the ${kind} form (page problems: ${session?.problems.join(' | ')})`,
  );
  if (fill.proposed !== undefined) await page.getByTestId('proof-proposed').fill(fill.proposed);
  if (fill.note !== undefined) await page.getByTestId('proof-note').fill(fill.note);
  await draft.getByRole('button', { name: '提交校改' }).click();
  // The proposal reloads the article with its mark; the list grows by one.
  await waitFor(() => cards(page).count(), (n) => n === before + 1, `the ${kind} correction in the list`, SLOW_MS);
  await page.locator('.body-content').waitFor();
}

describe('proofreading by two people', () => {
  it('runs 一校 from marks to the 付印 sign-off', async () => {
    session = await openApp(browser);
    const editor = session.page;
    await editor.setViewportSize({ width: 1600, height: 950 });
    await choosePerson(editor, '张编辑', '编辑');

    // The editor keeps one round (the gate wants every round closed) and opens it.
    await editor.getByRole('button', { name: '打开' }).first().click();
    await editor.getByRole('tab', { name: '校对' }).click();
    await editor.getByTestId('proof-panel').waitFor();
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

    // The proofreader, in a second browser context on the same server.
    second = await browser.newContext({ locale: 'zh-CN' });
    const reader = await second.newPage();
    await reader.setViewportSize({ width: 1600, height: 950 });
    await reader.goto(session.url);
    await choosePerson(reader, '李校对', '校对');
    await reader.getByRole('button', { name: '打开' }).first().click();
    await openArticle(reader, 1);
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
    await reader.screenshot({ path: `${SCREENSHOTS}/proof-mode-marks.png` });

    // The editor opens the same article and sees the three open corrections.
    await openArticle(editor, 1);
    await waitFor(() => cards(editor).count(), (n) => n === 3, 'three corrections for the editor', SLOW_MS);
    expect(await cards(editor).evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-status')}`))).toEqual([
      'replace:open',
      'delete:open',
      'query:open',
    ]);
    await editor.screenshot({ path: `${SCREENSHOTS}/proof-corrections-list.png` });

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
    await editor.getByRole('tab', { name: '校对' }).click();
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

    // The print export is refused until 一校 is closed and signed by all three.
    const printGate = async () => {
      await editor.getByRole('button', { name: '导出 PDF…' }).click();
      await editor.getByTestId('export-dialog').waitFor();
      await waitFor(() => editor.getByTestId('preflight').getAttribute('data-state'), (s) => s === 'ready', 'the preflight', SLOW_MS);
      const codes = await editor.getByTestId('preflight-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-code') ?? ''));
      await editor.keyboard.press('Escape');
      await editor.getByTestId('export-dialog').waitFor({ state: 'detached' });
      return codes.filter((c) => c.startsWith('signoff_'));
    };
    expect(await printGate()).toContain('signoff_round_unclosed');
    await editor.getByRole('button', { name: '结束一校' }).click();
    await waitFor(() => editor.locator('tr[data-round="一校"]').getAttribute('data-state'), (s) => s === 'closed', '一校 closed');
    expect(await printGate()).toEqual(['signoff_missing']);

    const sign = async (page: Page, role: string) => {
      const row = page.locator(`.signoff-round[data-round="一校"] li[data-role="${role}"]`);
      await row.getByRole('button', { name: `签字（${role}）` }).click();
      await waitFor(() => row.getAttribute('data-signed'), (s) => s === 'true', `${role} signed`, SLOW_MS);
    };
    await sign(editor, '责任编辑');
    await reader.getByRole('tab', { name: '校对' }).click();
    await reader.getByTestId('proof-panel').waitFor();
    await sign(reader, '责任校对');
    expect(await printGate()).toEqual(['signoff_missing']);
    // The 主编 signs in the editor's window (the person changes; the signatures stay as they were).
    await choosePerson(editor, '王主编', '主编');
    await editor.getByRole('button', { name: '刷新' }).click();
    await sign(editor, '主编');
    const signed = editor.locator('.signoff-round[data-round="一校"] li[data-signed="true"]');
    expect(await signed.count()).toBe(3);
    expect(await signed.locator('input').count()).toBe(0); // signed entries cannot be edited
    await waitFor(() => editor.getByTestId('signoff-state').getAttribute('data-ready'), (s) => s === 'true', 'ready for press');
    await editor.screenshot({ path: `${SCREENSHOTS}/proof-rounds-signoff.png`, fullPage: true });
    expect(await printGate()).toEqual([]);

    expect(unexpectedProblems(session.problems, [/409|Conflict/i])).toEqual([]);
  }, 240_000);
});
