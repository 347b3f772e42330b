// 设置 → 账号: the office's people. Everyone sees the list; an administrator adds people, changes their
// names, logins and roles, disables and enables them (never deletes: their history stays), sets a new
// password, and sees and ends anyone's sessions. Each person's record (操作记录) opens from here.

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_PASSWORD_LENGTH, ROLES, type Account, type Role } from '../../shared/auth';
import { getApi } from '../api/client';
import { ActivityView } from '../activity/ActivityView';
import { roleList, useCan } from '../auth/can';
import { loginValid, passwordProblem } from '../auth/password-rules';
import { SessionList } from '../auth/SessionList';
import { useMe } from '../auth/session';
import { formatTime } from '../proof/CorrectionCard';
import { useErrorText } from '../i18n/messages';

type Open = { kind: 'edit' | 'password' | 'sessions' | 'activity'; accountId: number } | { kind: 'add' } | { kind: 'allSessions' } | null;

export function AccountsSection() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useMe();
  const mayAdmin = useCan('updateAccount');
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setAccounts(await getApi().listAccounts({}));
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
    // errorText is rebuilt each render.
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await work();
      setMessage({ kind: 'done', text: done });
      setOpen(null);
      await load();
      return true;
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
      return false;
    }
  };

  const admin = mayAdmin.allowed;
  return (
    <section className="settings-form accounts-section" aria-label={t('accounts.title')} data-testid="accounts-section">
      <h2>{t('accounts.title')}</h2>
      {!admin && <p className="muted">{t('accounts.readOnly', { reason: mayAdmin.reason })}</p>}
      {message && (
        <p className={message.kind === 'error' ? 'error' : 'done'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="accounts-message">
          {message.text}
        </p>
      )}
      {accounts === null ? (
        <p className="muted">{t('accounts.loading')}</p>
      ) : (
        <table className="accounts-table" data-testid="accounts-table">
          <thead>
            <tr>
              <th>{t('accounts.columns.login')}</th>
              <th>{t('accounts.columns.name')}</th>
              <th>{t('accounts.columns.roles')}</th>
              <th>{t('accounts.columns.state')}</th>
              <th>{t('accounts.columns.lastLogin')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id} data-login={a.login} data-disabled={a.disabled}>
                <td>{a.login}</td>
                <td>
                  {a.displayName}
                  {me?.accountId === a.id && <span className="muted"> {t('accounts.you')}</span>}
                </td>
                <td>{roleList(t, a.roles)}</td>
                <td>
                  {a.disabled ? t('accounts.state.disabled') : t('accounts.state.active')}
                  {a.needsPassword && <span className="muted"> · {t('accounts.state.needsPassword')}</span>}
                </td>
                <td>{a.lastLoginAt ? formatTime(a.lastLoginAt) : t('accounts.never')}</td>
                <td className="account-actions">
                  {admin && (
                    <>
                      <button type="button" onClick={() => setOpen({ kind: 'edit', accountId: a.id })}>
                        {t('accounts.edit')}
                      </button>
                      <button
                        type="button"
                        onClick={() =>
                          void run(
                            () => getApi().updateAccount({ accountId: a.id, disabled: !a.disabled }),
                            t(a.disabled ? 'accounts.enabled' : 'accounts.disabledDone', { name: a.displayName }),
                          )
                        }
                      >
                        {a.disabled ? t('accounts.enable') : t('accounts.disable')}
                      </button>
                      <button type="button" onClick={() => setOpen({ kind: 'password', accountId: a.id })}>
                        {t('accounts.resetPassword')}
                      </button>
                      <button type="button" onClick={() => setOpen({ kind: 'sessions', accountId: a.id })}>
                        {t('accounts.sessions')}
                      </button>
                    </>
                  )}
                  <button type="button" onClick={() => setOpen({ kind: 'activity', accountId: a.id })}>
                    {t('accounts.activity')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin && (
        <p className="accounts-toolbar">
          <button type="button" onClick={() => setOpen({ kind: 'add' })}>
            {t('accounts.add')}
          </button>{' '}
          <button type="button" onClick={() => setOpen({ kind: 'allSessions' })}>
            {t('accounts.allSessions')}
          </button>
        </p>
      )}
      {open?.kind === 'add' && (
        <AccountForm
          title={t('accounts.add')}
          withPassword
          onCancel={() => setOpen(null)}
          onSubmit={(v) =>
            run(() => getApi().createAccount({ login: v.login, displayName: v.displayName, roles: v.roles, password: v.password }), t('accounts.added', { name: v.displayName }))
          }
        />
      )}
      {open?.kind === 'edit' &&
        (() => {
          const a = accounts?.find((x) => x.id === open.accountId);
          if (!a) return null;
          return (
            <AccountForm
              key={a.id}
              title={t('accounts.editOf', { name: a.displayName })}
              initial={a}
              onCancel={() => setOpen(null)}
              onSubmit={(v) =>
                run(
                  () =>
                    getApi().updateAccount({
                      accountId: a.id,
                      ...(v.login !== a.login ? { login: v.login } : {}),
                      ...(v.displayName !== a.displayName ? { displayName: v.displayName } : {}),
                      roles: v.roles,
                    }),
                  t('accounts.saved', { name: v.displayName }),
                )
              }
            />
          );
        })()}
      {open?.kind === 'password' && (
        <ResetPasswordForm
          name={accounts?.find((x) => x.id === open.accountId)?.displayName ?? ''}
          onCancel={() => setOpen(null)}
          onSubmit={(password) =>
            run(() => getApi().resetPassword({ accountId: open.accountId, password }), t('accounts.passwordSet', { name: accounts?.find((x) => x.id === open.accountId)?.displayName ?? '' }))
          }
        />
      )}
      {open?.kind === 'sessions' && (
        <div className="accounts-panel">
          <h3>{t('accounts.sessionsOf', { name: accounts?.find((x) => x.id === open.accountId)?.displayName ?? '' })}</h3>
          <SessionList query={{ accountId: open.accountId }} />
          <button type="button" onClick={() => setOpen(null)}>
            {t('auth.close')}
          </button>
        </div>
      )}
      {open?.kind === 'allSessions' && (
        <div className="accounts-panel">
          <h3>{t('accounts.allSessions')}</h3>
          <SessionList query={{ all: true }} />
          <button type="button" onClick={() => setOpen(null)}>
            {t('auth.close')}
          </button>
        </div>
      )}
      {open?.kind === 'activity' && (
        <div className="accounts-panel">
          <h3>{t('accounts.activityOf', { name: accounts?.find((x) => x.id === open.accountId)?.displayName ?? '' })}</h3>
          <ActivityView accountId={open.accountId} />
          <button type="button" onClick={() => setOpen(null)}>
            {t('auth.close')}
          </button>
        </div>
      )}
    </section>
  );
}

interface AccountValues {
  login: string;
  displayName: string;
  roles: Role[];
  password: string;
}

function AccountForm({
  title,
  initial,
  withPassword = false,
  onSubmit,
  onCancel,
}: {
  title: string;
  initial?: Account;
  withPassword?: boolean;
  onSubmit: (v: AccountValues) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [login, setLogin] = useState(initial?.login ?? '');
  const [displayName, setDisplayName] = useState(initial?.displayName ?? '');
  const [roles, setRoles] = useState<Role[]>(initial?.roles ?? []);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!loginValid(login)) return setError(t('auth.rules.login'));
    if (displayName.trim() === '') return setError(t('auth.rules.displayName'));
    if (roles.length === 0) return setError(t('accounts.rolesRequired'));
    if (withPassword) {
      const problem = passwordProblem(password, again);
      if (problem) return setError(t(`auth.rules.${problem}`, { min: MIN_PASSWORD_LENGTH }));
    }
    setError(null);
    void onSubmit({ login: login.trim(), displayName: displayName.trim(), roles, password });
  }

  return (
    <form className="accounts-panel account-form" aria-label={title} data-testid="account-form" onSubmit={submit}>
      <h3>{title}</h3>
      <label>
        <span>{t('auth.fields.login')}</span>
        <input value={login} maxLength={32} onChange={(e) => setLogin(e.target.value)} />
      </label>
      <label>
        <span>{t('auth.fields.displayName')}</span>
        <input value={displayName} maxLength={40} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <fieldset className="role-picks">
        <legend>{t('accounts.columns.roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="inline">
            <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />
            {t(`auth.roles.${r}`)}
          </label>
        ))}
      </fieldset>
      {withPassword && (
        <>
          <label>
            <span>{t('auth.fields.password')}</span>
            <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <label>
            <span>{t('auth.fields.passwordAgain')}</span>
            <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
          </label>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit">{t('accounts.save')}</button>
        <button type="button" onClick={onCancel}>
          {t('auth.cancel')}
        </button>
      </div>
    </form>
  );
}

function ResetPasswordForm({ name, onSubmit, onCancel }: { name: string; onSubmit: (password: string) => Promise<boolean>; onCancel: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(password, again);
    if (problem) return setError(t(`auth.rules.${problem}`, { min: MIN_PASSWORD_LENGTH }));
    setError(null);
    void onSubmit(password);
  }
  return (
    <form className="accounts-panel" aria-label={t('accounts.resetPasswordOf', { name })} onSubmit={submit}>
      <h3>{t('accounts.resetPasswordOf', { name })}</h3>
      <p className="muted">{t('accounts.resetHint')}</p>
      <label>
        <span>{t('auth.password.next')}</span>
        <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label>
        <span>{t('auth.fields.passwordAgain')}</span>
        <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit">{t('accounts.setPassword')}</button>
        <button type="button" onClick={onCancel}>
          {t('auth.cancel')}
        </button>
      </div>
    </form>
  );
}
