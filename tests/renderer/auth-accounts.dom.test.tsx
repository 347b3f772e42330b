// @vitest-environment jsdom
// 设置 → 账号 and the record (操作记录) against a fake transport: an administrator adds a person and
// disables one (never deletes); anyone else sees the list read-only; record lines are worded from the
// locale with their params, refused ones marked with the reason, and the filters go to the server.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type QikanTransport } from '../../src/shared/api';
import type { Account, Actor, ActivityEntry } from '../../src/shared/auth';
import type { Envelope } from '../../src/shared/errors';
import { createI18n } from '../../src/shared/i18n';
import { resetApiForTests } from '../../src/renderer/api/client';
import { ActivityView } from '../../src/renderer/activity/ActivityView';
import { setAuthState } from '../../src/renderer/auth/session';
import { AccountsSection } from '../../src/renderer/settings/AccountsSection';

type Handler = (input: unknown) => Promise<Envelope<unknown>>;
const ok = (value: unknown): Promise<Envelope<unknown>> => Promise.resolve({ ok: true, value });

function useTransport(handlers: Partial<Record<string, Handler>>): void {
  const t: Record<string, Handler> = {};
  for (const m of API_METHODS) t[m] = handlers[m] ?? (() => Promise.resolve({ ok: false, error: { code: 'internal', message: `unmocked ${m}`, details: {} } } as Envelope<unknown>));
  window.qikanTransport = t as unknown as QikanTransport;
  resetApiForTests();
}

const ADMIN: Actor = { accountId: 1, login: 'admin', displayName: '王管理', roles: ['管理员'] };
const LI: Actor = { accountId: 3, login: 'li', displayName: '李校对', roles: ['校对'] };
const account = (a: Actor, over: Partial<Account> = {}): Account => ({
  id: a.accountId, login: a.login, displayName: a.displayName, roles: a.roles, disabled: false, needsPassword: false,
  createdAt: '2026-01-01T00:00:00Z', lastLoginAt: null, ...over,
});

function signIn(me: Actor) {
  setAuthState({ needsSetup: false, setupAllowed: false, idleMinutes: 60, absoluteMinutes: 720, me });
}
function renderIt(ui: React.ReactNode) {
  return render(<I18nextProvider i18n={createI18n('zh-CN')}>{ui}</I18nextProvider>);
}

afterEach(() => {
  cleanup();
  delete window.qikanTransport;
  resetApiForTests();
  setAuthState(null);
});

