// The 校对 tab of an issue: the rounds, 核红 for the open round, the quality figures (printable for
// the 主编), the 付印 sign-off of each closed round and what it still lacks, the proof PDF (校样) of a
// round, and the differences between rounds for an article.

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SectionOutline } from '../../shared/model';
import type { ExportJob } from '../../shared/print';
import { SIGNATURE_ROLES, stepsOfRound, type SignOffStep } from '../../shared/auth';
import type { Correction, ProofRound, QualityFigures, SignOff, SignOffState } from '../../shared/proof';
import { canSignStep, roleList, useCan } from '../auth/can';
import { useMe, useRoles } from '../auth/session';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';
import { formatTime } from './CorrectionCard';
import { DiffView } from './DiffView';
import { changedPartsText } from './changed-parts';
import { SignDialog, WithdrawDialog } from './SignDialog';
import { signOffsChanged } from './signoff-events';
import { RoundsSection } from './RoundsSection';
import './proof.css';

const JOB_POLL_MS = 400;

interface Data {
  rounds: ProofRound[];
  corrections: Correction[];
  signOffs: SignOff[];
  state: SignOffState;
  quality: QualityFigures;
  verifications: Correction[];
}

export function ProofPanel({ issueId, sections }: { issueId: number; sections: SectionOutline[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useMe();
  const [data, setData] = useState<Data | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const articles = sections.flatMap((s) => s.articles);

  const load = useCallback(async () => {
    const api = getApi();
    const [rounds, corrections, signOffs, state, quality] = await Promise.all([
      api.listRounds({ issueId }),
      api.listCorrections({ issueId }),
      api.listSignOffs({ issueId }),
      api.getSignOffState({ issueId }),
      api.getQualityFigures({ issueId }),
    ]);
    const open = rounds.find((r) => r.state === 'open');
    const verifications = open ? await api.listVerifications({ roundId: open.id }) : [];
    setData({ rounds, corrections, signOffs, state, quality, verifications });
  }, [issueId]);

  useEffect(() => {
    load().catch((error: unknown) => setMessage(errorText(error)));
    // errorText is rebuilt each render; loading once per issue is what matters.
  }, [load]);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
      await load().catch(() => {});
    }
  };

  if (!data) return <div className="proof-panel muted">{message ?? t('proof.loading')}</div>;
  const openRound = data.rounds.find((r) => r.state === 'open') ?? null;

  return (
    <div className="proof-panel" data-testid="proof-panel">
      <div className="proof-panel-head">
        <span data-testid="proof-person-note" className="muted">
          {me && t('proof.workingAs', { name: me.displayName, roles: roleList(t, me.roles) })}
        </span>
        <button type="button" onClick={() => void load().catch((e: unknown) => setMessage(errorText(e)))}>
          {t('proof.refresh')}
        </button>
      </div>
      {message && (
        <p className="error" role="alert" data-testid="proof-panel-message">
          {message}
        </p>
      )}
      <RoundsSection
        rounds={data.rounds}
        corrections={data.corrections}
        articles={articles}
        busy={busy}
        onSetRounds={(rounds) => void act(() => getApi().setRounds({ issueId, rounds }))}
        onOpen={(roundId, list) => void act(() => getApi().openRound({ roundId, articles: list }))}
        onClose={(roundId) => void act(() => getApi().closeRound({ roundId }))}
      />
      {openRound && (
        <VerificationSection
          round={openRound}
          items={data.verifications}
          busy={busy}
          onVerify={(correctionId, result, note) => void act(() => getApi().verifyCorrection({ correctionId, result, note }))}
        />
      )}
      <QualitySection quality={data.quality} />
      <SignOffSection
        issueId={issueId}
        rounds={data.rounds}
        signOffs={data.signOffs}
        state={data.state}
        busy={busy}
        onChanged={() => {
          signOffsChanged(issueId);
          void load().catch((e: unknown) => setMessage(errorText(e)));
        }}
      />
      <ProofExportSection issueId={issueId} rounds={data.rounds} />
      <DiffSection articles={articles.map((a) => ({ id: a.id, title: a.titleLines.join('') }))} rounds={data.rounds} />
    </div>
  );
}

