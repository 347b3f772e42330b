// Who has the open article: the presence line (编辑中 / 查看), and when someone else holds the lock the
// read-only bar: "张三 正在编辑此文章" with 只读查看 (stay read-only) and 接管编辑 (take over with a
// reason, which the server records).

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticlePresence, PresenceEntry } from '../../shared/auth';

/** How the article is open here. */
export type EditAccess =
  | { kind: 'edit' }
  /** Read-only because someone else edits (`holder`, null once they left) or because of the role. */
  | { kind: 'read'; why: 'locked' | 'taken' | 'role'; holder: string | null };

export function PresenceLine({ presence, me }: { presence: ArticlePresence | null; me: number | null }) {
  const { t } = useTranslation();
  if (!presence) return null;
  const name = (e: PresenceEntry) => (e.accountId === me ? t('presence.you', { name: e.displayName }) : e.displayName);
  return (
    <p className="presence-line muted" data-testid="presence-line">
      <span>{presence.editor ? t('presence.editorLine', { name: name(presence.editor) }) : t('presence.nobodyEditing')}</span>
      {presence.readers.length > 0 && <span> · {t('presence.readersLine', { names: presence.readers.map(name).join('、') })}</span>}
    </p>
  );
}

export function ReadOnlyBar({
  access,
  onTakeOver,
  onStartEditing,
}: {
  access: Extract<EditAccess, { kind: 'read' }>;
  /** Resolves to an error text when the take-over was refused, null when it was granted. */
  onTakeOver: (reason: string) => Promise<string | null>;
  onStartEditing: () => void;
}) {
  const { t } = useTranslation();
  const [stayed, setStayed] = useState(false);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (access.why === 'role') {
    return (
      <div className="read-only-bar" role="status" data-testid="read-only-bar" data-why="role">
        {t('presence.noEditRole')}
      </div>
    );
  }
  if (access.holder === null) {
    return (
      <div className="read-only-bar" role="status" data-testid="read-only-bar" data-why="free">
        <span>{t('presence.freeBar')}</span>{' '}
        <button type="button" onClick={onStartEditing}>
          {t('presence.startEditing')}
        </button>
      </div>
    );
  }
  const submit = async () => {
    const text = reason.trim();
    if (text === '') {
      setProblem(t('presence.reasonRequired'));
      return;
    }
    setBusy(true);
    setProblem(null);
    const refused = await onTakeOver(text);
    setBusy(false);
    if (refused) setProblem(t('presence.takeOverFailed', { reason: refused }));
  };
  return (
    <div className="read-only-bar" role="status" data-testid="read-only-bar" data-why={access.why}>
      <strong>{access.why === 'taken' ? t('presence.takenOverBar', { name: access.holder }) : t('presence.lockedBar', { name: access.holder })}</strong>
      {!stayed && !asking && <p className="muted">{t('presence.lockedHint')}</p>}
      {asking ? (
        <form
          className="take-over-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            <span>{t('presence.takeOverReason')}</span>
            <textarea value={reason} rows={2} maxLength={500} onChange={(e) => setReason(e.target.value)} autoFocus />
          </label>
          <button type="submit" disabled={busy}>
            {t('presence.takeOverConfirm')}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setAsking(false);
              setProblem(null);
            }}
          >
            {t('presence.cancel')}
          </button>
        </form>
      ) : (
        <span className="read-only-actions">
          {stayed ? (
            <span className="muted">{t('presence.readingOnly')}</span>
          ) : (
            <button type="button" onClick={() => setStayed(true)}>
              {t('presence.stayReadOnly')}
            </button>
          )}
          <button type="button" onClick={() => setAsking(true)}>
            {t('presence.takeOver')}
          </button>
        </span>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
