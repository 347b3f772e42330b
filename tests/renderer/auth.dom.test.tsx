// @vitest-environment jsdom
// The renderer's accounts and signatures against a fake transport: the auth gate (first-run setup,
// the message away from the server, login with a wrong and a right password, a session that ends while
// the app is open comes back as a dialog over the app, which keeps its state), and the sign-off UI (a
// 校对 sees the 终审 disabled with the role it needs; the sign dialog shows what it covers and sends the
// password and no actor).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type QikanTransport } from '../../src/shared/api';
import type { Actor, AuthState } from '../../src/shared/auth';
import type { Envelope } from '../../src/shared/errors';
import { createI18n } from '../../src/shared/i18n';
import type { ProofRound, QualityFigures, SignOff, SignOffCoverage, SignOffState } from '../../src/shared/proof';
import { getApi, resetApiForTests } from '../../src/renderer/api/client';
import { AuthGate } from '../../src/renderer/auth/AuthGate';
import { setAuthState } from '../../src/renderer/auth/session';
import { ProofPanel } from '../../src/renderer/proof/ProofPanel';

type Handler = (input: unknown) => Promise<Envelope<unknown>>;
const ok = (value: unknown): Promise<Envelope<unknown>> => Promise.resolve({ ok: true, value });
const fail = (code: string, details: Record<string, unknown>): Promise<Envelope<unknown>> =>
  Promise.resolve({ ok: false, error: { code, message: code, details } } as Envelope<unknown>);

function useTransport(handlers: Partial<Record<string, Handler>>): void {
  const t: Record<string, Handler> = {};
  for (const m of API_METHODS) t[m] = handlers[m] ?? (() => fail('internal', { reason: `unmocked ${m}` }));
  window.qikanTransport = t as unknown as QikanTransport;
  resetApiForTests();
}

const ZHANG: Actor = { accountId: 2, login: 'zhang', displayName: '张主编', roles: ['主编'] };
const LI: Actor = { accountId: 3, login: 'li', displayName: '李校对', roles: ['校对'] };
const auth = (over: Partial<AuthState>): AuthState => ({ needsSetup: false, setupAllowed: false, me: null, idleMinutes: 60, absoluteMinutes: 720, ...over });

function renderWithI18n(ui: React.ReactNode) {
  return render(<I18nextProvider i18n={createI18n('zh-CN')}>{ui}</I18nextProvider>);
}

/** Stands for the app: a draft typed into it must survive a session that ends. */
function FakeApp() {
  const [text, setText] = useState('');
  return (
    <div data-testid="the-app">
      <textarea aria-label="草稿" value={text} onChange={(e) => setText(e.target.value)} />
      <button type="button" onClick={() => void getApi().listIssues({}).catch(() => undefined)}>
        读取
      </button>
    </div>
  );
}

beforeEach(() => setAuthState(null));
afterEach(() => {
  cleanup();
  delete window.qikanTransport;
  resetApiForTests();
});

