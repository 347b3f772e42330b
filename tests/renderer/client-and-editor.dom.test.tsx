// @vitest-environment jsdom
// The API client's envelope handling and the article editor's save states, with a mocked window.qikanTransport.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type QikanTransport } from '../../src/shared/api';
import { docFromBlocks } from '../../src/shared/article-doc';
import { QikanError, type Envelope } from '../../src/shared/errors';
import { createI18n } from '../../src/shared/i18n';
import type { Article } from '../../src/shared/model';
import { createApi, NO_TRANSPORT, resetApiForTests } from '../../src/renderer/api/client';
import { ArticleEditor, forgetHeldConflictsForTests } from '../../src/renderer/editor/ArticleEditor';

type Handler = (input: unknown) => Promise<Envelope<unknown>>;

function transportWith(handlers: Partial<Record<string, Handler>>): QikanTransport {
  const t: Record<string, Handler> = {};
  for (const m of API_METHODS) t[m] = handlers[m] ?? (async () => ({ ok: false, error: { code: 'internal', message: `unmocked ${m}`, details: {} } }));
  return t as unknown as QikanTransport;
}

afterEach(() => {
  cleanup();
  forgetHeldConflictsForTests();
  delete window.qikanTransport;
  resetApiForTests();
});

describe('api client', () => {
  it('returns the value of an ok envelope and passes the input through', async () => {
    const listIssues = vi.fn(async () => ({ ok: true as const, value: [] }));
    const api = createApi(transportWith({ listIssues }));
    await expect(api.listIssues({})).resolves.toEqual([]);
    expect(listIssues).toHaveBeenCalledWith({});
  });

  it('throws the envelope error as a QikanError with its code and details', async () => {
    const api = createApi(
      transportWith({
        getArticle: async () => ({ ok: false, error: { code: 'not_found', message: 'article 9 not found', details: { entity: 'article', id: 9 } } }),
      }),
    );
    const err = await api.getArticle({ articleId: 9 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QikanError);
    expect(err).toMatchObject({ code: 'not_found', details: { entity: 'article', id: 9 } });
  });

  it('reports a missing transport, an answer that is not an envelope, and a transport that rejects', async () => {
    await expect(createApi(undefined).listIssues({})).rejects.toMatchObject({ code: 'internal', details: { reason: NO_TRANSPORT } });
    const weird = createApi(transportWith({ listIssues: async () => ({ nonsense: true }) as unknown as Envelope<unknown> }));
    await expect(weird.listIssues({})).rejects.toMatchObject({ code: 'internal', details: { reason: 'bad_envelope' } });
    const down = createApi(transportWith({ listIssues: () => Promise.reject(new Error('socket hang up')) }));
    await expect(down.listIssues({})).rejects.toMatchObject({ code: 'internal', details: { reason: 'socket hang up' } });
  });
});

function article(revision: number, subtitle: string): Article {
  return {
    id: 1, issueId: 1, sectionId: 1, position: 0, key: 'a01', titleLines: ['标题'], subtitle, byline: null, bylineRaw: null,
    authorInfo: null, sectionLabel: null, body: docFromBlocks([{ type: 'paragraph', text: '正文' }]), endMark: false,
    endMarkGlyph: null, notes: '', pageBudget: null, runOn: null, columns: null, printedStartPage: null, revision, updatedAt: '2026-01-01T00:00:00Z',
  };
}

function renderEditor(transport: QikanTransport, onSaved = vi.fn()) {
  window.qikanTransport = transport;
  resetApiForTests();
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <ArticleEditor articleId={1} onSaved={onSaved} />
    </I18nextProvider>,
  );
  return onSaved;
}

