// Two people, one article, in two browser contexts on one server: 张三 and 李四, both 责任编辑. The
// outline and the editor show who has the article open; the second one is told who edits it and may read
// it or take it over with a reason (which the record keeps); a save refused because the lock moved or
// the revision moved on keeps the person's text, shows both sides' changes and offers the server's
// version or a copy. Nothing typed is lost.
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { PersonSpec } from '../support/browser';
import { unexpectedProblems, waitFor } from '../support/browser';
import { SCREENSHOTS_DIR, useBrowserApp, waitSaved } from '../support/app';

const PEOPLE: PersonSpec[] = [
  { login: 'zhangsan', displayName: '张三', roles: ['责任编辑'] },
  { login: 'lisi', displayName: '李四', roles: ['责任编辑'] },
];
/** The outline row both open (the sample issue's second article). */
const ROW = 1;
const REASON = '张三外出采访，由李四接手改稿';
const ZHANG_WORDS = '张三补写的这一句。';
const LI_WORDS = '李四补写的那一句。';
/** The outline polls presence every 15 s (and shortly after an article opens): wait past one poll. */
const PRESENCE_WAIT_MS = 25_000;
/** The browsers answer 409 to the refused save (the conflict the test makes on purpose). */
const EXPECTED = [/409|Conflict/i];

const app = useBrowserApp({ screenshots: true });

async function openIssue(page: Page): Promise<void> {
  await page.getByRole('button', { name: '打开' }).first().click();
  await page.locator('.section-row').first().waitFor();
}

async function openRow(page: Page, row: number): Promise<number> {
  await page.locator('.article-row').nth(row).click();
  await page.locator('.body-content').waitFor();
  return Number(await page.locator('.article-editor').getAttribute('data-article-id'));
}

