// @vitest-environment jsdom
// The whole-issue page thumbnails (the 版面 view beside the export dialog) against a mocked transport:
// spreads, labels, kinds, the article each page carries, click-through, problem counts, refresh.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type IssuePages, type QikanTransport } from '../../src/shared/api';
import { BLACK, type DisplayPage, type LineBox } from '../../src/shared/display-list';
import type { Envelope } from '../../src/shared/errors';
import { createI18n } from '../../src/shared/i18n';
import type { SectionOutline } from '../../src/shared/model';
import { resetApiForTests } from '../../src/renderer/api/client';
import { IssuePagesView } from '../../src/renderer/pages/IssuePagesView';
import { spreads } from '../../src/renderer/pages/page-facts';

type Handler = (input: unknown) => Promise<Envelope<unknown>>;
const ok = <T,>(value: T) => Promise.resolve({ ok: true as const, value });

function transportWith(handlers: Partial<Record<string, Handler>>): QikanTransport {
  const t: Record<string, Handler> = {};
  for (const m of API_METHODS) t[m] = handlers[m] ?? (async () => ({ ok: false, error: { code: 'internal', message: `unmocked ${m}`, details: {} } }));
  return t as unknown as QikanTransport;
}

function sections(revision: number): SectionOutline[] {
  return [
    {
      id: 7,
      position: 0,
      name: '卷首语',
      articles: [{ id: 41, sectionId: 7, position: 0, key: 'a01', titleLines: ['新年寄语'], subtitle: null, byline: null, pageBudget: null, charCount: 900, revision }],
    },
    {
      id: 8,
      position: 1,
      name: '特别策划',
      articles: [{ id: 42, sectionId: 8, position: 0, key: 'a02', titleLines: ['踔厉奋发', '开新局'], subtitle: null, byline: null, pageBudget: null, charCount: 4000, revision: 1 }],
    },
  ];
}

const line = (id: string, owner: number | string, y: number): LineBox => ({ lineId: id, x: 50, y, w: 400, h: 14, baseline: y + 11, source: { owner, blockIndex: 0, start: 0, end: 10 }, text: '正文' });

function page(index: number, kind: string, folio: string | null, lines: LineBox[]): DisplayPage {
  return { index, kind, folio, boxes: { trimW: 595.28, trimH: 807.87, bleed: 8.5 }, items: [], lines };
}

function issuePages(): IssuePages {
  const cover = page(0, 'cover', null, [line('c1', 'cover', 100)]);
  // The masthead in large type: kept as glyphs in the 'lines' detail.
  cover.items.push({ kind: 'glyphs', font: 'Serif-Bold', sizePt: 60, color: BLACK, x: 100, y: 160, glyphs: [{ gid: 3, dx: 0, advance: 1000, text: '北' }], lineId: 'c1' });
  cover.items.push({ kind: 'image', x: 40, y: 300, w: 500, h: 400, photoId: 9, placeholder: true, label: '照片占位' });
  return {
    issueId: 1,
    pages: [
      cover,
      page(1, 'inside-front-cover', null, []),
      page(2, 'contents', null, [line('t1', 'toc', 80)]),
      page(3, 'colophon', '01', [line('k1', 41, 80), line('k2', 'colophon', 400)]),
      page(4, 'opener', '02', [line('o1', 42, 80), line('o2', 42, 100)]),
      page(5, 'body', '03', [line('b1', 42, 80)]),
    ],
    starts: [
      { articleId: 41, folio: '01' },
      { articleId: 42, folio: '02' },
    ],
    report: { pages: 6, linesSet: 7, prohibitedBreaks: 2, overStretchedLines: 0, singleCharacterLastLines: 0, oversetBlocks: 1, missingGlyphs: [], pageBudget: null },
  };
}

afterEach(() => {
  cleanup();
  delete window.qikanTransport;
  resetApiForTests();
});

function renderView(getIssuePages: Handler, selectedPage: string | null = null) {
  window.qikanTransport = transportWith({
    getIssuePages,
    getGlyphOutlines: () => ok({ font: 'Serif-Bold', unitsPerEm: 1000, glyphs: [{ gid: 3, d: 'M0 0L500 0L500 700Z' }] }),
  });
  resetApiForTests();
  const onOpenArticle = vi.fn();
  const onPickPage = vi.fn();
  const i18n = createI18n('zh-CN');
  const view = (secs: SectionOutline[]) => (
    <I18nextProvider i18n={i18n}>
      <IssuePagesView issueId={1} sections={secs} selectedPage={selectedPage} onOpenArticle={onOpenArticle} onPickPage={onPickPage} />
    </I18nextProvider>
  );
  const { rerender } = render(view(sections(1)));
  return { onOpenArticle, onPickPage, rerender: (secs: SectionOutline[]) => rerender(view(secs)) };
}

describe('spreads', () => {
  it('puts the front cover alone, then verso and recto pairs, and a last page without a partner alone', () => {
    expect(spreads([0, 1, 2, 3, 4, 5])).toEqual([[0], [1, 2], [3, 4], [5]]);
    expect(spreads([0, 1, 2])).toEqual([[0], [1, 2]]);
    expect(spreads([])).toEqual([]);
  });
});

