// @vitest-environment jsdom
// The colophon editor shows the board in the order the office entered (what prints) and offers the
// 姓名笔画 order as a suggestion the editor may take; nothing is re-sorted behind the editor's back.
// Preflight's overset and board-order items read in the UI language with the frame named.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { API_METHODS, type QikanTransport } from '../../src/shared/api';
import type { Envelope } from '../../src/shared/errors';
import { createI18n } from '../../src/shared/i18n';
import type { Colophon } from '../../src/shared/model';
import type { PreflightItem } from '../../src/shared/print';
import { resetApiForTests } from '../../src/renderer/api/client';
import { preflightText } from '../../src/renderer/export/preflight-groups';
import { ColophonEditor } from '../../src/renderer/settings/ColophonEditor';
import { sortByStrokes } from '../../src/engine/issue/stroke-order';

type Handler = (input: unknown) => Promise<Envelope<unknown>>;

// As the office entered them: 艾 (5 strokes) before 邓 (4 strokes).
const ENTERED = ['马曙光', '王旭', '艾丽', '邓乃平', '田利跃'];

const COLOPHON: Colophon = {
  organisation: [{ label: '主管', value: '北京市人大常委会' }],
  editorialBoard: { heading: '编辑委员会', chair: '甲', viceChair: '乙', members: ENTERED, note: '按姓名笔画排列', roles: { chair: '主任', viceChair: '副主任', members: '委员' } },
  chiefEditor: { role: '主编', name: '丙' },
  editorialOfficeHeading: '编辑部',
  editorialOffice: [],
  contacts: [],
  production: [],
  price: { label: '定价', value: '6.00元', amount: 6, currency: 'CNY' },
};

function transportWith(handlers: Partial<Record<string, Handler>>): QikanTransport {
  const t: Record<string, Handler> = {};
  for (const m of API_METHODS) t[m] = handlers[m] ?? (async () => ({ ok: false, error: { code: 'internal', message: `unmocked ${m}`, details: {} } }));
  return t as unknown as QikanTransport;
}

afterEach(cleanup);

describe('the board order in the colophon editor', () => {
  it('shows the order entered as printed, suggests the stroke order and takes it only when asked', async () => {
    window.qikanTransport = transportWith({ getColophon: async () => ({ ok: true, value: structuredClone(COLOPHON) }) });
    resetApiForTests();
    const { container } = render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <ColophonEditor issueId={1} />
      </I18nextProvider>,
    );
    await waitFor(() => expect(container.querySelector('.printed-order')).not.toBeNull());
    expect(container.querySelector('.printed-order')!.textContent).toContain(ENTERED.join('　'));
    const suggestion = container.querySelector('.stroke-suggestion')!;
    expect(suggestion.textContent).toContain(sortByStrokes(ENTERED).join('　'));
    expect(sortByStrokes(ENTERED)).not.toEqual(ENTERED);

    fireEvent.click(screen.getByRole('button', { name: '采用笔画顺序' }));
    expect((container.querySelector('textarea[name=members]') as HTMLTextAreaElement).value).toBe(sortByStrokes(ENTERED).join('\n'));
    expect(container.querySelector('.printed-order')!.textContent).toContain(sortByStrokes(ENTERED).join('　'));
    expect(container.querySelector('.stroke-suggestion')).toBeNull();
  });

  it('makes no suggestion once the office marked its order as confirmed', async () => {
    window.qikanTransport = transportWith({ getColophon: async () => ({ ok: true, value: { ...structuredClone(COLOPHON), editorialBoard: { ...COLOPHON.editorialBoard, manualOrder: true } } }) });
    resetApiForTests();
    const { container } = render(
      <I18nextProvider i18n={createI18n('en')}>
        <ColophonEditor issueId={1} />
      </I18nextProvider>,
    );
    await waitFor(() => expect(container.querySelector('.printed-order')).not.toBeNull());
    expect(container.querySelector('.printed-order')!.textContent).toContain(ENTERED.join('　'));
    expect(container.querySelector('.stroke-suggestion')).toBeNull();
  });
});

describe('preflight items of generated pages in the export dialog', () => {
  const item = (over: Pick<PreflightItem, 'code' | 'params'>): PreflightItem => ({ severity: 'error', message: 'english', target: { page: 'inside-back-cover' }, ...over });

  it('names the frame that overflows and says what to do, in Chinese and in English', () => {
    const over = item({ code: 'overset_frame', params: { frame: 'colophon:board', part: 'board', lines: 12, text: '王明' } });
    const zh = preflightText(createI18n('zh-CN').t, over);
    expect(zh).toContain('编委名单排不下');
    expect(zh).toContain('12');
    expect(zh).not.toMatch(/board|colophon|\$t/u);
    const en = preflightText(createI18n('en').t, over);
    expect(en).toMatch(/^The board list does not fit: 12 line/u);
    const order = item({ code: 'board_order', params: { suggested: '王旭、邓乃平' } });
    expect(preflightText(createI18n('zh-CN').t, order)).toContain('建议顺序：王旭、邓乃平');
  });
});
