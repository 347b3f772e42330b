// The signed-in person in the top bar: name and roles, and a menu with 修改密码, 我的登录 and 退出登录.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';
import { roleList } from './can';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SessionList } from './SessionList';
import { setAuthState, useAuthState } from './session';

type Panel = null | 'menu' | 'password' | 'sessions';

export function UserMenu() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const state = useAuthState();
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const me = state?.me ?? null;
  if (!state || !me) return null;

  const signedOut = async () => {
    setPanel(null);
    // The gate shows the login form once the state says nobody is signed in.
    try {
      setAuthState(await getApi().getAuthState({}));
    } catch {
      setAuthState({ ...state, me: null });
    }
  };

  async function logout() {
    try {
      await getApi().logout({});
    } catch (err) {
      setNotice(errorText(err));
      return;
    }
    await signedOut();
  }

  return (
    <div className="user-menu">
      <button
        type="button"
        className="user-current"
        data-testid="user-current"
        aria-expanded={panel !== null}
        aria-haspopup="menu"
        onClick={() => {
          setNotice(null);
          setPanel(panel === null ? 'menu' : null);
        }}
      >
        <span className="user-name">{me.displayName}</span> <span className="user-roles muted">{roleList(t, me.roles)}</span>
      </button>
      {panel === 'menu' && (
        <div className="user-menu-list" role="menu">
          <button type="button" role="menuitem" onClick={() => setPanel('password')}>
            {t('auth.menu.changePassword')}
          </button>
          <button type="button" role="menuitem" onClick={() => setPanel('sessions')}>
            {t('auth.menu.sessions')}
          </button>
          <button type="button" role="menuitem" onClick={() => void logout()}>
            {t('auth.menu.logout')}
          </button>
        </div>
      )}
      {panel === 'password' && (
        <div className="user-menu-panel" role="dialog" aria-label={t('auth.menu.changePassword')}>
          <ChangePasswordForm
            onDone={() => {
              setPanel(null);
              setNotice(t('auth.password.changed'));
            }}
            onCancel={() => setPanel(null)}
          />
        </div>
      )}
      {panel === 'sessions' && (
        <div className="user-menu-panel" role="dialog" aria-label={t('auth.menu.sessions')}>
          <h3>{t('auth.menu.sessions')}</h3>
          <SessionList query={{}} onEndedCurrent={() => void signedOut()} />
          <button type="button" onClick={() => setPanel(null)}>
            {t('auth.close')}
          </button>
        </div>
      )}
      {notice && (
        <p className="user-notice" role="status">
          {notice}
        </p>
      )}
    </div>
  );
}
