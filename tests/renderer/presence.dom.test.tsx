// @vitest-environment jsdom
// Two people, one article, in the editor and the outline, over a fake window.qikanTransport: the
// read-only bar and the take-over with a reason, the lock lost to someone who took it over, a save
// refused as locked or stale keeping the text, the copy that saves it, and the outline's badges.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type QikanTransport } from '../../src/shared/api';
import { docFromBlocks, blocksFromDoc, type ArticleDoc } from '../../src/shared/article-doc';
import type { ArticlePresence, AuthState } from '../../src/shared/auth';
import type { Envelope } from '../../src/shared/errors';
import { createI18n } from '../../src/shared/i18n';
import type { Article, ArticleSummary } from '../../src/shared/model';
import { resetApiForTests } from '../../src/renderer/api/client';
import { setAuthState } from '../../src/renderer/auth/session';
import { ArticleEditor, forgetHeldConflictsForTests, PRESENCE_RENEW_MS } from '../../src/renderer/editor/ArticleEditor';
import { OutlinePanel } from '../../src/renderer/outline/OutlinePanel';

type Handler = (input: unknown) => Promise<Envelope<unknown>>;
const ok = <T,>(value: T) => ({ ok: true as const, value });
const refusal = (code: string, details: Record<string, unknown>): Envelope<never> => ({ ok: false, error: { code, message: code, details } }) as unknown as Envelope<never>;

function transportWith(handlers: Partial<Record<string, Handler>>): QikanTransport {
  const t: Record<string, Handler> = {};
  for (const m of API_METHODS) t[m] = handlers[m] ?? (async () => refusal('internal', { reason: `unmocked ${m}` }));
  return t as unknown as QikanTransport;
}

function article(revision: number, subtitle: string, body = '正文'): Article {
  return {
    id: 1, issueId: 1, sectionId: 4, position: 2, key: 'a01', titleLines: ['标题'], subtitle, byline: null, bylineRaw: null,
    authorInfo: null, sectionLabel: null, body: docFromBlocks([{ type: 'paragraph', text: body }]), endMark: false,
    endMarkGlyph: null, notes: '', pageBudget: null, runOn: null, columns: null, printedStartPage: null, revision, updatedAt: '2026-01-01T00:00:00Z',
  };
}

const person = (accountId: number, displayName: string, mode: 'edit' | 'read') => ({ accountId, displayName, mode, since: '2026-03-01T09:00:00Z' });
function entered(granted: 'edit' | 'read', editor: ReturnType<typeof person> | null, readers: ReturnType<typeof person>[] = []) {
  return ok<ArticlePresence & { granted: 'edit' | 'read' }>({ articleId: 1, editor, readers, granted });
}

function renderEditor(transport: QikanTransport, onCopied?: (id: number) => void) {
  window.qikanTransport = transport;
  resetApiForTests();
  return render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <ArticleEditor articleId={1} onSaved={vi.fn()} onCopied={onCopied} />
    </I18nextProvider>,
  );
}

const signedIn: AuthState = { needsSetup: false, setupAllowed: true, me: { accountId: 2, login: 'lisi', displayName: '李四', roles: ['编辑部主任'] }, idleMinutes: 60, absoluteMinutes: 720 };
const subtitleField = () => screen.getByLabelText('副标题') as HTMLInputElement;
const locked = () => subtitleField().matches(':disabled');

afterEach(() => {
  cleanup();
  forgetHeldConflictsForTests();
  setAuthState(null);
  vi.useRealTimers();
  delete window.qikanTransport;
  resetApiForTests();
});

