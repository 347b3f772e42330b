// 封面: one issue's masthead as the cover prints it: the cover lines (封面要目, one to a line, in the
// order printed), the issue line and the publish date as printed. The cover page is laid out from
// what is saved here, like every other page of the issue.

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Masthead } from '../../shared/model';
import { getApi } from '../api/client';
import { useCan } from '../auth/can';
import { errorText } from '../i18n/messages';
import { FieldMessage, fieldErrorOf, SaveActions, type FieldError, type FormSaveState } from './field-error';

interface Draft {
  linesText: string;
  issueLinePrinted: string;
  publishDatePrinted: string;
}

function draftOf(m: Masthead): Draft {
  return { linesText: m.coverLines.join('\n'), issueLinePrinted: m.issueLinePrinted ?? '', publishDatePrinted: m.publishDatePrinted ?? '' };
}

/** The cover lines typed one to a line; blank lines dropped. */
export function coverLinesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export function CoverEditor({ issueId }: { issueId: number }) {
  const { t } = useTranslation();
  const mayUpdate = useCan('updateMasthead');
  const [draft, setDraft] = useState<Draft | null>(null);
  // The masthead as last read or saved: the server refuses a save over someone else's newer one.
  const [base, setBase] = useState<Masthead | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const [state, setState] = useState<FormSaveState>('idle');

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const outline = await getApi().getIssueOutline({ issueId });
        if (live) {
          setDraft(draftOf(outline.masthead));
          setBase(outline.masthead);
        }
      } catch (e) {
        if (live) setLoadError(e);
      }
    })();
    return () => {
      live = false;
    };
  }, [issueId]);

  if (loadError) return <p className="error" role="alert">{t('settings.cover.loadFailed', { reason: errorText(t, loadError) })}</p>;
  if (!draft) return <p className="muted">{t('settings.loading')}</p>;

  const edit = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setState('idle');
  };

  const save = async () => {
    // The form shows only once the masthead is read, so base is set; a save names what it replaces.
    if (!base) return;
    setError(null);
    setState('saving');
    try {
      const saved = await getApi().updateMasthead({
        issueId,
        masthead: {
          coverLines: coverLinesOf(draft.linesText),
          issueLinePrinted: draft.issueLinePrinted.trim() || null,
          publishDatePrinted: draft.publishDatePrinted.trim() || null,
        },
        base: { ...base },
      });
      setDraft(draftOf(saved));
      setBase(saved);
      setState('saved');
    } catch (e) {
      setState('idle');
      setError(fieldErrorOf(t, e));
    }
  };

  const lines = coverLinesOf(draft.linesText);
  const lineError = error?.path.startsWith('masthead.coverLines') ? error : null;
  return (
    <form
      className="settings-form cover-editor"
      aria-label={t('settings.sections.cover')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{t('settings.sections.cover')}</h2>
      <label className="settings-field">
        <span>{t('settings.cover.lines')}</span>
        <textarea name="coverLines" rows={8} value={draft.linesText} onChange={(e) => edit({ linesText: e.target.value })} aria-invalid={lineError ? true : undefined} />
        {lineError && (
          <span className="field-error error" role="alert">
            {t('settings.cover.lineError', { number: Number(lineError.path.split('.')[2] ?? 0) + 1, message: lineError.text })}
          </span>
        )}
      </label>
      <p className="muted">{t('settings.cover.linesHint', { count: lines.length })}</p>
      <div className="settings-grid">
        <label className="settings-field">
          <span>{t('settings.cover.issueLine')}</span>
          <input name="issueLinePrinted" value={draft.issueLinePrinted} onChange={(e) => edit({ issueLinePrinted: e.target.value })} />
          <FieldMessage error={error} path="masthead.issueLinePrinted" />
        </label>
        <label className="settings-field">
          <span>{t('settings.cover.publishDate')}</span>
          <input name="publishDatePrinted" value={draft.publishDatePrinted} onChange={(e) => edit({ publishDatePrinted: e.target.value })} />
          <FieldMessage error={error} path="masthead.publishDatePrinted" />
        </label>
      </div>
      <SaveActions label={t('settings.cover.save')} state={state} deniedReason={mayUpdate.reason} unplacedError={error && !error.path.startsWith('masthead.') ? error.text : null} />
    </form>
  );
}
