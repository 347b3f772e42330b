// The record (操作记录): per issue (its tab) or per person (from the accounts section), filterable by
// person, action and outcome. Each line is worded from activity.actions.<action> with its params; refused
// attempts are marked and say why. The record is append-only: nothing here changes it.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METHOD_RULES, mutates, type Account, type ActivityEntry } from '../../shared/auth';
import type { ApiMethod } from '../../shared/api';
import { getApi } from '../api/client';
import { formatTime } from '../proof/CorrectionCard';
import { useErrorText } from '../i18n/messages';
import { actionName, activityText, refusalText } from './activity-text';
import './activity.css';

const PAGE = 200;

/** Actions worth filtering by: every changing method, and the session ones. */
const ACTIONS: readonly string[] = [
  'login',
  'logout',
  ...(Object.keys(METHOD_RULES) as ApiMethod[]).filter((m) => mutates(m) && m !== 'logout'),
  'takeOverArticle',
];

export interface ActivityViewProps {
  /** The issue whose record this is; omitted: the whole library. */
  issueId?: number;
  /** Fixed to one person (from the accounts section). */
  accountId?: number;
}

export function ActivityView({ issueId, accountId }: ActivityViewProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [person, setPerson] = useState<number | null>(accountId ?? null);
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<'' | 'done' | 'refused'>('');
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setPerson(accountId ?? null), [accountId]);

  const query = useMemo(
    () => ({
      ...(issueId !== undefined ? { issueId } : {}),
      ...(person !== null ? { accountId: person } : {}),
      ...(action ? { action } : {}),
      ...(outcome ? { outcome } : {}),
      limit: PAGE,
    }),
    [issueId, person, action, outcome],
  );

  const load = useCallback(
    async (beforeId?: number) => {
      setError(null);
      try {
        const list = await getApi().listActivity(beforeId !== undefined ? { ...query, beforeId } : query);
        setEntries((old) => (beforeId !== undefined && old ? [...old, ...list] : list));
        setMore(list.length === PAGE);
      } catch (err) {
        setError(errorText(err));
        setEntries((old) => old ?? []);
      }
    },
    // errorText is rebuilt each render.
    [query],
  );

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    getApi()
      .listAccounts({})
      .then(setAccounts, () => setAccounts([]));
  }, []);

  const last = entries && entries.length > 0 ? entries[entries.length - 1] : undefined;
  return (
    <section className="activity-view" data-testid="activity-view" aria-label={t('activity.title')}>
      <h3>{t('activity.title')}</h3>
      <p className="muted">{t('activity.intro')}</p>
      <div className="activity-filters">
        {accountId === undefined && (
          <select aria-label={t('activity.filter.person')} value={person ?? ''} onChange={(e) => setPerson(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">{t('activity.filter.everyone')}</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName}
              </option>
            ))}
          </select>
        )}
        <select aria-label={t('activity.filter.action')} value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">{t('activity.filter.allActions')}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionName(t, a)}
            </option>
          ))}
        </select>
        <select aria-label={t('activity.filter.outcome')} value={outcome} onChange={(e) => setOutcome(e.target.value as '' | 'done' | 'refused')}>
          <option value="">{t('activity.filter.allOutcomes')}</option>
          <option value="done">{t('activity.outcomes.done')}</option>
          <option value="refused">{t('activity.outcomes.refused')}</option>
        </select>
        <button type="button" onClick={() => void load()}>
          {t('activity.refresh')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {entries === null ? (
        <p className="muted">{t('activity.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="muted" data-testid="activity-empty">
          {t('activity.none')}
        </p>
      ) : (
        <table className="activity-table">
          <thead>
            <tr>
              <th>{t('activity.columns.at')}</th>
              <th>{t('activity.columns.person')}</th>
              <th>{t('activity.columns.what')}</th>
              <th>{t('activity.columns.where')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className={e.outcome === 'refused' ? 'activity-refused' : undefined} data-testid="activity-line" data-outcome={e.outcome} data-action={e.action}>
                <td className="nowrap">{formatTime(e.at)}</td>
                <td>{e.actorName || t('activity.nobody')}</td>
                <td>
                  {e.outcome === 'refused' && <span className="activity-refused-mark">{t('activity.outcomes.refused')}</span>} {activityText(t, e)}
                  {e.outcome === 'refused' && <span className="activity-reason"> — {refusalText(t, e)}</span>}
                  {e.note && <div className="activity-note">“{e.note}”</div>}
                </td>
                <td className="muted">{e.origin}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && last && (
        <button type="button" onClick={() => void load(last.id)}>
          {t('activity.more')}
        </button>
      )}
    </section>
  );
}
