// Shown when a save was refused: the article was saved elsewhere (stale revision) or someone took its
// lock over. The person's text stays in the editor; the panel shows what changed on the server and
// what of theirs is unwritten, and offers to load the server's version (after a confirmation that
// lists what they drop) or to save their version as a copy.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../shared/model';
import { useErrorText } from '../i18n/messages';
import { changedParts, type ArticleText, type ChangedTextPart } from './conflict-diff';
import type { ConflictReason } from './save-controller';

export type ServerVersion = { kind: 'loading' } | { kind: 'ready'; article: Article } | { kind: 'failed'; error: unknown };

export function ChangedText({ parts, testId }: { parts: ChangedTextPart[]; testId: string }) {
  const { t } = useTranslation();
  const label = (p: ChangedTextPart) =>
    p.label.kind === 'block'
      ? t('conflict.block', { n: p.label.n })
      : p.label.field === 'title'
        ? t('conflict.title')
        : t(`editor.${p.label.field}`);
  return (
    <ol className="conflict-diff" data-testid={testId}>
      {parts.map((p, i) => (
        <li key={i}>
          <span className="conflict-part">{label(p)}</span>
          <span className="conflict-text">
            {p.segments.map((s, j) =>
              s.op === 'insert' ? <ins key={j}>{s.text}</ins> : s.op === 'delete' ? <del key={j}>{s.text}</del> : <span key={j}>{s.text}</span>,
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function ConflictPanel({
  reason,
  lockedBy,
  base,
  mine,
  server,
  busy,
  failure,
  onReload,
  onSaveCopy,
}: {
  reason: ConflictReason;
  /** Who holds the lock now (a lock conflict). */
  lockedBy: string | null;
  /** The text at the revision the refused save was based on. */
  base: ArticleText;
  /** The text in the editor now. */
  mine: ArticleText;
  server: ServerVersion;
  busy: boolean;
  failure: string | null;
  onReload: () => void;
  onSaveCopy: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [confirming, setConfirming] = useState(false);
  const yours = changedParts(base, mine);
  const title =
    reason === 'locked'
      ? lockedBy
        ? t('conflict.lockedTitle', { name: lockedBy })
        : t('conflict.lockedTitleUnknown')
      : t('conflict.revisionTitle', { revision: server.kind === 'ready' ? server.article.revision : 0 });
  return (
    <section className="conflict-panel" role="alert" data-testid="conflict-panel" data-reason={reason}>
      <h3>{title}</h3>
      <p>{t('conflict.kept')}</p>
      {confirming ? (
        <div className="conflict-confirm" data-testid="conflict-confirm">
          <h4>{t('conflict.reloadConfirmTitle')}</h4>
          <p className="muted">{t('conflict.reloadConfirmHint')}</p>
          {yours.length > 0 ? <ChangedText parts={yours} testId="conflict-yours" /> : <p className="muted">{t('conflict.noYourChanges')}</p>}
          <div className="conflict-actions">
            <button type="button" className="danger" disabled={busy} onClick={onReload}>
              {t('conflict.reloadConfirm')}
            </button>
            <button type="button" disabled={busy} onClick={onSaveCopy}>
              {t('conflict.saveCopy')}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              {t('conflict.back')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <h4>{t('conflict.serverChanges')}</h4>
          {server.kind === 'loading' && <p className="muted">{t('conflict.loadingServer')}</p>}
          {server.kind === 'failed' && <p className="error">{t('conflict.serverFailed', { reason: errorText(server.error) })}</p>}
          {server.kind === 'ready' &&
            (() => {
              const theirs = changedParts(base, server.article);
              return theirs.length > 0 ? <ChangedText parts={theirs} testId="conflict-server" /> : <p className="muted">{t('conflict.noServerChanges')}</p>;
            })()}
          <h4>{t('conflict.yourChanges')}</h4>
          {yours.length > 0 ? <ChangedText parts={yours} testId="conflict-yours" /> : <p className="muted">{t('conflict.noYourChanges')}</p>}
          <div className="conflict-actions">
            <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
              {t('conflict.reload')}
            </button>
            <button type="button" disabled={busy} onClick={onSaveCopy}>
              {t('conflict.saveCopy')}
            </button>
          </div>
        </>
      )}
      {busy && <p className="muted">{t('conflict.copying')}</p>}
      {failure && <p className="error">{failure}</p>}
    </section>
  );
}
