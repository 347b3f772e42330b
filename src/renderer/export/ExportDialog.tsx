// The export dialog (导出 PDF): choose print (PDF/X-1a or X-4, marks on or off) or screen PDF; the
// preflight result comes first, each item a click away from what it concerns; the export button stays
// disabled while a print export has preflight errors, unless an override reason is typed (the back end
// records it with the export); then a progress bar follows the export job; when it is done, pages,
// size and time, and a button that shows the file (desktop: in its folder; browser: a download link).

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiInput } from '../../shared/api';
import { QikanError, type ErrorCode } from '../../shared/errors';
import type { SectionOutline } from '../../shared/model';
import type { ExportJob, ExportKind, PdfStandard, PreflightItem, PreflightResult } from '../../shared/print';
import { getApi } from '../api/client';
import { canWith } from '../auth/can';
import { useRoles } from '../auth/session';
import { formatSize, useErrorText } from '../i18n/messages';
import { articleIndex } from '../pages/page-facts';
import { PhotoFixer } from './PhotoFixer';
import { destinationOf, groupPreflight, preflightText, targetText } from './preflight-groups';
import './export.css';

/** How often a running export job is asked for its progress. */
export const EXPORT_POLL_MS = 250;
/** Items shown per preflight group before "and N more". */
const MAX_ITEMS_SHOWN = 100;
const KNOWN_STAGES = ['preflight', 'layout', 'images', 'pdf', 'write'];

type Preflight = { kind: 'checking' } | { kind: 'ready'; result: PreflightResult } | { kind: 'failed'; error: unknown };
type Reveal = { kind: 'idle' } | { kind: 'asking' } | { kind: 'answered'; revealed: boolean; downloadUrl: string | null } | { kind: 'failed'; error: unknown };

export interface ExportDialogProps {
  issueId: number;
  sections: SectionOutline[];
  onClose: () => void;
  onOpenArticle: (articleId: number) => void;
  onOpenPage: (label: string) => void;
  /** Tests shorten the polling interval. */
  pollMs?: number;
}

/** Longest wait between two questions about a job while the server does not answer. */
const MAX_RETRY_MS = 10_000;

/** A poll that failed for want of an answer (network down, server busy or restarting), not one the server refused. */
function isRetryablePollError(error: unknown): boolean {
  const code = error instanceof QikanError ? error.code : 'internal';
  return code === 'internal' || code === 'busy';
}

function jobErrorAsQikanError(error: { code: string; message: string }): QikanError {
  return new QikanError(error.code as ErrorCode, error.message);
}

