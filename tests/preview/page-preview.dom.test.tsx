// @vitest-environment jsdom
// The preview component against a mocked transport: it sends the draft, draws only the newest answer,
// shows the report in the UI language and hands a clicked line's source out.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type ArticleLayout, type QikanTransport } from '../../src/shared/api';
import type { DisplayPage } from '../../src/shared/display-list';
import type { Envelope } from '../../src/shared/errors';
import { createI18n } from '../../src/shared/i18n';
import type { ArticlePatch } from '../../src/shared/model';
import { resetApiForTests } from '../../src/renderer/api/client';
import { PagePreview } from '../../src/renderer/preview/PagePreview';

type Handler = (input: unknown) => Promise<Envelope<unknown>>;

function install(handlers: Partial<Record<string, Handler>>): void {
  const t: Record<string, Handler> = {};
  for (const m of API_METHODS) t[m] = handlers[m] ?? (async () => ({ ok: false, error: { code: 'internal', message: `unmocked ${m}`, details: {} } }));
  window.qikanTransport = t as unknown as QikanTransport;
  resetApiForTests();
}

afterEach(() => {
  cleanup();
  delete window.qikanTransport;
  resetApiForTests();
});

/** One page with one line whose text is `text`, one glyph per character (gid = code point). */
function layoutOf(text: string, overrides: Partial<ArticleLayout['report']> = {}): ArticleLayout {
  const page: DisplayPage = {
    index: 0,
    folio: '05',
    kind: 'body',
    boxes: { trimW: 595, trimH: 808, bleed: 8.5 },
    lines: [{ lineId: '1:0:0', x: 60, y: 60, w: 200, h: 12, baseline: 70, text, source: { owner: 1, blockIndex: 0, start: 0, end: text.length } }],
    items: [
      {
        kind: 'glyphs',
        font: 'F',
        sizePt: 10,
        color: { space: 'cmyk', c: 0, m: 0, y: 0, k: 1 },
        x: 60,
        y: 70,
        lineId: '1:0:0',
        glyphs: [...text].map((ch, k) => ({ gid: ch.codePointAt(0)!, dx: k * 10, advance: 1000, text: ch })),
      },
    ],
  };
  return {
    articleId: 1,
    pages: [page],
    layoutMs: 1,
    report: { pages: 1, linesSet: 1, prohibitedBreaks: 0, overStretchedLines: 0, singleCharacterLastLines: 0, oversetBlocks: 0, missingGlyphs: [], pageBudget: null, ...overrides },
  };
}

const outlines: Handler = async (input) => {
  const { font, gids } = input as { font: string; gids: number[] };
  return { ok: true, value: { font, unitsPerEm: 1000, glyphs: gids.map((gid) => ({ gid, d: 'M0 0L1 1Z' })) } };
};

function renderPreview(draft: ArticlePatch, onLineClick = vi.fn()) {
  const i18n = createI18n('zh-CN');
  const view = render(
    <I18nextProvider i18n={i18n}>
      <PagePreview articleId={1} draft={draft} editor={null} onLineClick={onLineClick} />
    </I18nextProvider>,
  );
  return {
    onLineClick,
    rerender: (next: ArticlePatch) =>
      view.rerender(
        <I18nextProvider i18n={i18n}>
          <PagePreview articleId={1} draft={next} editor={null} onLineClick={onLineClick} />
        </I18nextProvider>,
      ),
  };
}

const lineText = () => document.querySelector('.pv-line')?.getAttribute('data-text') ?? null;

