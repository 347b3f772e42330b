// The door of the app: asks the back end who this is before anything else. A library without accounts
// asks for the first administrator (or, away from the server machine, says how to make one); nobody
// signed in gets the login form; a signed-in person gets the app. When any call answers that the
// session is gone (expired, ended), the login comes back as a dialog OVER the app, which stays mounted:
// the editor keeps its unsaved text and, after logging in again, the same screen is there.

import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthState } from '../../shared/auth';
import { getApi, onApiError } from '../api/client';
import { errorText } from '../i18n/messages';
import { LoginForm } from './LoginForm';
import { isSessionLost, setAuthState, useAuthState } from './session';
import { SetupForm } from './SetupForm';
import './auth.css';

type Gate = { kind: 'loading' } | { kind: 'failed'; error: unknown } | { kind: 'ready' };

export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const state = useAuthState();
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  /** The session ended while the app was open: why, for the overlay login. */
  const [lost, setLost] = useState<string | null>(null);

  const load = useCallback(async () => {
    setGate({ kind: 'loading' });
    try {
      setAuthState(await getApi().getAuthState({}));
      setGate({ kind: 'ready' });
    } catch (error) {
      setGate({ kind: 'failed', error });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(
    () =>
      onApiError((method, err) => {
        if (method === 'login' || method === 'getAuthState' || method === 'setupFirstAdmin') return;
        if (isSessionLost(err)) setLost(errorText(t, err));
      }),
    [t],
  );

  const loggedIn = (next: AuthState) => {
    setAuthState(next);
    setLost(null);
  };

  if (gate.kind === 'loading') return <div className="auth-screen muted">{t('auth.loading')}</div>;
  if (gate.kind === 'failed')
    return (
      <div className="auth-screen">
        <p className="error" role="alert">
          {errorText(t, gate.error)}
        </p>
        <button type="button" onClick={() => void load()}>
          {t('auth.retry')}
        </button>
      </div>
    );
  if (!state) return null;
  if (state.needsSetup && state.setupAllowed)
    return (
      <div className="auth-screen">
        <SetupForm onDone={loggedIn} />
      </div>
    );
  if (state.needsSetup)
    return (
      <div className="auth-screen" data-testid="setup-remote">
        <h2>{t('auth.setup.title')}</h2>
        <p>{t('auth.setup.remote')}</p>
        <pre className="auth-command">npm run cli -- user add</pre>
        <button type="button" onClick={() => void load()}>
          {t('auth.retry')}
        </button>
      </div>
    );
  if (state.me === null)
    return (
      <div className="auth-screen">
        <LoginForm onLoggedIn={loggedIn} />
      </div>
    );
  return (
    <>
      <div className="auth-app" aria-hidden={lost !== null ? true : undefined} inert={lost !== null ? true : undefined}>
        {children}
      </div>
      {lost !== null && (
        <div className="auth-overlay" role="dialog" aria-modal="true" aria-label={t('auth.login.again')} data-testid="relogin-dialog">
          <LoginForm onLoggedIn={loggedIn} reason={t('auth.login.lost', { reason: lost })} login={state.me.login} />
        </div>
      )}
    </>
  );
}