const bodyText = (page: Page) => page.locator('.body-content').textContent().then((t) => t ?? '');

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.body-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** The article as the server holds it, read through the page's own transport (the person's session). */
async function storedArticle(page: Page, articleId: number): Promise<{ titleLines: string[]; body: unknown; revision: number; notes: string }> {
  const envelope = (await page.evaluate(`window.qikanTransport.getArticle({ articleId: ${articleId} })`)) as {
    ok: boolean;
    value?: { titleLines: string[]; body: unknown; revision: number; notes: string };
    error?: unknown;
  };
  if (!envelope.ok || !envelope.value) throw new Error(`getArticle ${articleId} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.value;
}

/** Every text run of an article body, joined (the body is a tree of blocks and inlines). */
function textOfBody(body: unknown): string {
  if (typeof body === 'string') return '';
  if (Array.isArray(body)) return body.map(textOfBody).join('');
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    return (typeof o.text === 'string' ? o.text : '') + Object.entries(o).filter(([k]) => k !== 'text').map(([, v]) => textOfBody(v)).join('');
  }
  return '';
}

/** 张三 opens the article for editing; 李四 opens the same article, read-only, and takes it over. */
async function liTakesOver(zhang: Page, li: Page): Promise<number> {
  await openIssue(li);
  const articleId = await openRow(zhang, ROW);
  expect(await zhang.locator('[data-testid="read-only-bar"]').count()).toBe(0);
  expect(await openRow(li, ROW)).toBe(articleId);
  const bar = li.getByTestId('read-only-bar');
  await expect.poll(() => bar.textContent()).toContain('张三 正在编辑此文章');
  await bar.getByRole('button', { name: '接管编辑' }).click();
  // A take-over needs a reason: it goes to the record.
  await bar.getByRole('button', { name: '确认接管' }).click();
  await expect.poll(() => bar.getByRole('alert').textContent()).toBe('请填写接管理由。');
  await bar.getByLabel('接管理由（将写入操作记录）').fill(REASON);
  await bar.getByRole('button', { name: '确认接管' }).click();
  await waitFor(() => li.locator('[data-testid="read-only-bar"]').count(), (n) => n === 0, '李四 editing after the take-over');
  await waitFor(() => li.locator('.body-content').getAttribute('contenteditable'), (v) => v === 'true', '李四 body editable');
  return articleId;
}

describe('two editors on one article', () => {
  it('shows who edits the article on the outline and opens it read-only for the second editor', async () => {
    const session = await app.open({ people: PEOPLE, as: 'zhangsan' });
    const zhang = session.page;
    const liWindow = await session.openAs('lisi');
    const li = liWindow.page;

    // 李四 has the outline open before 张三 opens the article: his outline learns it by polling.
    await openIssue(li);
    await openIssue(zhang);
    const articleId = await openRow(zhang, ROW);
    await waitFor(() => zhang.getByTestId('presence-line').textContent(), (t) => t === '编辑中：张三（您）', '张三 his own presence line');

    const liRow = li.locator('.article-row').nth(ROW);
    await waitFor(
      () => liRow.locator('[data-testid="presence-badges"]').textContent().catch(() => null),
      (t) => t === '张三 编辑中',
      "张三's badge on 李四's outline",
      PRESENCE_WAIT_MS,
    );
    // Only that article has someone in it.
    expect(await li.locator('[data-testid="presence-badges"]').count()).toBe(1);
    await li.screenshot({ path: resolve(SCREENSHOTS_DIR, 'two-editors-presence.png'), fullPage: true });

    // 李四 opens it: 张三 holds the lock, so 李四 reads.
    expect(await openRow(li, ROW)).toBe(articleId);
    const bar = li.getByTestId('read-only-bar');
    await bar.waitFor();
    expect(await bar.getAttribute('data-why')).toBe('locked');
    expect(await bar.locator('strong').textContent()).toBe('张三 正在编辑此文章');
    expect(await bar.getByRole('button', { name: '只读查看' }).isVisible()).toBe(true);
    expect(await bar.getByRole('button', { name: '接管编辑' }).isVisible()).toBe(true);
    expect(await li.getByTestId('presence-line').textContent()).toBe('编辑中：张三 · 查看：李四（您）');

    // The body is not editable: typing into it changes nothing, and nothing is saved.
    const before = await bodyText(li);
    expect(await li.locator('.body-content').getAttribute('contenteditable')).toBe('false');
    expect(await li.getByLabel('标题（每行一行）').isDisabled()).toBe(true);
    await li.locator('.body-content').click();
    await li.keyboard.type('不该写入');
    expect(await bodyText(li)).toBe(before);
    expect(await li.locator('[data-save-state]').getAttribute('data-save-state')).toBe('saved');
    await bar.getByRole('button', { name: '只读查看' }).click();
    await expect.poll(() => bar.textContent()).toContain('只读查看中');
    await li.screenshot({ path: resolve(SCREENSHOTS_DIR, 'two-editors-read-only.png'), fullPage: true });

    // 张三 still edits, undisturbed.
    await typeAtEnd(zhang, ZHANG_WORDS);
    await waitSaved(zhang);
    const stored = textOfBody((await storedArticle(li, articleId)).body);
    expect(stored).toContain(ZHANG_WORDS);
    expect(stored).not.toContain('不该写入');

    expect(unexpectedProblems(session.problems)).toEqual([]);
    expect(unexpectedProblems(liWindow.problems)).toEqual([]);
  });

  it('tells 张三 he lost the lock when his save is refused, keeps his text, and reloads only after he confirms', async () => {
    const session = await app.open({ people: PEOPLE, as: 'zhangsan' });
    const zhang = session.page;
    const liWindow = await session.openAs('lisi');
    const li = liWindow.page;
    await openIssue(zhang);
    const articleId = await liTakesOver(zhang, li);

    await typeAtEnd(li, LI_WORDS);
    await waitSaved(li);

    // 张三's editor does not know yet; he types, and the save is refused: 李四 holds the lock.
    await typeAtEnd(zhang, ZHANG_WORDS);
    const panel = zhang.getByTestId('conflict-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-reason')).toBe('locked');
    expect(await panel.locator('h3').textContent()).toBe('李四 接管了此文章的编辑，您的改动没有写入');
    expect(await panel.textContent()).toContain('您的改动仍保留在编辑器中，没有丢失');
    // His text is still in his editor, and the panel shows 李四's saved change and his own unwritten one.
    expect(await bodyText(zhang)).toContain(ZHANG_WORDS);
    await waitFor(() => panel.getByTestId('conflict-server').locator('ins').allTextContents().catch(() => []), (t) => t.join('').includes(LI_WORDS), "李四's change in the panel");
    expect((await panel.getByTestId('conflict-yours').locator('ins').allTextContents()).join('')).toContain(ZHANG_WORDS);
    expect(await zhang.locator('[data-save-state]').getAttribute('data-save-state')).not.toBe('saved');
    // Nothing of 张三's reached the server.
    expect(textOfBody((await storedArticle(zhang, articleId)).body)).not.toContain(ZHANG_WORDS);

    // 载入服务器版本 asks first, listing what he would drop; going back keeps everything.
    await panel.getByRole('button', { name: '载入服务器版本' }).click();
    const confirm = panel.getByTestId('conflict-confirm');
    await confirm.waitFor();
    expect(await confirm.locator('h4').textContent()).toBe('载入服务器版本将放弃您的以下改动');
    expect(await confirm.getByTestId('conflict-yours').textContent()).toContain(ZHANG_WORDS);
    await confirm.getByRole('button', { name: '返回' }).click();
    expect(await bodyText(zhang)).toContain(ZHANG_WORDS);
    await panel.getByRole('button', { name: '载入服务器版本' }).click();
    await confirm.getByRole('button', { name: '放弃我的改动并载入' }).click();

    // The server's version, read-only: 李四 edits it now.
    await waitFor(() => bodyText(zhang), (t) => t.includes(LI_WORDS) && !t.includes(ZHANG_WORDS), "李四's text in 张三's editor");
    expect(await zhang.getByTestId('conflict-panel').count()).toBe(0);
    const bar = zhang.getByTestId('read-only-bar');
    await bar.waitFor();
    expect(await bar.locator('strong').textContent()).toBe('李四 正在编辑此文章');
    expect(await zhang.locator('.body-content').getAttribute('contenteditable')).toBe('false');

    // The take-over is in the record, with its reason.
    await zhang.getByRole('tab', { name: '操作记录' }).click();
    const line = zhang.locator('[data-testid="activity-line"][data-action="takeOverArticle"]');
    await line.first().waitFor();
    expect(await line.count()).toBe(1);
    const text = await line.textContent();
    expect(text).toContain('李四');
    expect(text).toContain('从 张三 手中接手编辑');
    expect(await line.locator('.activity-note').textContent()).toBe(`“${REASON}”`);

    expect(unexpectedProblems(session.problems, EXPECTED)).toEqual([]);
    expect(unexpectedProblems(liWindow.problems)).toEqual([]);
  });

  it('on a revision conflict keeps the text, shows both changes, and saves it as a copy', async () => {
    const session = await app.open({ people: PEOPLE, as: 'zhangsan' });
    const zhang = session.page;
    const liWindow = await session.openAs('lisi');
    const li = liWindow.page;
    await openIssue(zhang);
    const articleId = await liTakesOver(zhang, li);
    const title = await li.locator('.article-row').nth(ROW).locator('.article-title').textContent();
    const revisionBefore = (await storedArticle(li, articleId)).revision;

    // 李四 writes his sentence and leaves the article: the lock is free again, and the server holds a
    // newer revision than the one 张三's editor was opened at.
    await typeAtEnd(li, LI_WORDS);
    await waitSaved(li);
    await li.locator('.article-row').nth(ROW + 1).click();
    await li.locator('.body-content').waitFor();
    await waitFor(async () => (await storedArticle(li, articleId)).revision, (r) => r > revisionBefore, "李四's save stored");

    // 张三, on the older copy, types: his save is refused because the article moved on.
    await typeAtEnd(zhang, ZHANG_WORDS);
    const panel = zhang.getByTestId('conflict-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-reason')).toBe('revision');
    await waitFor(() => panel.locator('h3').textContent(), (t) => !!t && t.startsWith('这篇文章在您编辑时已在别处保存'), 'the revision title');
    expect(await bodyText(zhang)).toContain(ZHANG_WORDS);
    expect(await bodyText(zhang)).not.toContain(LI_WORDS);
    await waitFor(() => panel.getByTestId('conflict-server').locator('ins').allTextContents().catch(() => []), (t) => t.join('').includes(LI_WORDS), "李四's change in the panel");
    expect((await panel.getByTestId('conflict-yours').locator('ins').allTextContents()).join('')).toContain(ZHANG_WORDS);
    // He keeps typing: that is kept too (nothing is saved while the conflict is open).
    await zhang.keyboard.type('再补一句。');
    expect(await bodyText(zhang)).toContain(`${ZHANG_WORDS}再补一句。`);
    await panel.scrollIntoViewIfNeeded();
    await zhang.screenshot({ path: resolve(SCREENSHOTS_DIR, 'two-editors-conflict.png'), fullPage: true });

    const rowsBefore = await zhang.locator('.article-row').count();
    await panel.getByRole('button', { name: '另存为副本' }).click();

    // The copy opens, right after the article, titled as a copy, with 张三's text.
    await waitFor(() => zhang.locator('.article-row').count(), (n) => n === rowsBefore + 1, 'the copy in the outline');
    await waitFor(() => zhang.locator('.article-row').nth(ROW + 1).locator('.article-title').textContent(), (t) => t === `${title}（副本）`, 'the copy title');
    await waitFor(async () => Number(await zhang.locator('.article-editor').getAttribute('data-article-id').catch(() => '0')), (id) => id !== articleId && id > 0, 'the copy open');
    const copyId = Number(await zhang.locator('.article-editor').getAttribute('data-article-id'));
    await waitFor(() => bodyText(zhang), (t) => t.includes(`${ZHANG_WORDS}再补一句。`), 'the copy body in the editor');

    const copy = await storedArticle(zhang, copyId);
    expect(copy.titleLines.join(' ')).toBe(`${title}（副本）`);
    expect(textOfBody(copy.body)).toContain(`${ZHANG_WORDS}再补一句。`);
    expect(textOfBody(copy.body)).not.toContain(LI_WORDS);
    expect(copy.notes).toContain(`另存自文章 ${articleId}`);
    // The article itself holds 李四's version, untouched by 张三's.
    const original = textOfBody((await storedArticle(zhang, articleId)).body);
    expect(original).toContain(LI_WORDS);
    expect(original).not.toContain(ZHANG_WORDS);
    // 李四 sees the copy too (his outline reloads on a save elsewhere only when he looks again).
    await li.reload();
    await li.locator('.article-row').first().waitFor();
    await waitFor(() => li.locator('.article-title').allTextContents(), (ts) => ts.includes(`${title}（副本）`), "the copy on 李四's outline");

    expect(unexpectedProblems(session.problems, EXPECTED)).toEqual([]);
    expect(unexpectedProblems(liWindow.problems)).toEqual([]);
  });
});