describe('article editor', () => {
  it('saves a field edit on blur with the article revision; the count follows the text as typed', async () => {
    const updateArticle = vi.fn(async () => ({ ok: true as const, value: { revision: 6, charCount: 123, updatedAt: 'x' } }));
    const onSaved = renderEditor(transportWith({ getArticle: async () => ({ ok: true, value: article(5, '旧副题') }), updateArticle }));
    const subtitle = await screen.findByLabelText('副标题');
    fireEvent.change(subtitle, { target: { value: '新副题' } });
    // The save indicator (the page preview has a status line of its own beside it).
    const saveState = () => screen.getAllByRole('status').find((el) => el.hasAttribute('data-save-state'))?.textContent;
    expect(saveState()).toBe('未保存');
    await act(async () => {
      fireEvent.blur(subtitle);
    });
    await waitFor(() => expect(saveState()).toBe('已保存'));
    expect(updateArticle).toHaveBeenCalledWith({ articleId: 1, baseRevision: 5, patch: { subtitle: '新副题' } });
    // 标题 + 新副题 + 正文: the status bar counts the text in the editor, not the last saved answer.
    expect(screen.getByTestId('char-count').textContent).toBe('本文 7 字');
    expect(onSaved).toHaveBeenCalledWith(1, { revision: 6, charCount: 123, updatedAt: 'x' }, ['标题']);
  });

  it('shows the reason when a save fails, in the UI language', async () => {
    renderEditor(
      transportWith({
        getArticle: async () => ({ ok: true, value: article(5, '') }),
        updateArticle: async () => ({ ok: false, error: { code: 'invalid_request', message: 'bad', details: { path: 'patch.subtitle', expected: 'string' } } }),
      }),
    );
    const subtitle = await screen.findByLabelText('副标题');
    fireEvent.change(subtitle, { target: { value: 'x' } });
    await act(async () => {
      fireEvent.blur(subtitle);
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('保存失败');
    expect(alert.textContent).toContain('patch.subtitle 应为 string');
  });

  it('on a conflict keeps the typed text, shows what changed on the server, and reloads only when the person confirms', async () => {
    let loads = 0;
    const getArticle = vi.fn(async () => {
      loads++;
      return { ok: true as const, value: loads === 1 ? article(5, '我的版本') : article(8, '别处的版本') };
    });
    const updateArticle = vi.fn(async () => ({
      ok: false as const,
      error: { code: 'conflict' as const, message: 'stale', details: { reason: 'stale_revision' } },
    }));
    renderEditor(transportWith({ getArticle, updateArticle }));
    const subtitle = await screen.findByLabelText('副标题');
    fireEvent.change(subtitle, { target: { value: '我的改动' } });
    await act(async () => {
      fireEvent.blur(subtitle);
    });
    const panel = await screen.findByTestId('conflict-panel');
    await waitFor(() => expect(getArticle).toHaveBeenCalledTimes(2));
    // The person's text is still in the editor, and nothing was overwritten or dropped.
    expect((screen.getByLabelText('副标题') as HTMLInputElement).value).toBe('我的改动');
    expect(panel.textContent).toContain('修订 8');
    expect(panel.textContent).toContain('您的改动仍保留在编辑器中');
    await waitFor(() => expect(screen.getByTestId('conflict-server').textContent).toContain('别处'));
    expect(screen.getByTestId('conflict-yours').textContent).toContain('改动');
    expect(screen.getByTestId('conflict-yours').querySelector('del')?.textContent).toBe('版本');
    expect(document.querySelector('[data-save-state]')?.textContent).toBe('有冲突，改动未写入');
    // Loading the server's version asks first, showing the changes that would go.
    fireEvent.click(screen.getByRole('button', { name: '载入服务器版本' }));
    expect(screen.getByTestId('conflict-confirm').textContent).toContain('将放弃您的以下改动');
    expect((screen.getByLabelText('副标题') as HTMLInputElement).value).toBe('我的改动');
    fireEvent.click(screen.getByRole('button', { name: '返回' }));
    fireEvent.click(screen.getByRole('button', { name: '载入服务器版本' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '放弃我的改动并载入' }));
    });
    await waitFor(() => expect((screen.getByLabelText('副标题') as HTMLInputElement).value).toBe('别处的版本'));
    expect(screen.queryByTestId('conflict-panel')).toBeNull();
    expect(updateArticle).toHaveBeenCalledTimes(1);
  });
});
