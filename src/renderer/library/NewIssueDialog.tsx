// 新建一期: a dialog pre-filled with the issue after the latest one (number, overall number, date one
// month on), made from that issue (sections, budgets, colophon) or blank. On success it opens the
// new issue's flatplan, where planning starts.

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QikanError } from '../../shared/errors';
import type { IssueSummary } from '../../shared/model';
import { getApi } from '../api/client';
import { issueLabel } from '../app/issue-label';
import { useErrorText } from '../i18n/messages';
import { proposeNextIssue, type IssueProposal } from './new-issue-proposal';
import './library.css';

export interface NewIssueDialogProps {
  /** The latest issue in the library (the dialog's starting point), or null for an empty library. */
  latest: IssueSummary | null;
  onClose: () => void;
  onCreated: (issue: IssueSummary) => void;
}

export function NewIssueDialog({ latest, onClose, onCreated }: NewIssueDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ref = useRef<HTMLDialogElement>(null);
  const [form, setForm] = useState<IssueProposal>(() => proposeNextIssue(latest));
  const [fromPrevious, setFromPrevious] = useState(latest !== null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
  }, []);

  const setNumber = (name: 'year' | 'number' | 'totalNumber', value: string) => setForm((f) => ({ ...f, [name]: Number(value) }));
  const valid = Number.isInteger(form.year) && form.year >= 1950 && Number.isInteger(form.number) && form.number >= 1 && Number.isInteger(form.totalNumber) && form.totalNumber >= 1 && /^\d{4}-\d{2}-\d{2}$/.test(form.publishDate);

  async function create() {
    setBusy(true);
    setError(null);
    try {
      const issue = await getApi().createIssue({ fromIssueId: fromPrevious && latest ? latest.id : null, ...form });
      onCreated(issue);
    } catch (err) {
      setError(
        err instanceof QikanError && err.code === 'conflict' && err.details.reason === 'duplicate_issue'
          ? t('plan.duplicate', { label: issueLabel(t, form) })
          : t('plan.failed', { reason: errorText(err) }),
      );
      setBusy(false);
    }
  }

  return (
    <dialog ref={ref} className="confirm new-issue" onClose={onClose} aria-labelledby="new-issue-title" data-testid="new-issue-dialog">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid && !busy) void create();
        }}
      >
        <h2 id="new-issue-title">{t('plan.newIssueTitle')}</h2>
        <fieldset className="ni-source">
          <legend>{t('plan.source')}</legend>
          <label>
            <input type="radio" name="source" checked={fromPrevious} disabled={!latest} onChange={() => setFromPrevious(true)} />
            {latest ? t('plan.fromLatest', { issue: issueLabel(t, latest) }) : t('plan.sourcePrevious')}
          </label>
          <label>
            <input type="radio" name="source" checked={!fromPrevious} onChange={() => setFromPrevious(false)} />
            {t('plan.sourceBlank')}
          </label>
        </fieldset>
        <div className="ni-fields">
          <label>
            <span>{t('plan.year')}</span>
            <input type="number" name="year" min={1950} max={2200} value={form.year} onChange={(e) => setNumber('year', e.target.value)} required />
          </label>
          <label>
            <span>{t('plan.number')}</span>
            <input type="number" name="number" min={1} max={60} value={form.number} onChange={(e) => setNumber('number', e.target.value)} required />
          </label>
          <label>
            <span>{t('plan.totalNumber')}</span>
            <input type="number" name="totalNumber" min={1} value={form.totalNumber} onChange={(e) => setNumber('totalNumber', e.target.value)} required />
          </label>
          <label>
            <span>{t('plan.publishDate')}</span>
            <input type="date" name="publishDate" value={form.publishDate} onChange={(e) => setForm((f) => ({ ...f, publishDate: e.target.value }))} required />
          </label>
        </div>
        <p className="ni-preview" data-testid="new-issue-preview">
          {t('plan.preview', { label: issueLabel(t, form), date: form.publishDate })}
        </p>
        {fromPrevious && <p className="muted ni-note">{t('plan.carryNote')}</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose} disabled={busy}>
            {t('plan.cancel')}
          </button>
          <button type="submit" className="primary" disabled={!valid || busy}>
            {busy ? t('plan.creating') : t('plan.create')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
