// Logging in: login name and password. A wrong password, a disabled account or too many attempts are
// told in the UI language (errors.auth.<reason>, errors.rate_limited).

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthState } from '../../shared/auth';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';

export function LoginForm({ onLoggedIn, reason, login: presetLogin }: { onLoggedIn: (state: AuthState) => void; reason?: string | null; login?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [login, setLogin] = useState(presetLogin ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (login.trim() === '' || password === '') {
      setError(t('auth.login.fillBoth'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const state = await getApi().login({ login: login.trim(), password });
      setPassword('');
      onLoggedIn(state);
    } catch (err) {
      setPassword('');
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" aria-label={t('auth.login.title')} data-testid="login-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('auth.login.title')}</h2>
      {reason && (
        <p className="auth-reason" data-testid="login-reason">
          {reason}
        </p>
      )}
      <label>
        <span>{t('auth.login.login')}</span>
        <input name="username" autoComplete="username" autoFocus value={login} maxLength={64} onChange={(e) => setLogin(e.target.value)} />
      </label>
      <label>
        <span>{t('auth.login.password')}</span>
        <input name="password" type="password" autoComplete="current-password" value={password} maxLength={200} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t('auth.login.busy') : t('auth.login.submit')}
      </button>
    </form>
  );
}
