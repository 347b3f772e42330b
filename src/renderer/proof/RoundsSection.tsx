// The rounds (一校, 二校, 三校, 通读 by default): their order and names (setRounds), their state,
// opening the next one (the articles it covers and who proofreads each) and closing the open one.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleSummary } from '../../shared/model';
import type { Correction, ProofRound } from '../../shared/proof';
import { useCan } from '../auth/can';
import { formatTime } from './CorrectionCard';

export interface RoundsSectionProps {
  rounds: ProofRound[];
  corrections: Correction[];
  articles: ArticleSummary[];
  busy: boolean;
  onSetRounds: (rounds: { id?: number; name: string }[]) => void;
  onOpen: (roundId: number, articles: { articleId: number; proofreader: string | null }[]) => void;
  onClose: (roundId: number) => void;
}

export function RoundsSection({ rounds, corrections, articles, busy, onSetRounds, onOpen, onClose }: RoundsSectionProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<{ id?: number; name: string }[] | null>(null);
  const [opening, setOpening] = useState<{ roundId: number; picks: Map<number, string | null> } | null>(null);
  const mayOpen = useCan('openRound');
  const mayClose = useCan('closeRound');
  const mayEdit = useCan('setRounds');
  const nextRound = rounds.find((r) => r.state !== 'closed');
  const title = (id: number) => articles.find((a) => a.id === id)?.titleLines.join('') ?? `#${id}`;

  return (
    <section className="proof-section rounds-section" aria-labelledby="rounds-title">
      <h3 id="rounds-title">{t('proof.rounds.title')}</h3>
      <table className="rounds-table" data-testid="rounds-table">
        <thead>
          <tr>
            <th>{t('proof.rounds.name')}</th>
            <th>{t('proof.rounds.state')}</th>
            <th>{t('proof.rounds.articles')}</th>
            <th>{t('proof.rounds.corrections')}</th>
            <th>{t('proof.rounds.history')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rounds.map((r) => {
            const mine = corrections.filter((c) => c.roundId === r.id);
            const open = mine.filter((c) => c.status === 'open').length;
            return (
              <tr key={r.id} data-round={r.name} data-state={r.state}>
                <td>{r.name}</td>
                <td className={`round-state round-${r.state}`}>{t(`proof.rounds.states.${r.state}`)}</td>
                <td>{r.state === 'planned' ? '—' : r.articles.length}</td>
                <td>{t('proof.rounds.correctionCount', { total: mine.length, open })}</td>
                <td className="muted">
                  {r.openedBy && r.openedAt && t('proof.rounds.openedBy', { name: r.openedBy.name, time: formatTime(r.openedAt) })}
                  {r.closedBy && r.closedAt && <> · {t('proof.rounds.closedBy', { name: r.closedBy.name, time: formatTime(r.closedAt) })}</>}
                </td>
                <td>
                  {r.state === 'planned' && nextRound?.id === r.id && (
                    <button
                      type="button"
                      disabled={busy || !mayOpen.allowed}
                      title={mayOpen.reason ?? undefined}
                      onClick={() => setOpening({ roundId: r.id, picks: new Map(articles.map((a) => [a.id, null])) })}
                    >
                      {t('proof.rounds.open', { name: r.name })}
                    </button>
                  )}
                  {r.state === 'open' && (
                    <button type="button" disabled={busy || !mayClose.allowed} title={mayClose.reason ?? undefined} onClick={() => onClose(r.id)}>
                      {t('proof.rounds.close', { name: r.name })}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!editing && (
        <button type="button" className="link" disabled={!mayEdit.allowed} title={mayEdit.reason ?? undefined} onClick={() => setEditing(rounds.map((r) => ({ id: r.id, name: r.name })))}>
          {t('proof.rounds.edit')}
        </button>
      )}
      {editing && (
        <form
          className="rounds-edit"
          data-testid="rounds-edit"
          onSubmit={(e) => {
            e.preventDefault();
            onSetRounds(editing.map((r) => ({ ...r, name: r.name.trim() })));
            setEditing(null);
          }}
        >
          <ol>
            {editing.map((r, k) => {
              const fixed = rounds.find((x) => x.id === r.id && x.state !== 'planned') !== undefined;
              return (
                <li key={r.id ?? `new-${k}`}>
                  <input
                    aria-label={t('proof.rounds.nameOf', { n: k + 1 })}
                    value={r.name}
                    maxLength={20}
                    disabled={fixed}
                    onChange={(e) => setEditing(editing.map((x, j) => (j === k ? { ...x, name: e.target.value } : x)))}
                  />
                  <button type="button" disabled={fixed || editing.length <= 1} onClick={() => setEditing(editing.filter((_, j) => j !== k))}>
                    {t('proof.rounds.remove')}
                  </button>
                </li>
              );
            })}
          </ol>
          <button type="button" disabled={editing.length >= 12} onClick={() => setEditing([...editing, { name: '' }])}>
            {t('proof.rounds.add')}
          </button>
          <button type="submit" disabled={busy || editing.some((r) => r.name.trim() === '')}>
            {t('proof.save')}
          </button>
          <button type="button" onClick={() => setEditing(null)}>
            {t('proof.cancel')}
          </button>
        </form>
      )}
      {opening && (
        <form
          className="round-open-form"
          data-testid="round-open-form"
          onSubmit={(e) => {
            e.preventDefault();
            onOpen(
              opening.roundId,
              [...opening.picks].map(([articleId, proofreader]) => ({ articleId, proofreader: proofreader && proofreader.trim() !== '' ? proofreader.trim() : null })),
            );
            setOpening(null);
          }}
        >
          <p>{t('proof.rounds.pickArticles')}</p>
          <ul className="round-articles">
            {articles.map((a) => {
              const picked = opening.picks.has(a.id);
              return (
                <li key={a.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={picked}
                      onChange={(e) => {
                        const picks = new Map(opening.picks);
                        if (e.target.checked) picks.set(a.id, null);
                        else picks.delete(a.id);
                        setOpening({ ...opening, picks });
                      }}
                    />
                    {title(a.id)}
                  </label>
                  {picked && (
                    <input
                      className="proofreader-input"
                      aria-label={t('proof.rounds.proofreaderOf', { title: title(a.id) })}
                      placeholder={t('proof.rounds.proofreader')}
                      maxLength={40}
                      value={opening.picks.get(a.id) ?? ''}
                      onChange={(e) => setOpening({ ...opening, picks: new Map(opening.picks).set(a.id, e.target.value) })}
                    />
                  )}
                </li>
              );
            })}
          </ul>
          <button type="submit" disabled={busy || opening.picks.size === 0}>
            {t('proof.rounds.confirmOpen')}
          </button>
          <button type="button" onClick={() => setOpening(null)}>
            {t('proof.cancel')}
          </button>
        </form>
      )}
    </section>
  );
}
