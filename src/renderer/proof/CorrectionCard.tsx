// One correction: kind, original → proposed, note, who proposed it and when, its status, the reply
// thread, and 接受 / 拒绝 (with a reason) while it is open: disabled, saying which role is needed, for a
// person the permission table does not allow to decide.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Correction } from '../../shared/proof';
import { useCan } from '../auth/can';
import { useMe } from '../auth/session';

export interface CorrectionCardProps {
  correction: Correction;
  roundName: string;
  articleTitle?: string;
  selected: boolean;
  busy: boolean;
  onSelect: (id: number) => void;
  onAccept: (id: number) => void;
  onReject: (id: number, reason: string) => void;
  onReply: (id: number, text: string) => void;
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function CorrectionCard({ correction: c, roundName, articleTitle, selected, busy, onSelect, onAccept, onReject, onReply }: CorrectionCardProps) {
  const { t } = useTranslation();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reply, setReply] = useState('');
  const me = useMe();
  const mayAccept = useCan('acceptCorrection');
  const mayReject = useCan('rejectCorrection');
  const manage = c.status === 'open';
  const showsProposed = c.kind === 'replace' || c.kind === 'insert' || c.kind === 'transpose';
  return (
    <li
      className={`correction-card cc-${c.status}${selected ? ' cc-selected' : ''}${c.orphaned ? ' cc-orphaned' : ''}`}
      data-testid="correction-card"
      data-correction-id={c.id}
      data-status={c.status}
      data-kind={c.kind}
      onClick={() => onSelect(c.id)}
    >
      <div className="cc-head">
        <span className={`cc-kind cc-kind-${c.kind}`}>{t(`proof.kinds.${c.kind}`)}</span>
        <span className={`cc-status cc-status-${c.status}`} data-testid="correction-status">
          {t(`proof.status.${c.status}`)}
        </span>
        {c.orphaned && (
          <span className="cc-orphan" data-testid="correction-orphaned" title={t('proof.orphanedHint')}>
            {t('proof.orphaned')}
          </span>
        )}
        {c.verification && <span className={`cc-verify cc-verify-${c.verification.state}`}>{t(`proof.verify.${c.verification.state}`)}</span>}
      </div>
      <p className="cc-change">
        {c.original !== '' && <del>{c.original}</del>}
        {showsProposed && (
          <>
            <span className="cc-arrow">→</span>
            <ins>{c.proposed === '' ? t('proof.swapTwo') : c.proposed}</ins>
          </>
        )}
      </p>
      {c.note && <p className="cc-note">{c.note}</p>}
      <p className="cc-meta muted">
        {t('proof.byline', { name: c.author.name, role: t(`proof.roles.${c.author.role}`, { defaultValue: c.author.role }), round: roundName, time: formatTime(c.createdAt) })}
        {articleTitle ? ` · ${articleTitle}` : ''}
      </p>
      {c.status !== 'open' && c.resolvedBy && (
        <p className="cc-resolved muted">
          {t(c.status === 'accepted' ? 'proof.acceptedBy' : 'proof.rejectedBy', { name: c.resolvedBy.name, time: c.resolvedAt ? formatTime(c.resolvedAt) : '' })}
          {c.rejectReason ? ` — ${c.rejectReason}` : ''}
        </p>
      )}
      {c.replies.length > 0 && (
        <ul className="cc-replies">
          {c.replies.map((r, k) => (
            <li key={k}>
              <strong>{r.author.name}</strong>
              <span className="muted">（{t(`proof.roles.${r.author.role}`, { defaultValue: r.author.role })} · {formatTime(r.at)}）</span> {r.text}
            </li>
          ))}
        </ul>
      )}
      {selected && (
        <div className="cc-actions" onClick={(e) => e.stopPropagation()}>
          {manage && !rejecting && (
            <>
              <button type="button" className="cc-accept" disabled={busy || !mayAccept.allowed} title={mayAccept.reason ?? undefined} onClick={() => onAccept(c.id)}>
                {t('proof.accept')}
              </button>
              <button type="button" className="cc-reject" disabled={busy || !mayReject.allowed} title={mayReject.reason ?? undefined} onClick={() => setRejecting(true)}>
                {t('proof.reject')}
              </button>
            </>
          )}
          {manage && rejecting && (
            <form
              className="cc-reject-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (reason.trim() === '') return;
                onReject(c.id, reason.trim());
                setRejecting(false);
              }}
            >
              <input aria-label={t('proof.rejectReason')} placeholder={t('proof.rejectReason')} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
              <button type="submit" disabled={busy || reason.trim() === ''}>
                {t('proof.confirmReject')}
              </button>
              <button type="button" onClick={() => setRejecting(false)}>
                {t('proof.cancel')}
              </button>
            </form>
          )}
          {me && (
            <form
              className="cc-reply-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (reply.trim() === '') return;
                onReply(c.id, reply.trim());
                setReply('');
              }}
            >
              <input aria-label={t('proof.replyLabel')} placeholder={t('proof.replyLabel')} value={reply} maxLength={5000} onChange={(e) => setReply(e.target.value)} />
              <button type="submit" disabled={busy || reply.trim() === ''}>
                {t('proof.reply')}
              </button>
            </form>
          )}
        </div>
      )}
    </li>
  );
}