describe('accounts section', () => {
  it('lets an administrator add a person and disable one, with the roles chosen', async () => {
    let list = [account(ADMIN), account(LI, { needsPassword: true })];
    const createAccount = vi.fn((input: unknown) => {
      const i = input as { login: string; displayName: string; roles: Account['roles'] };
      const made = account({ accountId: 9, login: i.login, displayName: i.displayName, roles: i.roles });
      list = [...list, made];
      return ok(made);
    });
    const updateAccount = vi.fn((input: unknown) => {
      const i = input as { accountId: number; disabled: boolean };
      list = list.map((a) => (a.id === i.accountId ? { ...a, disabled: i.disabled } : a));
      return ok(list.find((a) => a.id === i.accountId));
    });
    useTransport({ listAccounts: () => ok(list), createAccount, updateAccount });
    signIn(ADMIN);
    renderIt(<AccountsSection />);
    const table = await screen.findByTestId('accounts-table');
    expect(within(table).getByText('李校对').closest('tr')!.textContent).toContain('尚未设置密码');
    fireEvent.click(screen.getByRole('button', { name: '添加账号' }));
    const form = screen.getByTestId('account-form');
    fireEvent.change(within(form).getByLabelText('登录名'), { target: { value: 'zhao' } });
    fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: '赵编辑' } });
    fireEvent.change(within(form).getByLabelText('密码'), { target: { value: 'a good password' } });
    fireEvent.change(within(form).getByLabelText('再次输入密码'), { target: { value: 'a good password' } });
    fireEvent.click(within(form).getByRole('button', { name: '保存' }));
    expect(within(form).getByRole('alert').textContent).toBe('请至少选择一个角色');
    fireEvent.click(within(form).getByLabelText('责任编辑'));
    fireEvent.click(within(form).getByRole('button', { name: '保存' }));
    await screen.findByText('赵编辑');
    expect(createAccount).toHaveBeenCalledWith({ login: 'zhao', displayName: '赵编辑', roles: ['责任编辑'], password: 'a good password' });
    const row = screen.getByText('李校对').closest('tr')!;
    fireEvent.click(within(row as HTMLElement).getByRole('button', { name: '停用' }));
    await waitFor(() => expect(screen.getByText('李校对').closest('tr')!.getAttribute('data-disabled')).toBe('true'));
    expect(updateAccount).toHaveBeenCalledWith({ accountId: 3, disabled: true });
    // There is no way to delete anyone.
    expect(screen.queryByRole('button', { name: /删除/ })).toBeNull();
  });

  it('shows everyone else the list read-only', async () => {
    useTransport({ listAccounts: () => ok([account(ADMIN), account(LI)]) });
    signIn(LI);
    renderIt(<AccountsSection />);
    await screen.findByTestId('accounts-table');
    expect(screen.getByText(/只有管理员可以修改账号/).textContent).toContain('需要以下角色之一：管理员');
    expect(screen.queryByRole('button', { name: '添加账号' })).toBeNull();
    expect(screen.queryByRole('button', { name: '停用' })).toBeNull();
    expect(screen.getAllByRole('button', { name: '操作记录' })).toHaveLength(2);
  });
});

describe('activity view', () => {
  const line = (over: Partial<ActivityEntry>): ActivityEntry => ({
    id: 1, at: '2026-01-06T09:00:00Z', accountId: 3, actorName: '李校对', action: 'proposeCorrection', outcome: 'done',
    issueId: 1, articleId: 10, roundId: 7, params: {}, note: '', origin: '127.0.0.1', ...over,
  });

  it('words each line from its params, marks refusals with their reason, and filters on the server', async () => {
    const listActivity = vi.fn(() =>
      ok([
        line({ id: 3, action: 'signRound', outcome: 'refused', params: { round: '通读', step: '终审', code: 'forbidden', reason: 'role' }, actorName: '李校对' }),
        line({ id: 2, action: 'withdrawSignOff', accountId: 2, actorName: '张主编', params: { round: '通读', step: '终审', signer: '张主编' }, note: '第 3 页错字' }),
        line({ id: 1, params: { title: '春耕时节', round: '一校' } }),
      ]),
    );
    useTransport({ listActivity, listAccounts: () => ok([account(LI)]) });
    signIn(LI);
    renderIt(<ActivityView issueId={1} />);
    const lines = await screen.findAllByTestId('activity-line');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.dataset['outcome']).toBe('refused');
    expect(lines[0]!.textContent).toContain('被拒绝');
    expect(lines[0]!.textContent).toContain('通读：终审签字');
    expect(lines[0]!.textContent).toContain('缺少所需的角色');
    expect(lines[1]!.textContent).toContain('撤回 张主编 的终审签字（通读）');
    expect(lines[1]!.textContent).toContain('“第 3 页错字”');
    expect(lines[2]!.textContent).toContain('在《春耕时节》提出校改（一校）');
    expect(listActivity).toHaveBeenLastCalledWith({ issueId: 1, limit: 200 });
    fireEvent.change(screen.getByLabelText('按结果筛选'), { target: { value: 'refused' } });
    fireEvent.change(screen.getByLabelText('按人员筛选'), { target: { value: '3' } });
    await waitFor(() => expect(listActivity).toHaveBeenLastCalledWith({ issueId: 1, accountId: 3, outcome: 'refused', limit: 200 }));
  });
});
