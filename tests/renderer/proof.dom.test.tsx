// @vitest-environment jsdom
// The proof UI's pieces in jsdom: the current-person chooser (validation, localStorage, top-bar label),
// a correction card's actions by role (accept, reject with a reason, reply), the list's filters, and
// the changed ranges the preview flags from a diff.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../src/shared/i18n';
import type { Correction, Person } from '../../src/shared/proof';
import { CorrectionCard } from '../../src/renderer/proof/CorrectionCard';
import { authorsOf, correctionsSignature, filterCorrections } from '../../src/renderer/proof/correction-filter';
import { changedRangesOf } from '../../src/renderer/proof/DiffView';
import { currentPerson, parsePerson, PERSON_STORAGE_KEY } from '../../src/renderer/proof/person';
import { PersonChooser } from '../../src/renderer/proof/PersonChooser';

async function i18n() {
  return createI18n('zh-CN');
}

const EDITOR: Person = { name: '张编辑', role: '编辑' };
const READER: Person = { name: '李校对', role: '校对' };

function correction(over: Partial<Correction> = {}): Correction {
  return {
    id: 1,
    issueId: 1,
    articleId: 10,
    roundId: 100,
    markId: 'qk-c1',
    kind: 'replace',
    original: '社北',
    proposed: '社北京',
    note: '',
    author: READER,
    createdAt: '2026-01-05T08:00:00Z',
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
    rejectReason: null,
    replies: [],
    orphaned: false,
    anchor: { blockIndex: 0, start: 2, end: 4 },
    verification: null,
    ...over,
  };
}

beforeEach(() => window.localStorage.clear());
afterEach(cleanup);

describe('current person', () => {
  it('is chosen in the top bar, refused without a name, remembered in localStorage', async () => {
    render(
      <I18nextProvider i18n={await i18n()}>
        <PersonChooser />
      </I18nextProvider>,
    );
    const current = screen.getByTestId('person-current');
    expect(current.textContent).toBe('选择身份');
    fireEvent.click(current);
    const form = screen.getByRole('form', { name: '当前身份' });
    fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: '   ' } });
    fireEvent.click(within(form).getByRole('button', { name: '确定' }));
    expect(within(form).getByRole('alert').textContent).toBe('请填写姓名');
    expect(currentPerson()).toBeNull();
    fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: ' 李校对 ' } });
    fireEvent.change(within(form).getByLabelText('角色'), { target: { value: '校对' } });
    fireEvent.click(within(form).getByRole('button', { name: '确定' }));
    expect(screen.getByTestId('person-current').textContent).toBe('李校对（校对）');
    expect(JSON.parse(window.localStorage.getItem(PERSON_STORAGE_KEY)!)).toEqual({ name: '李校对', role: '校对' });
    expect(currentPerson()).toEqual({ name: '李校对', role: '校对' });
  });

  it('reads anything malformed in storage as nobody chosen', () => {
    expect(parsePerson('{"name":"王","role":"社长"}')).toBeNull();
    expect(parsePerson('not json')).toBeNull();
    expect(parsePerson('{"name":"","role":"编辑"}')).toBeNull();
    expect(parsePerson('{"name":"王主编","role":"主编"}')).toEqual({ name: '王主编', role: '主编' });
  });
});