describe('the soft lock in the editor', () => {
  it('opens read-only when someone else edits, and takes over only with a reason', async () => {
    const enterArticle = vi.fn(async (input: unknown) => {
      const i = input as { takeOverReason?: string };
      if (i.takeOverReason) return entered('edit', person(2, '李四', 'edit'), [person(1, '张三', 'read')]);
      // After the take-over the reopened editor holds the lock.
      return enterArticle.mock.calls.some((c) => (c[0] as { takeOverReason?: string }).takeOverReason)
        ? entered('edit', person(2, '李四', 'edit'), [person(1, '张三', 'read')])
        : entered('read', person(1, '张三', 'edit'), [person(2, '李四', 'read')]);
    });
    const getArticle = vi.fn(async () => ok(article(5, '副题')));
    setAuthState(signedIn);
    renderEditor(transportWith({ enterArticle, getArticle }));

    const bar = await screen.findByTestId('read-only-bar');
    expect(bar.textContent).toContain('张三 正在编辑此文章');
    expect(enterArticle).toHaveBeenCalledWith({ articleId: 1, mode: 'edit' });
    expect(locked()).toBe(true);
    await waitFor(() => expect(screen.getByTestId('presence-line').textContent).toBe('编辑中：张三 · 查看：李四（您）'));

    // 只读查看 keeps it read-only and still offers the take-over.
    fireEvent.click(screen.getByRole('button', { name: '只读查看' }));
    expect(screen.getByTestId('read-only-bar').textContent).toContain('只读查看中');
    expect(locked()).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: '接管编辑' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '确认接管' }));
    });
    expect(screen.getByRole('alert').textContent).toBe('请填写接管理由。');
    expect(enterArticle).toHaveBeenCalledTimes(1);

    fireEvent.change(screen.getByLabelText('接管理由（将写入操作记录）'), { target: { value: '张三出差了' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '确认接管' }));
    });
    expect(enterArticle).toHaveBeenCalledWith({ articleId: 1, mode: 'edit', takeOverReason: '张三出差了' });
    // The text is read again (张三 may have saved meanwhile), now editable.
    await waitFor(() => expect(getArticle).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(locked()).toBe(false));
    expect(screen.queryByTestId('read-only-bar')).toBeNull();
    expect(screen.getByTestId('presence-line').textContent).toBe('编辑中：李四（您） · 查看：张三');
  });

  it('a refused take-over says why and stays read-only', async () => {
    const enterArticle = vi.fn(async (input: unknown) =>
      (input as { takeOverReason?: string }).takeOverReason
        ? refusal('forbidden', { reason: 'role', needed: '主编、编辑部主任、责任编辑' })
        : entered('read', person(1, '张三', 'edit')),
    );
    renderEditor(transportWith({ enterArticle, getArticle: async () => ok(article(5, '副题')) }));
    fireEvent.click(await screen.findByRole('button', { name: '接管编辑' }));
    fireEvent.change(screen.getByLabelText('接管理由（将写入操作记录）'), { target: { value: '急稿' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '确认接管' }));
    });
    expect(screen.getByRole('alert').textContent).toBe('接管失败：需要以下角色之一：主编、编辑部主任、责任编辑');
    expect(locked()).toBe(true);
  });

  it('renews every 30 s; a lock taken over meanwhile reopens the article read-only, naming who took it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let taken = false;
    const enterArticle = vi.fn(async () => (taken ? entered('read', person(2, '李四', 'edit'), [person(1, '张三', 'read')]) : entered('edit', person(1, '张三', 'edit'))));
    const leaveArticle = vi.fn(async () => ok({ left: true }));
    const getArticle = vi.fn(async () => ok(article(5, '副题')));
    const view = renderEditor(transportWith({ enterArticle, leaveArticle, getArticle }));
    await screen.findByLabelText('副标题');
    expect(locked()).toBe(false);
    // The renewal is set up once the article is open (only intervals are fake here).
    for (let i = 0; i < 50 && vi.getTimerCount() === 0; i++) await act(() => new Promise((r) => setTimeout(r, 10)));
    await act(async () => {
      vi.advanceTimersByTime(PRESENCE_RENEW_MS);
    });
    expect(enterArticle).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('read-only-bar')).toBeNull();

    taken = true;
    await act(async () => {
      vi.advanceTimersByTime(PRESENCE_RENEW_MS);
    });
    const bar = await screen.findByTestId('read-only-bar');
    expect(bar.textContent).toContain('李四 接管了此文章的编辑，您现在只读查看。');
    expect(locked()).toBe(true);
    // Read-only now, it renews as a reader (it does not ask for the lock again).
    await act(async () => {
      vi.advanceTimersByTime(PRESENCE_RENEW_MS);
    });
    expect(enterArticle).toHaveBeenLastCalledWith({ articleId: 1, mode: 'read' });

    // Closing the article leaves its presence.
    vi.useRealTimers();
    view.unmount();
    await waitFor(() => expect(leaveArticle).toHaveBeenCalledWith({ articleId: 1 }));
  });
});