describe('issue page thumbnails', () => {
  it('shows every page in spreads with its label, kind and the article and section it carries', async () => {
    const getIssuePages = vi.fn(() => ok(issuePages()));
    renderView(getIssuePages);
    await waitFor(() => expect(screen.getAllByTestId('page-thumb')).toHaveLength(6));
    expect(getIssuePages).toHaveBeenCalledWith({ issueId: 1, detail: 'lines' });
    const thumbs = screen.getAllByTestId('page-thumb');
    expect(thumbs.map((t) => t.getAttribute('data-label'))).toEqual(['封一', '封二', '无页码（第 3 面）', '01', '02', '03']);
    expect(screen.getAllByTestId('spread').map((s) => within(s).getAllByTestId('page-thumb').length)).toEqual([1, 2, 2, 1]);
    expect(thumbs[0]!.textContent).toContain('封面');
    expect(thumbs[2]!.textContent).toContain('目录');
    expect(thumbs[3]!.textContent).toContain('版权页');
    expect(thumbs[3]!.textContent).toContain('卷首语');
    expect(thumbs[3]!.textContent).toContain('新年寄语');
    expect(thumbs[4]!.textContent).toContain('特别策划');
    expect(thumbs[4]!.textContent).toContain('踔厉奋发 开新局');
    expect(screen.getByTestId('pages-summary').textContent).toBe('共 6 页 · 2 篇文章');
    const problems = screen.getByTestId('pages-problems').textContent;
    expect(problems).toContain('1 段文字排不下');
    expect(problems).toContain('2 处违反避头尾');
  });

  it('greeks text as bars, crosses placeholder frames and draws large type from glyph outlines', async () => {
    const { container } = { container: document.body };
    renderView(() => ok(issuePages()));
    await waitFor(() => expect(container.querySelector('#qkg-f0-3')).not.toBeNull());
    const cover = screen.getAllByTestId('page-thumb')[0]!;
    expect(cover.querySelectorAll('use')).toHaveLength(1);
    expect(cover.querySelectorAll('.th-bar')).toHaveLength(0); // its one line is drawn as type
    expect(cover.querySelectorAll('.th-placeholder line')).toHaveLength(2);
    expect(screen.getAllByTestId('page-thumb')[4]!.querySelectorAll('.th-bar')).toHaveLength(2);
  });

  it('opens the article a page carries, and picks out pages without one', async () => {
    const { onOpenArticle, onPickPage } = renderView(() => ok(issuePages()));
    await waitFor(() => expect(screen.getAllByTestId('page-thumb')).toHaveLength(6));
    const opener = screen.getByRole('button', { name: '第 02 页' });
    expect(opener.getAttribute('title')).toBe('打开《踔厉奋发 开新局》');
    fireEvent.click(opener);
    expect(onOpenArticle).toHaveBeenLastCalledWith(42);
    fireEvent.click(screen.getByRole('button', { name: '封一' }));
    expect(onPickPage).toHaveBeenLastCalledWith('封一');
  });

  it('marks the page named in the address', async () => {
    renderView(() => ok(issuePages()), '02');
    await waitFor(() => expect(screen.getAllByTestId('page-thumb')).toHaveLength(6));
    expect(document.querySelectorAll('.ip-page.selected')).toHaveLength(1);
    expect(document.querySelector('.ip-page.selected')!.getAttribute('data-label')).toBe('02');
  });

  it('picks out a page named by its kind, as preflight targets name the contents and the colophon', async () => {
    renderView(() => ok(issuePages()), 'contents');
    await waitFor(() => expect(screen.getAllByTestId('page-thumb')).toHaveLength(6));
    expect(document.querySelector('.ip-page.selected')!.getAttribute('data-kind')).toBe('contents');
  });

  it('lays the issue out again when the outline changes, and not when it is the same', async () => {
    const getIssuePages = vi.fn(() => ok(issuePages()));
    const { rerender } = renderView(getIssuePages);
    await waitFor(() => expect(screen.getAllByTestId('page-thumb')).toHaveLength(6));
    expect(getIssuePages).toHaveBeenCalledTimes(1);
    await act(async () => rerender(sections(1)));
    expect(getIssuePages).toHaveBeenCalledTimes(1);
    await act(async () => rerender(sections(2))); // an article was saved
    await waitFor(() => expect(getIssuePages).toHaveBeenCalledTimes(2));
  });

  it('reports a layout that fails and lays out again on request', async () => {
    let calls = 0;
    renderView(async () => (++calls === 1 ? { ok: false, error: { code: 'internal', message: 'boom', details: {} } } : ok(issuePages())));
    expect((await screen.findByRole('alert')).textContent).toContain('无法排出全刊版面');
    fireEvent.click(screen.getByRole('button', { name: '重新排版' }));
    await waitFor(() => expect(screen.getAllByTestId('page-thumb')).toHaveLength(6));
  });
});
