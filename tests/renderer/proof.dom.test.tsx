// @vitest-environment jsdom
// The proof UI's pieces in jsdom: a correction card's actions by the signed-in person's roles (accept,
// reject with a reason, reply; disabled with the role needed), the list's filters, and the changed
// ranges the preview flags from a diff.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../src/shared/i18n';
import type { Correction, Person } from '../../src/shared/proof';
import { CorrectionCard } from '../../src/renderer/proof/CorrectionCard';
import { authorsOf, correctionsSignature, filterCorrections } from '../../src/renderer/proof/correction-filter';
import { changedRangesOf } from '../../src/renderer/proof/DiffView';
import { setAuthState } from '../../src/renderer/auth/session';
import type { Role } from '../../src/shared/auth';

async function i18n() {
  return createI18n('zh-CN');
}

const EDITOR: Person = { accountId: 2, name: '张编辑', role: '责任编辑' };
const READER: Person = { accountId: 3, name: '李校对', role: '校对' };

/** Signs a person in as the gate would (the roles decide what the card offers). */
function signIn(person: Person | null, roles: Role[] = []) {
  setAuthState({
    needsSetup: false,
    setupAllowed: false,
    idleMinutes: 60,
    absoluteMinutes: 720,
    me: person ? { accountId: person.accountId ?? 0, login: 'x' + String(person.accountId), displayName: person.name, roles } : null,
  });
}

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

beforeEach(() => setAuthState(null));
afterEach(cleanup);

describe('correction card', () => {
  async function renderCard(c: Correction, person: Person | null) {
    signIn(person, person === EDITOR ? ['责任编辑'] : person === READER ? ['校对'] : []);
    const handlers = { onSelect: vi.fn(), onAccept: vi.fn(), onReject: vi.fn(), onReply: vi.fn() };
    render(
      <I18nextProvider i18n={await i18n()}>
        <ul>
          <CorrectionCard correction={c} roundName="一校" selected busy={false} {...handlers} />
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

  it('gives a proofreader accept and reject disabled with the roles needed, and a reply box', async () => {
    const h = await renderCard(correction(), READER);
    const accept = screen.getByRole('button', { name: '接受' }) as HTMLButtonElement;
    expect(accept.disabled).toBe(true);
    expect(accept.title).toBe('需要以下角色之一：主编、编辑部主任、责任编辑');
    fireEvent.click(accept);
    expect(h.onAccept).not.toHaveBeenCalled();
    expect((screen.getByRole('button', { name: '拒绝' }) as HTMLButtonElement).disabled).toBe(true);
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
