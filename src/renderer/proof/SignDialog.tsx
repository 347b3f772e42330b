// Giving a signature (签字): shows what it covers (the articles and the other parts of the issue as
// they stand now) and what changed since the earlier signatures, then asks for the person's password
// again. The back end checks the password, the role the step needs and that the three 审 are three
// different people; a refusal is shown here and nothing is signed.

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignOffStep } from '../../shared/auth';
import type { SignOffCoverage } from '../../shared/proof';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';
import { changedPartsText } from './changed-parts';

export interface SignDialogProps {
  issueId: number;
  round: { id: number; name: string };
  step: SignOffStep;
  onSigned: () => void;
  onCancel: () => void;
}

export function SignDialog({ issueId, round, step, onSigned, onCancel }: SignDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [coverage, setCoverage] = useState<SignOffCoverage | null>(null);
  const [password, setPassword] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    getApi()
      .getSignOffCoverage({ issueId })
      .then(
        (c) => live && setCoverage(c),
        (err: unknown) => live && setError(errorText(err)),
      );
    return () => {
      live = false;
    };
    // errorText is rebuilt each render.
  }, [issueId]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (password === '') return setError(t('proof.sign.passwordRequired'));
    setBusy(true);
    setError(null);
    try {
      await getApi().signRound({ roundId: round.id, step, password, ...(note.trim() ? { note: note.trim() } : {}) });
      setPassword('');
      onSigned();
    } catch (err) {
      setPassword('');
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const changed = coverage?.changedSince.filter((c) => c.changed.length > 0) ?? [];
  return (
    <div className="proof-dialog-backdrop">
      <form className="proof-dialog sign-dialog" role="dialog" aria-modal="true" aria-label={t('proof.sign.title', { round: round.name, step: t(`proof.steps.${step}`) })} data-testid="sign-dialog" onSubmit={(e) => void submit(e)}>
        <h3>{t('proof.sign.title', { round: round.name, step: t(`proof.steps.${step}`) })}</h3>
        {coverage === null ? (
          <p className="muted">{t('proof.loading')}</p>
        ) : (
          <div className="sign-covers" data-testid="sign-covers">
            <p>{t('proof.sign.covers', { count: coverage.articles.length })}</p>
            <ul className="sign-articles">
              {coverage.articles.map((a) => (
                <li key={a.articleId}>
                  {t('proof.sign.article', { title: a.title, chars: a.chars })}
                </li>
              ))}
            </ul>
            <p className="muted">{t('proof.sign.parts')}</p>
            <p className="muted sign-hash" title={coverage.hashes.total}>
              {t('proof.sign.fingerprint', { hash: coverage.hashes.total.slice(0, 12) })}
            </p>
            {changed.length > 0 && (
              <div className="sign-changed" data-testid="sign-changed">
                <p>{t('proof.sign.changedSince')}</p>
                <ul>
                  {changed.map((c) => (
                    <li key={c.signOffId}>{t('proof.sign.changedItem', { step: t(`proof.steps.${c.step}`), parts: changedPartsText(t, c.changed) })}</li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        )}
        <label>
          <span>{t('proof.sign.note')}</span>
          <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        </label>
        <label>
          <span>{t('proof.sign.password')}</span>
          <input type="password" autoComplete="current-password" autoFocus value={password} maxLength={200} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="sign-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" disabled={busy || coverage === null}>
            {t('proof.sign.submit')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('proof.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

export function WithdrawDialog({ signOffId, step, onDone, onCancel }: { signOffId: number; step: SignOffStep; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (reason.trim() === '') return setError(t('proof.withdraw.reasonRequired'));
    if (password === '') return setError(t('proof.sign.passwordRequired'));
    setBusy(true);
    setError(null);
    try {
      await getApi().withdrawSignOff({ signOffId, reason: reason.trim(), password });
      onDone();
    } catch (err) {
      setPassword('');
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="proof-dialog-backdrop">
      <form className="proof-dialog" role="dialog" aria-modal="true" aria-label={t('proof.withdraw.title', { step: t(`proof.steps.${step}`) })} data-testid="withdraw-dialog" onSubmit={(e) => void submit(e)}>
        <h3>{t('proof.withdraw.title', { step: t(`proof.steps.${step}`) })}</h3>
        <p className="muted">{t('proof.withdraw.intro')}</p>
        <label>
          <span>{t('proof.withdraw.reason')}</span>
          <textarea rows={3} value={reason} maxLength={2000} autoFocus onChange={(e) => setReason(e.target.value)} />
        </label>
        <label>
          <span>{t('proof.sign.password')}</span>
          <input type="password" autoComplete="current-password" value={password} maxLength={200} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" disabled={busy}>
            {t('proof.withdraw.submit')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('proof.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
