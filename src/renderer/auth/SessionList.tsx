// Sessions (登录): one's own, or for an administrator anyone's. Each can be ended; ending the current
// one is the same as logging out.

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/auth';
import { getApi } from '../api/client';
import { formatTime } from '../proof/CorrectionCard';
import { useErrorText } from '../i18n/messages';

export function SessionList({ query, onEndedCurrent }: { query: { accountId?: number; all?: boolean }; onEndedCurrent?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(query);

  const load = useCallback(async () => {
    try {
      setSessions(await getApi().listSessions(JSON.parse(key) as { accountId?: number; all?: boolean }));
    } catch (err) {
      setError(errorText(err));
    }
    // errorText is rebuilt each render.
  }, [key]);

  useEffect(() => {
    void load();
  }, [load]);

  async function end(s: SessionInfo) {
    setError(null);
    try {
      await getApi().endSession({ sessionId: s.id });
      if (s.current) onEndedCurrent?.();
      else await load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  if (!sessions) return <p className="muted">{error ?? t('auth.loading')}</p>;
  return (
    <div className="session-list">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {sessions.length === 0 ? (
        <p className="muted">{t('auth.sessions.none')}</p>
      ) : (
        <table data-testid="session-table">
          <thead>
            <tr>
              {query.all || query.accountId !== undefined ? <th>{t('auth.sessions.person')}</th> : null}
              <th>{t('auth.sessions.since')}</th>
              <th>{t('auth.sessions.lastSeen')}</th>
              <th>{t('auth.sessions.expires')}</th>
              <th>{t('auth.sessions.where')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-current={s.current}>
                {query.all || query.accountId !== undefined ? <td>{s.displayName}</td> : null}
                <td>{formatTime(s.createdAt)}</td>
                <td>{formatTime(s.lastSeenAt)}</td>
                <td>{formatTime(s.expiresAt)}</td>
                <td title={s.userAgent}>
                  {s.address}
                  {s.current && <strong> · {t('auth.sessions.current')}</strong>}
                </td>
                <td>
                  <button type="button" onClick={() => void end(s)}>
                    {t('auth.sessions.end')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