export function ExportDialog({ issueId, sections, onClose, onOpenArticle, onOpenPage, pollMs = EXPORT_POLL_MS }: ExportDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const dialog = useRef<HTMLDialogElement>(null);
  const [kind, setKind] = useState<ExportKind>('print');
  const [standard, setStandard] = useState<PdfStandard>('x1a');
  const [marks, setMarks] = useState(true);
  const [reason, setReason] = useState('');
  const [preflight, setPreflight] = useState<Preflight>({ kind: 'checking' });
  const [job, setJob] = useState<ExportJob | null>(null);
  const [jobError, setJobError] = useState<unknown>(null);
  /** Polls that failed in a row while the job runs: a lost connection is retried, further apart each time. */
  const [failedPolls, setFailedPolls] = useState(0);
  const [starting, setStarting] = useState(false);
  const [reveal, setReveal] = useState<Reveal>({ kind: 'idle' });
  /** The photo being fixed in the panel under the preflight list. */
  const [fixingPhoto, setFixingPhoto] = useState<number | null>(null);
  const preflightRequest = useRef(0);

  useEffect(() => {
    const el = dialog.current;
    if (!el || el.open) return;
    if (typeof el.showModal === 'function') el.showModal();
    else el.setAttribute('open', ''); // environments without modal dialogs still show it
  }, []);

  const runPreflight = useCallback(async () => {
    const request = ++preflightRequest.current;
    setPreflight({ kind: 'checking' });
    try {
      const result = await getApi().preflightIssue({ issueId, kind });
      if (request === preflightRequest.current) setPreflight({ kind: 'ready', result });
    } catch (error) {
      if (request === preflightRequest.current) setPreflight({ kind: 'failed', error });
    }
  }, [issueId, kind]);

  useEffect(() => {
    void runPreflight();
  }, [runPreflight]);

  // Follow a running job until it ends; each answer schedules the next question.
  useEffect(() => {
    if (!job || job.state !== 'running') return;
    let cancelled = false;
    const delay = failedPolls === 0 ? pollMs : Math.min(pollMs * 2 ** failedPolls, MAX_RETRY_MS);
    const timer = setTimeout(() => {
      getApi()
        .getExportJob({ jobId: job.jobId })
        .then((next) => {
          if (cancelled) return;
          setJobError(null);
          setFailedPolls(0);
          setJob(next);
        })
        .catch((error: unknown) => {
          if (cancelled) return;
          setJobError(error);
          // The job goes on in the server whatever happened to this question: ask again, unless the
          // server answered that the job is gone or not this person's to follow.
          if (isRetryablePollError(error)) setFailedPolls((n) => n + 1);
        });
    }, delay);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [job, pollMs, failedPolls]);

  // A refused job carries the preflight that refused it: show that one.
  useEffect(() => {
    if (job?.state === 'refused' && job.preflight) setPreflight({ kind: 'ready', result: job.preflight });
  }, [job]);

  const articles = useMemo(() => articleIndex(sections), [sections]);
  const sectionNames = useMemo(() => new Map(sections.map((s) => [s.id, s.name])), [sections]);
  const groups = preflight.kind === 'ready' ? groupPreflight(preflight.result) : null;
  // Every error counts, placeholders too (an error for print, listed in their own group).
  const errorCount = preflight.kind === 'ready' ? preflight.result.errors.length : 0;
  const needsOverride = kind === 'print' && errorCount > 0;
  const overrideGiven = reason.trim() !== '';
  const running = starting || job?.state === 'running';
  const finished = job !== null && job.state !== 'running';
  const roles = useRoles();
  // The permission table decides who may print, and who may print past errors (the 主编).
  const may = canWith(t, roles, 'startExport', { kind, ...(needsOverride ? { overrideReason: 'x' } : {}) });
  const blocked = preflight.kind === 'checking' || (needsOverride && !overrideGiven) || !may.allowed;

  async function startExport() {
    setStarting(true);
    setJobError(null);
    setFailedPolls(0);
    setReveal({ kind: 'idle' });
    const input: ApiInput<'startExport'> = { issueId, kind };
    if (kind === 'print') {
      input.standard = standard;
      input.marks = marks;
      if (needsOverride) input.overrideReason = reason.trim();
    }
    try {
      setJob(await getApi().startExport(input));
    } catch (error) {
      setJobError(error);
    } finally {
      setStarting(false);
    }
  }

  async function askReveal(jobId: string) {
    setReveal({ kind: 'asking' });
    try {
      const answer = await getApi().revealExport({ jobId });
      setReveal({ kind: 'answered', ...answer });
    } catch (error) {
      setReveal({ kind: 'failed', error });
    }
  }

  function openDestination(item: PreflightItem) {
    const to = destinationOf(item);
    if (!to) return;
    onClose();
    if (to.kind === 'article') onOpenArticle(to.articleId);
    else onOpenPage(to.page);
  }

  function renderItems(items: PreflightItem[], group: 'error' | 'warning' | 'placeholder') {
    const shown = items.slice(0, MAX_ITEMS_SHOWN);
    return (
      <ul className={`pf-items pf-${group}`}>
        {shown.map((item, k) => {
          const where = targetText(t, item, articles, sectionNames);
          const to = destinationOf(item);
          return (
            <li key={k} className={`pf-item pf-${item.severity}`} data-testid="preflight-item" data-code={item.code} data-severity={item.severity}>
              <span className="pf-text">{preflightText(t, item)}</span>
              {where &&
                (to ? (
                  <button type="button" className="link pf-target" onClick={() => openDestination(item)}>
                    {where}
                  </button>
                ) : (
                  <span className="pf-target muted">{where}</span>
                ))}
              {item.target.photoId !== undefined && (
                <button type="button" className="link pf-fix" onClick={() => setFixingPhoto(item.target.photoId ?? null)} disabled={running}>
                  {t('export.photo.fix')}
                </button>
              )}
            </li>
          );
        })}
        {items.length > shown.length && <li className="muted">{t('export.moreItems', { count: items.length - shown.length })}</li>}
      </ul>
    );
  }

  const stageName = (stage: string) => (KNOWN_STAGES.includes(stage) ? t(`export.stages.${stage}`) : stage);

  return (
    <dialog ref={dialog} className="export-dialog" aria-labelledby="export-title" data-testid="export-dialog" onClose={onClose}>
      <h2 id="export-title">{t('export.title')}</h2>

      <fieldset className="export-options" disabled={running}>
        <legend>{t('export.kind')}</legend>
        <label>
          <input type="radio" name="export-kind" value="print" checked={kind === 'print'} onChange={() => setKind('print')} />
          {t('export.kinds.print')}
        </label>
        <label>
          <input type="radio" name="export-kind" value="screen" checked={kind === 'screen'} onChange={() => setKind('screen')} />
          {t('export.kinds.screen')}
        </label>
        {kind === 'print' && (
          <div className="export-print-options">
            <label>
              {t('export.standard')}
              <select value={standard} onChange={(e) => setStandard(e.target.value === 'x4' ? 'x4' : 'x1a')}>
                <option value="x1a">{t('export.standards.x1a')}</option>
                <option value="x4">{t('export.standards.x4')}</option>
              </select>
            </label>
            <label>
              <input type="checkbox" checked={marks} onChange={(e) => setMarks(e.target.checked)} />
              {t('export.marks')}
            </label>
          </div>
        )}
        {kind === 'screen' && <p className="muted export-kind-hint">{t('export.screenHint')}</p>}
      </fieldset>

      <section className="preflight" aria-labelledby="preflight-title" data-testid="preflight" data-state={preflight.kind}>
        <div className="preflight-head">
          <h3 id="preflight-title">{t('export.preflight')}</h3>
          {groups && (
            <span className="preflight-summary" data-testid="preflight-summary">
              {t('export.summary', { errors: groups.errors.length, warnings: groups.warnings.length, placeholders: preflight.kind === 'ready' ? preflight.result.placeholders : 0 })}
            </span>
          )}
          <button type="button" onClick={() => void runPreflight()} disabled={preflight.kind === 'checking' || running}>
            {t('export.recheck')}
          </button>
        </div>
        {preflight.kind === 'checking' && <p className="muted">{t('export.checking')}</p>}
        {preflight.kind === 'failed' && (
          <p className="error" role="alert">
            {t('export.preflightFailed', { reason: errorText(preflight.error) })}
          </p>
        )}
        {groups && groups.errors.length + groups.warnings.length + groups.placeholders.length === 0 && <p className="ok">{t('export.clean')}</p>}
        {groups && groups.errors.length > 0 && (
          <div className="pf-group" data-testid="preflight-errors">
            <h4 className="error">{t('export.errors', { count: groups.errors.length })}</h4>
            {renderItems(groups.errors, 'error')}
          </div>
        )}
        {groups && groups.warnings.length > 0 && (
          <div className="pf-group" data-testid="preflight-warnings">
            <h4 className="warn">{t('export.warnings', { count: groups.warnings.length })}</h4>
            {renderItems(groups.warnings, 'warning')}
          </div>
        )}
        {groups && groups.placeholders.length > 0 && (
          <div className="pf-group" data-testid="preflight-placeholders">
            <h4>{t('export.placeholders', { count: groups.placeholders.length })}</h4>
            {renderItems(groups.placeholders, 'placeholder')}
          </div>
        )}
        {fixingPhoto !== null && (
          <div className="pf-photo" aria-labelledby="pf-photo-title">
            <div className="pf-photo-head">
              <h4 id="pf-photo-title">{t('export.photo.title', { id: fixingPhoto })}</h4>
              <button type="button" className="link" onClick={() => setFixingPhoto(null)}>
                {t('export.photo.done')}
              </button>
            </div>
            <PhotoFixer key={fixingPhoto} issueId={issueId} photoId={fixingPhoto} onChanged={() => void runPreflight()} />
          </div>
        )}
      </section>

      {needsOverride && (
        <div className="export-override">
          <p className="error">{t('export.blocked', { count: errorCount })}</p>
          <label className="field">
            {t('export.overrideReason')}
            <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} disabled={running} placeholder={t('export.overridePlaceholder')} />
          </label>
        </div>
      )}

      {job && (
        <section className="export-progress" data-testid="export-progress" data-state={job.state} aria-live="polite">
          <progress max={1} value={job.state === 'done' ? 1 : job.progress} aria-label={t('export.progress')} />
          <span className="export-stage" data-testid="export-stage">
            {job.state === 'running' && t('export.running', { stage: stageName(job.stage), percent: Math.round(job.progress * 100) })}
            {job.state === 'refused' && <span className="error">{t('export.refused', { count: job.preflight?.errors.length ?? errorCount })}</span>}
            {job.state === 'failed' && (
              <span className="error" role="alert">
                {t('export.failed', { reason: job.error ? errorText(jobErrorAsQikanError(job.error)) : stageName(job.stage) })}
              </span>
            )}
          </span>
        </section>
      )}
      {jobError !== null && (
        <p className="error" role="alert" data-testid="export-poll-error">
          {job?.state === 'running' && isRetryablePollError(jobError)
            ? t('export.pollRetrying', { reason: errorText(jobError) })
            : t('export.failed', { reason: errorText(jobError) })}
        </p>
      )}

      {job?.state === 'done' && job.result && (
        <section className="export-done" data-testid="export-done">
          <p className="ok">
            {t('export.done', {
              file: job.result.fileName,
              pages: job.result.pages,
              size: formatSize(t, job.result.bytes),
              seconds: job.result.ms / 1000,
            })}
          </p>
          <div className="export-reveal">
            <button type="button" onClick={() => void askReveal(job.jobId)} disabled={reveal.kind === 'asking'}>
              {t('export.reveal')}
            </button>
            {reveal.kind === 'answered' && reveal.revealed && <span className="muted">{t('export.revealed')}</span>}
            {reveal.kind === 'answered' && reveal.downloadUrl && (
              <a href={reveal.downloadUrl} download={job.result.fileName} data-testid="export-download">
                {t('export.download', { file: job.result.fileName })}
              </a>
            )}
            {reveal.kind === 'failed' && (
              <span className="error" role="alert">
                {t('export.revealFailed', { reason: errorText(reveal.error) })}
              </span>
            )}
          </div>
        </section>
      )}

      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          {t('export.close')}
        </button>
        <button type="button" className="export-start" onClick={() => void startExport()} disabled={blocked || running} title={may.reason ?? undefined}>
          {finished ? t('export.again') : t('export.start')}
        </button>
      </div>
    </dialog>
  );
}