function VerificationSection({
  round,
  items,
  busy,
  onVerify,
}: {
  round: ProofRound;
  items: Correction[];
  busy: boolean;
  onVerify: (id: number, result: 'confirmed' | 'reopened', note: string) => void;
}) {
  const { t } = useTranslation();
  const [notes, setNotes] = useState<Record<number, string>>({});
  const may = useCan('verifyCorrection');
  return (
    <section className="proof-section" aria-labelledby="verify-title" data-testid="verification-section">
      <h3 id="verify-title">{t('proof.verify.title', { name: round.name })}</h3>
      {items.length === 0 && <p className="muted">{t('proof.verify.none')}</p>}
      <ul className="verify-list">
        {items.map((c) => (
          <li key={c.id} data-testid="verification-item" data-correction-id={c.id}>
            <span className={`cc-kind cc-kind-${c.kind}`}>{t(`proof.kinds.${c.kind}`)}</span> <del>{c.original}</del>
            {c.proposed && (
              <>
                {' → '}
                <ins>{c.proposed}</ins>
              </>
            )}
            {c.verification ? (
              <span className={`cc-verify cc-verify-${c.verification.state}`}>
                {t(`proof.verify.${c.verification.state}`)} · {c.verification.by.name} · {formatTime(c.verification.at)}
                {c.verification.note ? ` — ${c.verification.note}` : ''}
              </span>
            ) : (
              (
                <span className="verify-actions" title={may.reason ?? undefined}>
                  <button type="button" disabled={busy || !may.allowed} onClick={() => onVerify(c.id, 'confirmed', '')}>
                    {t('proof.verify.confirm')}
                  </button>
                  <input
                    aria-label={t('proof.verify.note')}
                    placeholder={t('proof.verify.note')}
                    value={notes[c.id] ?? ''}
                    maxLength={2000}
                    onChange={(e) => setNotes({ ...notes, [c.id]: e.target.value })}
                  />
                  <button type="button" disabled={busy || !may.allowed || (notes[c.id] ?? '').trim() === ''} onClick={() => onVerify(c.id, 'reopened', (notes[c.id] ?? '').trim())}>
                    {t('proof.verify.reopen')}
                  </button>
                </span>
              )
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function QualitySection({ quality }: { quality: QualityFigures }) {
  const { t } = useTranslation();
  const over = (per10k: number) => per10k > quality.thresholdPer10k;
  const row = (key: string, label: string, r: { errors: number; chars: number; per10k: number }) => (
    <tr key={key} className={over(r.per10k) ? 'quality-over' : undefined} data-over={over(r.per10k)}>
      <td>{label}</td>
      <td>{r.errors}</td>
      <td>{r.chars}</td>
      <td>{r.per10k.toFixed(2)}</td>
    </tr>
  );
  const print = () => {
    document.body.classList.add('printing-quality');
    const done = () => {
      document.body.classList.remove('printing-quality');
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
  };
  return (
    <section className="proof-section quality-summary" aria-labelledby="quality-title" data-testid="quality-summary">
      <h3 id="quality-title">
        {t('proof.quality.title')}
        <button type="button" className="quality-print" onClick={print}>
          {t('proof.quality.print')}
        </button>
      </h3>
      <p className="muted">{t('proof.quality.threshold', { value: quality.thresholdPer10k })}</p>
      <table className="quality-table">
        <thead>
          <tr>
            <th />
            <th>{t('proof.quality.errors')}</th>
            <th>{t('proof.quality.chars')}</th>
            <th>{t('proof.quality.per10k')}</th>
          </tr>
        </thead>
        <tbody>
          {quality.rounds.map((r) => row(`r${r.roundId}`, r.name, r))}
          {row('issue', t('proof.quality.issue'), quality.issue)}
        </tbody>
      </table>
      <details>
        <summary>{t('proof.quality.byArticle')}</summary>
        <table className="quality-table">
          <tbody>{quality.articles.map((a) => row(`a${a.articleId}`, a.title, a))}</tbody>
        </table>
      </details>
    </section>
  );
}

function SignOffSection({
  issueId,
  rounds,
  signOffs,
  state,
  busy,
  onChanged,
}: {
  issueId: number;
  rounds: ProofRound[];
  signOffs: SignOff[];
  state: SignOffState;
  busy: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const roles = useRoles();
  const mayWithdraw = useCan('withdrawSignOff');
  const [signing, setSigning] = useState<{ round: ProofRound; step: SignOffStep } | null>(null);
  const [withdrawing, setWithdrawing] = useState<SignOff | null>(null);
  const started = rounds.filter((r) => r.state !== 'planned');
  const lastId = rounds.length > 0 ? rounds[rounds.length - 1]!.id : null;
  const step = (s: SignOffStep) => t(`proof.steps.${s}`);
  return (
    <section className="proof-section signoff-section" aria-labelledby="signoff-title" data-testid="signoff-section">
      <h3 id="signoff-title">{t('proof.signoff.title')}</h3>
      <div className={state.ready ? 'signoff-state ready' : 'signoff-state'} data-testid="signoff-state" data-ready={state.ready} data-frozen={state.frozen}>
        {state.frozen && (
          <p className="signoff-frozen" data-testid="signoff-frozen">
            {t('proof.frozen.title')}
            {state.frozenBy && <> — {t('proof.frozen.by', { name: state.frozenBy.signer.name, time: formatTime(state.frozenBy.at) })}</>}
          </p>
        )}
        {state.ready ? (
          !state.frozen && t('proof.signoff.ready')
        ) : (
          <ul>
            {state.openCorrections > 0 && <li>{t('proof.signoff.openCorrections', { count: state.openCorrections })}</li>}
            {state.unclosedRounds.map((r) => (
              <li key={`u${r.roundId}`}>{t('proof.signoff.unclosed', { name: r.name })}</li>
            ))}
            {state.missing.map((m) => (
              <li key={`m${m.roundId}`} data-testid="signoff-missing">
                {t('proof.signoff.missing', { name: m.name, steps: m.steps.map(step).join(t('auth.roleSeparator')) })}
              </li>
            ))}
            {state.stale.map((x) => (
              <li key={`s${x.roundId}-${x.step}`} className="signoff-stale" data-testid="signoff-stale">
                {t('proof.signoff.stale', { name: x.name, step: step(x.step), changed: changedPartsText(t, x.changed) })}
              </li>
            ))}
          </ul>
        )}
      </div>
      {started.length === 0 && <p className="muted">{t('proof.signoff.noneClosed')}</p>}
      {started.map((r) => {
        const steps = stepsOfRound(r.id === lastId);
        return (
          <div key={r.id} className="signoff-round" data-round={r.name}>
            <h4>{r.name}</h4>
            <ul>
              {steps.map((s) => {
                const all = signOffs.filter((x) => x.roundId === r.id && x.step === s);
                const standing = [...all].reverse().find((x) => x.withdrawn === null) ?? null;
                const withdrawn = all.filter((x) => x.withdrawn !== null);
                const stale = state.stale.find((x) => x.roundId === r.id && x.step === s) ?? null;
                const can = canSignStep(t, roles, s);
                const notClosed = r.state !== 'closed';
                const offer = standing === null || stale !== null;
                const reason = !can.allowed ? can.reason : notClosed ? t('proof.signoff.notClosed') : null;
                return (
                  <li key={s} data-step={s} data-signed={standing !== null} data-stale={stale !== null}>
                    <strong>{step(s)}</strong>{' '}
                    <span className="muted">（{t(`auth.roles.${SIGNATURE_ROLES[s]}`)}）</span>{' '}
                    {standing ? (
                      <span className={stale ? 'signed stale' : 'signed'} data-testid="signoff-signed">
                        {t('proof.signoff.signedBy', { name: standing.signer.name, time: formatTime(standing.at) })}
                        {standing.note ? ` — ${standing.note}` : ''}
                        {stale && <em className="stale-mark"> {t('proof.signoff.staleMark', { changed: changedPartsText(t, stale.changed) })}</em>}
                      </span>
                    ) : (
                      <span className="muted">{t('proof.signoff.unsigned')}</span>
                    )}
                    {offer && (
                      <button
                        type="button"
                        className="sign-button"
                        data-testid="sign-button"
                        disabled={busy || reason !== null}
                        title={reason ?? undefined}
                        onClick={() => setSigning({ round: r, step: s })}
                      >
                        {t(standing ? 'proof.signoff.signAgain' : 'proof.signoff.sign', { step: step(s) })}
                      </button>
                    )}
                    {reason !== null && offer && (
                      <span className="muted sign-reason" data-testid="sign-reason">
                        {' '}
                        {reason}
                      </span>
                    )}
                    {standing && s === '终审' && mayWithdraw.allowed && (
                      <button type="button" className="withdraw-button" data-testid="withdraw-button" disabled={busy} onClick={() => setWithdrawing(standing)}>
                        {t('proof.withdraw.button')}
                      </button>
                    )}
                    {withdrawn.length > 0 && (
                      <ul className="signoff-withdrawn">
                        {withdrawn.map((w) => (
                          <li key={w.id} className="muted" data-testid="signoff-withdrawn">
                            {t('proof.signoff.withdrawnLine', {
                              name: w.signer.name,
                              time: formatTime(w.at),
                              by: w.withdrawn!.by.name,
                              when: formatTime(w.withdrawn!.at),
                              reason: w.withdrawn!.reason,
                            })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
      {signing && (
        <SignDialog
          issueId={issueId}
          round={signing.round}
          step={signing.step}
          onCancel={() => setSigning(null)}
          onSigned={() => {
            setSigning(null);
            onChanged();
          }}
        />
      )}
      {withdrawing && (
        <WithdrawDialog
          signOffId={withdrawing.id}
          step={withdrawing.step}
          onCancel={() => setWithdrawing(null)}
          onDone={() => {
            setWithdrawing(null);
            onChanged();
          }}
        />
      )}
    </section>
  );
}

function ProofExportSection({ issueId, rounds }: { issueId: number; rounds: ProofRound[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const started = rounds.filter((r) => r.state !== 'planned');
  const fallback = rounds.find((r) => r.state === 'open') ?? started[started.length - 1] ?? null;
  const [roundId, setRoundId] = useState<number | null>(null);
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [download, setDownload] = useState<string | null>(null);
  const chosen = roundId ?? fallback?.id ?? null;

  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const timer = setTimeout(() => {
      getApi()
        .getExportJob({ jobId: job.jobId })
        .then(setJob)
        .catch((e: unknown) => setError(errorText(e)));
    }, JOB_POLL_MS);
    return () => clearTimeout(timer);
  }, [job, errorText]);

  useEffect(() => {
    if (job?.state !== 'done') return;
    getApi()
      .revealExport({ jobId: job.jobId })
      .then((r) => setDownload(r.downloadUrl))
      .catch(() => setDownload(null));
  }, [job]);

  const mayExport = useCan('startProofExport');
  const start = async () => {
    if (chosen === null) return;
    setError(null);
    setDownload(null);
    try {
      setJob(await getApi().startProofExport({ issueId, roundId: chosen }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section className="proof-section" aria-labelledby="proof-export-title" data-testid="proof-export">
      <h3 id="proof-export-title">{t('proof.export.title')}</h3>
      {started.length === 0 ? (
        <p className="muted">{t('proof.export.noRound')}</p>
      ) : (
        <p>
          <select aria-label={t('proof.export.round')} value={chosen ?? ''} onChange={(e) => setRoundId(Number(e.target.value))}>
            {started.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>{' '}
          <button type="button" data-testid="proof-export-start" disabled={job?.state === 'running' || !mayExport.allowed} title={mayExport.reason ?? undefined} onClick={() => void start()}>
            {t('proof.export.start')}
          </button>
        </p>
      )}
      {job && (
        <p data-testid="proof-export-state" data-state={job.state}>
          {job.state === 'running' && t('proof.export.running', { percent: Math.round(job.progress * 100) })}
          {job.state === 'done' && job.result && t('proof.export.done', { file: job.result.fileName, pages: job.result.pages })}
          {job.state === 'failed' && (job.error?.message ?? '')}
          {download && (
            <>
              {' '}
              <a href={download} data-testid="proof-export-download" download>
                {t('proof.export.download')}
              </a>
            </>
          )}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function DiffSection({ articles, rounds }: { articles: { id: number; title: string }[]; rounds: ProofRound[] }) {
  const { t } = useTranslation();
  const [articleId, setArticleId] = useState<number | null>(null);
  const [sinceRoundId, setSinceRoundId] = useState<number | undefined>(undefined);
  const started = rounds.filter((r) => r.state !== 'planned');
  return (
    <section className="proof-section" aria-labelledby="diff-title">
      <h3 id="diff-title">{t('proof.diff.title')}</h3>
      {started.length === 0 ? (
        <p className="muted">{t('proof.diff.noRound')}</p>
      ) : (
        <>
          <p>
            <select aria-label={t('proof.diff.article')} value={articleId ?? ''} onChange={(e) => setArticleId(e.target.value === '' ? null : Number(e.target.value))}>
              <option value="">{t('proof.diff.pickArticle')}</option>
              {articles.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </select>{' '}
            <select aria-label={t('proof.diff.since')} value={sinceRoundId ?? ''} onChange={(e) => setSinceRoundId(e.target.value === '' ? undefined : Number(e.target.value))}>
              <option value="">{t('proof.diff.previous')}</option>
              {started.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </p>
          {articleId !== null && <DiffView articleId={articleId} sinceRoundId={sinceRoundId} />}
        </>
      )}
    </section>
  );
}
