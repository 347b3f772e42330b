// 修改密码: the current password, then the new one twice.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_PASSWORD_LENGTH } from '../../shared/auth';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';
import { passwordProblem } from './password-rules';

export function ChangePasswordForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (current === '') return setError(t('auth.password.currentRequired'));
    const problem = passwordProblem(next, again);
    if (problem) return setError(t(`auth.rules.${problem}`, { min: MIN_PASSWORD_LENGTH }));
    setBusy(true);
    setError(null);
    try {
      await getApi().changeOwnPassword({ current, next });
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" aria-label={t('auth.menu.changePassword')} onSubmit={(e) => void submit(e)}>
      <label>
        <span>{t('auth.password.current')}</span>
        <input type="password" autoComplete="current-password" autoFocus value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label>
        <span>{t('auth.password.next')}</span>
        <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
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
        <button type="submit" disabled={busy}>
          {t('auth.password.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('auth.cancel')}
        </button>
      </div>
    </form>
  );
}