describe('correction card', () => {
  async function renderCard(c: Correction, person: Person | null) {
    const handlers = { onSelect: vi.fn(), onAccept: vi.fn(), onReject: vi.fn(), onReply: vi.fn() };
    render(
      <I18nextProvider i18n={await i18n()}>
        <ul>
          <CorrectionCard correction={c} roundName="一校" person={person} selected busy={false} {...handlers} />
        </ul>
      </I18nextProvider>,
    );
    return handlers;
  }

  it('shows kind, original → proposed, author, round and status', async () => {
    await renderCard(correction(), READER);
    const card = screen.getByTestId('correction-card');
    expect(card.querySelector('.cc-kind')!.textContent).toBe('改');
    expect(card.querySelector('del')!.textContent).toBe('社北');
    expect(card.querySelector('ins')!.textContent).toBe('社北京');
    expect(card.querySelector('.cc-meta')!.textContent).toContain('李校对（校对）· 一校');
    expect(screen.getByTestId('correction-status').textContent).toBe('待处理');
  });

  it('offers 接受 and 拒绝 to an editor; rejecting needs a reason', async () => {
    const h = await renderCard(correction(), EDITOR);
    fireEvent.click(screen.getByRole('button', { name: '接受' }));
    expect(h.onAccept).toHaveBeenCalledWith(1);
    fireEvent.click(screen.getByRole('button', { name: '拒绝' }));
    const confirm = screen.getByRole('button', { name: '确认拒绝' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('拒绝理由'), { target: { value: '原文无误' } });
    fireEvent.click(confirm);
    expect(h.onReject).toHaveBeenCalledWith(1, '原文无误');
  });

  it('gives a proofreader no accept or reject, but a reply box', async () => {
    const h = await renderCard(correction(), READER);
    expect(screen.queryByRole('button', { name: '接受' })).toBeNull();
    expect(screen.queryByRole('button', { name: '拒绝' })).toBeNull();
    fireEvent.change(screen.getByLabelText('回复这条意见'), { target: { value: '请编辑定夺' } });
    fireEvent.click(screen.getByRole('button', { name: '回复' }));
    expect(h.onReply).toHaveBeenCalledWith(1, '请编辑定夺');
  });

  it('marks an orphaned correction and keeps its original text', async () => {
    await renderCard(correction({ orphaned: true, anchor: null, kind: 'delete', proposed: '' }), EDITOR);
    expect(screen.getByTestId('correction-orphaned').textContent).toBe('原文已删');
    expect(screen.getByTestId('correction-card').querySelector('del')!.textContent).toBe('社北');
  });

  it('shows who resolved a correction and offers no decision on it any more', async () => {
    await renderCard(correction({ status: 'rejected', resolvedBy: EDITOR, resolvedAt: '2026-01-05T09:00:00Z', rejectReason: '原文无误' }), EDITOR);
    expect(screen.queryByRole('button', { name: '接受' })).toBeNull();
    expect(screen.getByTestId('correction-card').querySelector('.cc-resolved')!.textContent).toContain('原文无误');
  });
});

describe('corrections list filters', () => {
  const list = [
    correction({ id: 1 }),
    correction({ id: 2, status: 'accepted', roundId: 101 }),
    correction({ id: 3, articleId: 11, author: EDITOR }),
    correction({ id: 4, status: 'rejected', author: EDITOR }),
  ];
  const ids = (cs: Correction[]) => cs.map((c) => c.id);

  it('filters by round, status, article and person, together', () => {
    const all = { roundId: null, status: null, articleId: null, author: null };
    expect(ids(filterCorrections(list, all))).toEqual([1, 2, 3, 4]);
    expect(ids(filterCorrections(list, { ...all, roundId: 101 }))).toEqual([2]);
    expect(ids(filterCorrections(list, { ...all, status: 'open' }))).toEqual([1, 3]);
    expect(ids(filterCorrections(list, { ...all, articleId: 10 }))).toEqual([1, 2, 4]);
    expect(ids(filterCorrections(list, { ...all, author: '张编辑' }))).toEqual([3, 4]);
    expect(ids(filterCorrections(list, { ...all, author: '张编辑', articleId: 10 }))).toEqual([4]);
    expect(authorsOf(list)).toEqual(['李校对', '张编辑']);
  });

  it('notices a change to one article’s corrections and ignores other articles', () => {
    const before = correctionsSignature(list, 10);
    expect(correctionsSignature(list.map((c) => (c.id === 3 ? { ...c, status: 'accepted' as const } : c)), 10)).toBe(before);
    expect(correctionsSignature(list.map((c) => (c.id === 1 ? { ...c, status: 'accepted' as const } : c)), 10)).not.toBe(before);
  });
});

describe('changed ranges from a diff', () => {
  it('gives inserted characters as ranges and deletions as places in the current text', () => {
    const ranges = changedRangesOf({
      articleId: 10,
      sinceRoundId: 100,
      sinceName: '一校',
      inserted: 3,
      deleted: 2,
      blocks: [
        { blockIndex: 0, segments: [{ op: 'equal', text: '新华' }, { op: 'delete', text: '社北' }, { op: 'insert', text: '社北京' }, { op: 'equal', text: '电' }] },
        { blockIndex: 1, segments: [{ op: 'equal', text: '不变' }] },
      ],
    });
    expect([...ranges]).toEqual([[0, [[2, 2], [2, 5]]]]);
  });
});