describe('a refused save keeps the text', () => {
  it('a save refused as locked names who took over and keeps the typed text', async () => {
    const updateArticle = vi.fn(async () => refusal('conflict', { reason: 'locked', entity: 'article', id: 1, name: '李四' }));
    renderEditor(transportWith({ enterArticle: async () => entered('edit', person(1, '张三', 'edit')), getArticle: async () => ok(article(5, '副题')), updateArticle }));
    await screen.findByLabelText('副标题');
    fireEvent.change(subtitleField(), { target: { value: '张三的新副题' } });
    await act(async () => {
      fireEvent.blur(subtitleField());
    });
    const panel = await screen.findByTestId('conflict-panel');
    expect(panel.getAttribute('data-reason')).toBe('locked');
    expect(panel.querySelector('h3')?.textContent).toBe('李四 接管了此文章的编辑，您的改动没有写入');
    expect(subtitleField().value).toBe('张三的新副题');
    await waitFor(() => expect(panel.textContent).toContain('服务器版本的文字与您开始编辑时相同'));
    expect(screen.getByRole('button', { name: '另存为副本' })).toBeTruthy();
    // Typing on during the conflict is kept too, and nothing more is sent.
    fireEvent.change(subtitleField(), { target: { value: '张三的新副题，续' } });
    await act(async () => {
      fireEvent.blur(subtitleField());
    });
    expect(updateArticle).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('conflict-yours').textContent).toContain('，续');
  });

  it('a stale save offers both choices; the copy gets the person’s title and text and opens', async () => {
    let loads = 0;
    const getArticle = vi.fn(async () => {
      loads++;
      return ok(loads === 1 ? article(5, '原副题') : article(9, '原副题', '王五改过的正文'));
    });
    const updateArticle = vi.fn(async (input: unknown) =>
      (input as { articleId: number }).articleId === 1
        ? refusal('conflict', { reason: 'stale_revision', entity: 'article', id: 1 })
        : ok({ revision: 1, charCount: 9, updatedAt: 'x' }),
    );
    const copy: ArticleSummary = { id: 31, sectionId: 4, position: 3, key: null, titleLines: ['标题（副本）'], subtitle: null, byline: null, pageBudget: null, charCount: 6, revision: 0 };
    const createArticle = vi.fn(async () => ok(copy));
    const onCopied = vi.fn();
    renderEditor(transportWith({ enterArticle: async () => entered('edit', person(1, '张三', 'edit')), getArticle, updateArticle, createArticle }), onCopied);
    await screen.findByLabelText('副标题');
    fireEvent.change(subtitleField(), { target: { value: '我的副题' } });
    await act(async () => {
      fireEvent.blur(subtitleField());
    });
    const panel = await screen.findByTestId('conflict-panel');
    expect(panel.getAttribute('data-reason')).toBe('revision');
    // What the server changed: the body's first paragraph, shown as a block-level diff.
    const server = await screen.findByTestId('conflict-server');
    expect(server.textContent).toContain('第 1 段');
    expect(server.querySelector('ins')?.textContent).toBe('王五改过的');
    expect(screen.getByRole('button', { name: '载入服务器版本' })).toBeTruthy();
    expect(subtitleField().value).toBe('我的副题');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '另存为副本' }));
    });
    await waitFor(() => expect(onCopied).toHaveBeenCalledWith(31));
    expect(createArticle).toHaveBeenCalledWith({ sectionId: 4, title: '标题（副本）', index: 3 });
    const copied = updateArticle.mock.calls.map((c) => c[0] as { articleId: number; baseRevision: number; patch: Record<string, unknown> }).find((c) => c.articleId === 31)!;
    expect(copied.baseRevision).toBe(0);
    expect(copied.patch).toMatchObject({ titleLines: ['标题（副本）'], subtitle: '我的副题', byline: null, authorInfo: null, endMark: false });
    // The body is the person's (the one they were editing), not the server's.
    expect(blocksFromDoc(copied.patch['body'] as ArticleDoc)).toEqual([{ type: 'paragraph', text: '正文' }]);
    expect(String(copied.patch['notes'])).toContain('另存自文章 1《标题》');
    expect(screen.queryByTestId('conflict-panel')).toBeNull();
  });

  it('a failed copy says so and keeps everything in place', async () => {
    renderEditor(
      transportWith({
        enterArticle: async () => entered('edit', person(1, '张三', 'edit')),
        getArticle: async () => ok(article(5, '原副题')),
        updateArticle: async () => refusal('conflict', { reason: 'stale_revision' }),
        createArticle: async () => refusal('forbidden', { reason: 'role', needed: '主编' }),
      }),
    );
    await screen.findByLabelText('副标题');
    fireEvent.change(subtitleField(), { target: { value: '我的副题' } });
    await act(async () => {
      fireEvent.blur(subtitleField());
    });
    await screen.findByTestId('conflict-panel');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '另存为副本' }));
    });
    await waitFor(() => expect(screen.getByTestId('conflict-panel').textContent).toContain('另存为副本失败：需要以下角色之一：主编。您的改动仍在编辑器中。'));
    expect(subtitleField().value).toBe('我的副题');
  });
});

