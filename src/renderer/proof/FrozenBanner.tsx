// The banner over an issue whose 付印 signature stands: its content is frozen until the 主编 withdraws
// the signature. Reloads when a signature is given or withdrawn here.

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignOffState } from '../../shared/proof';
import { getApi } from '../api/client';
import { formatTime } from './CorrectionCard';
import { onSignOffsChanged } from './signoff-events';

export function FrozenBanner({ issueId }: { issueId: number }) {
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
    return () => {
      live = false;
      off();
    };
  }, [issueId]);

  if (!state?.frozen) return null;
  const by = state.frozenBy;
  return (
    <div className="frozen-banner" role="status" data-testid="frozen-banner">
      <strong>{t('proof.frozen.title')}</strong>{' '}
      {by && t('proof.frozen.by', { name: by.signer.name, time: formatTime(by.at) })} {t('proof.frozen.hint')}
    </div>
  );
}
