// The first run of a library without accounts: creating the first administrator (from the server
// machine only; elsewhere the gate says so). Extra roles let a one-person office also sign and edit.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_PASSWORD_LENGTH, ROLES, type AuthState, type Role } from '../../shared/auth';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';
import { loginValid, passwordProblem } from './password-rules';

export function SetupForm({ onDone }: { onDone: (state: AuthState) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [extra, setExtra] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!loginValid(login)) return setError(t('auth.rules.login'));
    if (displayName.trim() === '') return setError(t('auth.rules.displayName'));
    const problem = passwordProblem(password, again);
    if (problem) return setError(t(`auth.rules.${problem}`, { min: MIN_PASSWORD_LENGTH }));
    setBusy(true);
    setError(null);
    try {
      const roles: Role[] = ['管理员', ...extra.filter((r) => r !== '管理员')];
      onDone(await getApi().setupFirstAdmin({ login: login.trim(), displayName: displayName.trim(), password, roles }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" aria-label={t('auth.setup.title')} data-testid="setup-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('auth.setup.title')}</h2>
      <p className="muted">{t('auth.setup.intro')}</p>
      <label>
        <span>{t('auth.fields.login')}</span>
        <input autoComplete="username" autoFocus aria-describedby="setup-login-hint" value={login} maxLength={32} onChange={(e) => setLogin(e.target.value)} />
      </label>
      <small className="muted" id="setup-login-hint">
        {t('auth.rules.login')}
      </small>
      <label>
        <span>{t('auth.fields.displayName')}</span>
        <input value={displayName} maxLength={40} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <label>
        <span>{t('auth.fields.password')}</span>
        <input type="password" autoComplete="new-password" value={password} maxLength={200} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label>
        <span>{t('auth.fields.passwordAgain')}</span>
        <input type="password" autoComplete="new-password" value={again} maxLength={200} onChange={(e) => setAgain(e.target.value)} />
      </label>
      <fieldset className="role-picks">
        <legend>{t('auth.setup.extraRoles')}</legend>
        {ROLES.filter((r) => r !== '管理员').map((r) => (
          <label key={r} className="inline">
            <input
              type="checkbox"
              checked={extra.includes(r)}
              onChange={(e) => setExtra(e.target.checked ? [...extra, r] : extra.filter((x) => x !== r))}
            />
            {t(`auth.roles.${r}`)}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="error" role="alert" data-testid="setup-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('auth.setup.submit')}
      </button>
    </form>
  );
}