describe('auth gate', () => {
  it('refuses a wrong password in the UI language, then lets the right one in to the app', async () => {
    const login = vi.fn((input: unknown) => {
      const { password } = input as { login: string; password: string };
      return password === 'correct horse' ? ok(auth({ me: ZHANG })) : fail('unauthenticated', { reason: 'wrong_credentials' });
    });
    useTransport({ getAuthState: () => ok(auth({})), login });
    renderWithI18n(
      <AuthGate>
        <FakeApp />
      </AuthGate>,
    );
    const form = await screen.findByRole('form', { name: '登录' });
    expect(screen.queryByTestId('the-app')).toBeNull();
    fireEvent.change(within(form).getByLabelText('登录名'), { target: { value: 'zhang' } });
    fireEvent.change(within(form).getByLabelText('密码'), { target: { value: 'wrong' } });
    fireEvent.click(within(form).getByRole('button', { name: '登录' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('用户名或密码不正确');
    expect(screen.queryByTestId('the-app')).toBeNull();
    // The password field is emptied after a refusal.
    expect((within(form).getByLabelText('密码') as HTMLInputElement).value).toBe('');
    fireEvent.change(within(form).getByLabelText('密码'), { target: { value: 'correct horse' } });
    fireEvent.click(within(form).getByRole('button', { name: '登录' }));
    await screen.findByTestId('the-app');
    expect(login).toHaveBeenLastCalledWith({ login: 'zhang', password: 'correct horse' });
  });

  it('says how long to wait when logins are rate-limited', async () => {
    useTransport({ getAuthState: () => ok(auth({})), login: () => fail('rate_limited', { retryAfterSeconds: 42 }) });
    renderWithI18n(
      <AuthGate>
        <FakeApp />
      </AuthGate>,
    );
    const form = await screen.findByRole('form', { name: '登录' });
    fireEvent.change(within(form).getByLabelText('登录名'), { target: { value: 'zhang' } });
    fireEvent.change(within(form).getByLabelText('密码'), { target: { value: 'x' } });
    fireEvent.click(within(form).getByRole('button', { name: '登录' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('登录失败次数过多，请 42 秒后再试');
  });

  it('creates the first administrator on the server machine, checking the password twice', async () => {
    const setupFirstAdmin = vi.fn(() => ok(auth({ me: { accountId: 1, login: 'admin', displayName: '王管理', roles: ['管理员', '主编'] } })));
    useTransport({ getAuthState: () => ok(auth({ needsSetup: true, setupAllowed: true })), setupFirstAdmin });
    renderWithI18n(
      <AuthGate>
        <FakeApp />
      </AuthGate>,
    );
    const form = await screen.findByRole('form', { name: '创建第一位管理员' });
    fireEvent.change(within(form).getByLabelText('登录名'), { target: { value: 'admin' } });
    fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: ' 王管理 ' } });
    fireEvent.change(within(form).getByLabelText('密码'), { target: { value: 'long enough 1' } });
    fireEvent.change(within(form).getByLabelText('再次输入密码'), { target: { value: 'long enough 2' } });
    fireEvent.click(within(form).getByRole('button', { name: '创建并登录' }));
    expect(within(form).getByRole('alert').textContent).toBe('两次输入的密码不一致');
    expect(setupFirstAdmin).not.toHaveBeenCalled();
    fireEvent.change(within(form).getByLabelText('再次输入密码'), { target: { value: 'long enough 1' } });
    fireEvent.click(within(form).getByLabelText('主编'));
    fireEvent.click(within(form).getByRole('button', { name: '创建并登录' }));
    await screen.findByTestId('the-app');
    expect(setupFirstAdmin).toHaveBeenCalledWith({ login: 'admin', displayName: '王管理', password: 'long enough 1', roles: ['管理员', '主编'] });
  });

  it('away from the server machine, says the administrator is made there', async () => {
    useTransport({ getAuthState: () => ok(auth({ needsSetup: true, setupAllowed: false })) });
    renderWithI18n(
      <AuthGate>
        <FakeApp />
      </AuthGate>,
    );
    const box = await screen.findByTestId('setup-remote');
    expect(box.textContent).toContain('npm run cli -- user add');
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('shows the login over the app when the session ends, keeping what was typed', async () => {
    let expired = false;
    useTransport({
      getAuthState: () => ok(auth({ me: ZHANG })),
      listIssues: () => (expired ? fail('unauthenticated', { reason: 'expired' }) : ok([])),
      login: () => ok(auth({ me: ZHANG })),
    });
    renderWithI18n(
      <AuthGate>
        <FakeApp />
      </AuthGate>,
    );
    const draft = (await screen.findByLabelText('草稿')) as HTMLTextAreaElement;
    fireEvent.change(draft, { target: { value: '尚未保存的一段话' } });
    expired = true;
    fireEvent.click(screen.getByRole('button', { name: '读取' }));
    const dialog = await screen.findByTestId('relogin-dialog');
    expect(within(dialog).getByTestId('login-reason').textContent).toContain('登录已过期');
    // The login name is filled in; the app is still there underneath with its text.
    expect((within(dialog).getByLabelText('登录名') as HTMLInputElement).value).toBe('zhang');
    expect((screen.getByLabelText('草稿', { selector: 'textarea' }) as HTMLTextAreaElement).value).toBe('尚未保存的一段话');
    fireEvent.change(within(dialog).getByLabelText('密码'), { target: { value: 'pw' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '登录' }));
    await waitFor(() => expect(screen.queryByTestId('relogin-dialog')).toBeNull());
    expect((screen.getByLabelText('草稿') as HTMLTextAreaElement).value).toBe('尚未保存的一段话');
  });
});

// The last round of an issue, closed, with its 责任校对 signed by 李校对 and nothing else.
const ROUND: ProofRound = {
  id: 7, issueId: 1, position: 0, name: '通读', state: 'closed', openedAt: '2026-01-05T08:00:00Z', openedBy: null,
  closedAt: '2026-01-06T08:00:00Z', closedBy: null, articles: [{ articleId: 10, proofreader: '李校对' }],
};
const SIGNED: SignOff = {
  id: 31, issueId: 1, roundId: 7, step: '责任校对', signer: { accountId: 3, name: '李校对', role: '校对' }, note: '', at: '2026-01-06T09:00:00Z', covers: null, withdrawn: null,
};
const STATE: SignOffState = {
  issueId: 1, openCorrections: 0, missing: [{ roundId: 7, name: '通读', steps: ['初审', '复审', '终审'] }], stale: [], unclosedRounds: [], ready: false, frozen: false, frozenBy: null,
};
const QUALITY: QualityFigures = { issueId: 1, thresholdPer10k: 2, rounds: [], articles: [], issue: { errors: 0, chars: 1000, per10k: 0 } };
const HASHES = { articles: { '10': 'a'.repeat(64) }, colophon: 'c', settings: 's', photos: 'p', layout: 'l', total: 'f00dfeed'.repeat(8) };
const COVERAGE: SignOffCoverage = {
  issueId: 1, hashes: HASHES, articles: [{ articleId: 10, title: '春耕时节', chars: 1234 }],
  changedSince: [{ signOffId: 31, roundId: 7, step: '责任校对', changed: [{ kind: 'article', articleId: 10, title: '春耕时节' }] }],
};

function proofTransport(extra: Partial<Record<string, Handler>> = {}) {
  useTransport({
    listRounds: () => ok([ROUND]),
    listCorrections: () => ok([]),
    listSignOffs: () => ok([SIGNED]),
    getSignOffState: () => ok(STATE),
    getQualityFigures: () => ok(QUALITY),
    getSignOffCoverage: () => ok(COVERAGE),
    ...extra,
  });
}

function renderProof(me: Actor) {
  setAuthState(auth({ me }));
  renderWithI18n(<ProofPanel issueId={1} sections={[]} />);
}

describe('sign-off UI', () => {
  it('shows a 校对 the 终审 (and the other 审) disabled with the role each needs', async () => {
    proofTransport();
    renderProof(LI);
    const final = (await screen.findByTestId('signoff-section')).querySelector('[data-step="终审"]')!;
    const button = within(final as HTMLElement).getByTestId('sign-button') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toBe('终审（付印）须由主编签署');
    expect(within(final as HTMLElement).getByTestId('sign-reason').textContent).toContain('终审（付印）须由主编签署');
    const first = screen.getByTestId('signoff-section').querySelector('[data-step="初审"]') as HTMLElement;
    expect((within(first).getByTestId('sign-button') as HTMLButtonElement).title).toBe('初审须由责任编辑签署');
    // Their own signature stands; what is missing is listed by step.
    const own = screen.getByTestId('signoff-section').querySelector('[data-step="责任校对"]') as HTMLElement;
    expect(own.dataset['signed']).toBe('true');
    expect(within(own).queryByTestId('sign-button')).toBeNull();
    expect(screen.getByTestId('signoff-missing').textContent).toBe('通读缺少签字：初审、复审、终审（付印）');
    // No 撤回 for a 校对.
    expect(screen.queryByTestId('withdraw-button')).toBeNull();
  });

  it('signs with the password after showing what the signature covers, and sends no actor', async () => {
    const signRound = vi.fn((input: unknown) => {
      const { password } = input as { password: string };
      return password === 'secret-zhang' ? ok({ ...SIGNED, id: 32, step: '终审', signer: { accountId: 2, name: '张主编', role: '主编' } }) : fail('unauthenticated', { reason: 'wrong_password' });
    });
    proofTransport({ signRound });
    renderProof(ZHANG);
    const final = (await screen.findByTestId('signoff-section')).querySelector('[data-step="终审"]') as HTMLElement;
    const button = within(final).getByTestId('sign-button') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    const dialog = await screen.findByTestId('sign-dialog');
    const covers = await within(dialog).findByTestId('sign-covers');
    expect(covers.textContent).toContain('《春耕时节》 1234 字');
    expect(within(dialog).getByTestId('sign-changed').textContent).toContain('责任校对之后改动了：《春耕时节》');
    const password = within(dialog).getByLabelText('请再次输入您的密码以确认签字');
    fireEvent.change(password, { target: { value: 'nope' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认签字' }));
    expect((await within(dialog).findByTestId('sign-error')).textContent).toBe('密码不正确');
    fireEvent.change(password, { target: { value: 'secret-zhang' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认签字' }));
    await waitFor(() => expect(screen.queryByTestId('sign-dialog')).toBeNull());
    expect(signRound).toHaveBeenCalledTimes(2);
    expect(signRound).toHaveBeenLastCalledWith({ roundId: 7, step: '终审', password: 'secret-zhang' });
    for (const [input] of signRound.mock.calls) expect(Object.keys(input as object)).not.toContain('actor');
  });

  it('shows a frozen issue and offers the 主编 撤回 on the standing 付印 with a reason and password', async () => {
    const final: SignOff = { ...SIGNED, id: 40, step: '终审', signer: { accountId: 2, name: '张主编', role: '主编' } };
    const withdrawSignOff = vi.fn(() => ok({ ...final, withdrawn: { by: final.signer, at: '2026-01-07T08:00:00Z', reason: '改错字' } }));
    proofTransport({
      listSignOffs: () => ok([SIGNED, final]),
      getSignOffState: () => ok({ ...STATE, missing: [], ready: true, frozen: true, frozenBy: final }),
      withdrawSignOff,
    });
    renderProof(ZHANG);
    expect((await screen.findByTestId('signoff-frozen')).textContent).toContain('付印已签发，内容已冻结');
    fireEvent.click(screen.getByTestId('withdraw-button'));
    const dialog = screen.getByTestId('withdraw-dialog');
    fireEvent.change(within(dialog).getByLabelText('撤回理由'), { target: { value: ' 改错字 ' } });
    fireEvent.change(within(dialog).getByLabelText('请再次输入您的密码以确认签字'), { target: { value: 'secret-zhang' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认撤回' }));
    await waitFor(() => expect(withdrawSignOff).toHaveBeenCalledWith({ signOffId: 40, reason: '改错字', password: 'secret-zhang' }));
  });
});