describe('a conflict left open', () => {
  it('closing the article with a conflict unresolved keeps the text: reopening shows it and the conflict again', async () => {
    let loads = 0;
    const getArticle = vi.fn(async () => {
      loads++;
      return ok(loads === 1 ? article(5, '原副题') : article(9, '别处的副题'));
    });
    const updateArticle = vi.fn(async () => refusal('conflict', { reason: 'stale_revision' }));
    const transport = transportWith({ enterArticle: async () => entered('edit', person(1, '张三', 'edit')), getArticle, updateArticle });
    const first = renderEditor(transport);
    await screen.findByLabelText('副标题');
    fireEvent.change(subtitleField(), { target: { value: '我的副题' } });
    await act(async () => {
      fireEvent.blur(subtitleField());
    });
    await screen.findByTestId('conflict-panel');
    first.unmount();
    renderEditor(transport);
    const panel = await screen.findByTestId('conflict-panel');
    expect(subtitleField().value).toBe('我的副题');
    await waitFor(() => expect(screen.getByTestId('conflict-server').textContent).toContain('别处的'));
    expect(panel.textContent).toContain('修订 9');
    // Still nothing saved over the server's version.
    expect(updateArticle).toHaveBeenCalledTimes(1);
  });
});

describe('presence in the outline', () => {
  it('shows who edits each article and how many read it', async () => {
    const getPresence = vi.fn(async () => ok<ArticlePresence[]>([{ articleId: 7, editor: person(1, '张三', 'edit'), readers: [person(2, '李四', 'read'), person(3, '王五', 'read')] }]));
    window.qikanTransport = transportWith({ getPresence });
    resetApiForTests();
    const summary = (id: number, title: string): ArticleSummary => ({ id, sectionId: 4, position: id, key: null, titleLines: [title], subtitle: null, byline: null, pageBudget: null, charCount: 10, revision: 1 });
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <OutlinePanel
          issueId={1}
          sections={[{ id: 4, issueId: 1, position: 0, name: '要闻', articles: [summary(7, '甲文'), summary(8, '乙文')] } as never]}
          selectedArticleId={null}
          onSections={vi.fn()}
          onReload={async () => null}
          onOpenArticle={vi.fn()}
        />
      </I18nextProvider>,
    );
    const badges = await screen.findByTestId('presence-badges');
    expect(getPresence).toHaveBeenCalledWith({ issueId: 1 });
    expect(badges.closest('[data-article-id]')?.getAttribute('data-article-id')).toBe('7');
    expect(badges.textContent).toBe('张三 编辑中2 人查看');
    expect(screen.getByLabelText('查看中：李四、王五')).toBeTruthy();
    expect(document.querySelectorAll('[data-testid="presence-badges"]')).toHaveLength(1);
  });
});
