// The banner over an issue whose 付印 signature stands: its content is frozen until the 主编 withdraws
// the signature. Reloads when a signature is given or withdrawn here, when the person moves to another
// view of the issue (refreshKey), when the window comes back into view, and every 30 s while it is in
// view: the signature may have been given by someone else in another browser.

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignOffState } from '../../shared/proof';
import { getApi } from '../api/client';
import { formatTime } from './CorrectionCard';
import { onSignOffsChanged } from './signoff-events';

const POLL_MS = 30_000;

export function FrozenBanner({ issueId, refreshKey = '' }: { issueId: number; refreshKey?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<SignOffState | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      getApi()
        .getSignOffState({ issueId })
        .then(
          (s) => live && setState(s),
          () => undefined,
        );
    void load();
    const off = onSignOffsChanged((id) => id === issueId && void load());
    const timer = setInterval(() => document.visibilityState === 'visible' && void load(), POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      off();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [issueId, refreshKey]);

  if (!state?.frozen) return null;
  const by = state.frozenBy;
  return (
    <div className="frozen-banner" role="status" data-testid="frozen-banner">
      <strong>{t('proof.frozen.title')}</strong>{' '}
      {by && t('proof.frozen.by', { name: by.signer.name, time: formatTime(by.at) })} {t('proof.frozen.hint')}
    </div>
  );
}