describe('PagePreview', () => {
  it('draws the newest answer only, even when an older one arrives later', async () => {
    const pending: { input: { draft?: ArticlePatch }; resolve: (e: Envelope<unknown>) => void }[] = [];
    install({
      layoutArticle: (input) => new Promise((resolve) => pending.push({ input: input as { draft?: ArticlePatch }, resolve })),
      getGlyphOutlines: outlines,
    });
    const { rerender } = renderPreview({});
    await waitFor(() => expect(pending).toHaveLength(1));
    expect(pending[0]!.input.draft).toBeUndefined();
    await act(async () => pending[0]!.resolve({ ok: true, value: layoutOf('旧文') }));
    await waitFor(() => expect(lineText()).toBe('旧文'));

    rerender({ subtitle: '一' });
    await waitFor(() => expect(pending).toHaveLength(2), { timeout: 2000 });
    rerender({ subtitle: '二' });
    await waitFor(() => expect(pending).toHaveLength(3), { timeout: 2000 });
    expect(pending[2]!.input.draft).toEqual({ subtitle: '二' });
    // The newer answer first, then the stale one: the page keeps the newer.
    await act(async () => pending[2]!.resolve({ ok: true, value: layoutOf('新文') }));
    await waitFor(() => expect(lineText()).toBe('新文'));
    await act(async () => pending[1]!.resolve({ ok: true, value: layoutOf('过时') }));
    await new Promise((r) => setTimeout(r, 50));
    expect(lineText()).toBe('新文');
    expect(document.querySelectorAll('[data-testid=preview-page] use')).toHaveLength(2);
  });

  it('shows the report counts and problems, the folio, and hands a clicked line out', async () => {
    install({
      layoutArticle: async () => ({ ok: true, value: layoutOf('正文', { prohibitedBreaks: 2, missingGlyphs: [{ char: '𠀀', font: 'F', blockIndex: 0 }], pageBudget: 0 }) }),
      getGlyphOutlines: outlines,
    });
    const { onLineClick } = renderPreview({});
    await waitFor(() => expect(lineText()).toBe('正文'));
    const status = screen.getByTestId('preview-status').textContent ?? '';
    expect(status).toContain('1 页 · 1 行');
    expect(status).toContain('禁则违规 2 处');
    expect(status).toContain('缺字 1 个（𠀀）');
    expect(status).toContain('超出预算');
    expect(status).not.toContain('排版无问题');
    expect(screen.getByText('第 05 页')).toBeTruthy();
    fireEvent.click(document.querySelector('.pv-line')!);
    expect(onLineClick).toHaveBeenCalledWith({ owner: 1, blockIndex: 0, start: 0, end: 2 });
  });

  it('shows why a layout failed, in the UI language', async () => {
    install({
      layoutArticle: async () => ({ ok: false, error: { code: 'not_found', message: 'article 1 not found', details: { entity: 'article', id: 1 } } }),
    });
    renderPreview({});
    const error = await screen.findByTestId('preview-error');
    expect(error.textContent).toContain('无法排版本文');
    expect(screen.getByTestId('preview').getAttribute('data-state')).toBe('failed');
  });

  it('draws placed photos in their frames and placeholders as crossed frames; only the article\'s own lines are clickable', async () => {
    const layout = layoutOf('正文');
    const page = layout.pages[0]!;
    page.items.push(
      { kind: 'image', x: 60, y: 100, w: 200, h: 150, photoId: 7, placeholder: false },
      { kind: 'image', x: 60, y: 300, w: 200, h: 150, photoId: 8, placeholder: true, label: '照片占位' },
    );
    // A running head on the same page belongs to the issue, not to the article.
    page.lines.push({ lineId: 'head:0', x: 60, y: 20, w: 100, h: 8, baseline: 27, text: '北京人大', source: { owner: 'head5', blockIndex: 0, start: 0, end: 4 } });
    const asked: number[] = [];
    install({
      layoutArticle: async () => ({ ok: true, value: layout }),
      getGlyphOutlines: outlines,
      getPhotoPreview: async (input) => {
        const { photoId } = input as { photoId: number };
        asked.push(photoId);
        return { ok: true, value: { photoId, mime: 'image/jpeg', dataBase64: '/9j/AAAA', widthPx: 40, heightPx: 30 } };
      },
    });
    const { onLineClick } = renderPreview({});
    await waitFor(() => expect(document.querySelector('.pv-photo image')).toBeTruthy());
    expect(asked).toEqual([7]);
    const image = document.querySelector('.pv-photo image')!;
    expect(image.getAttribute('href')).toBe('data:image/jpeg;base64,/9j/AAAA');
    expect(image.getAttribute('preserveAspectRatio')).toBe('xMidYMid slice');
    expect(document.querySelectorAll('.pv-placeholder line')).toHaveLength(2);
    expect(document.querySelectorAll('.pv-line')).toHaveLength(1);
    fireEvent.click(document.querySelector('.pv-line')!);
    expect(onLineClick).toHaveBeenCalledTimes(1);
  });
});
