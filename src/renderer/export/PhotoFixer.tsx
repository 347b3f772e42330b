// Fixes a photo a preflight item names, without leaving the export dialog: its caption and credit
// (摄影/图/资料 and the name), and its file (a placeholder gets its photo, a low-resolution one a better
// file). Every change goes through the API; then preflight runs again.

import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreditKind, Photo } from '../../shared/model';
import { getApi } from '../api/client';
import { formatSize, useErrorText } from '../i18n/messages';

/** The API takes at most 60 MB of image per photo. */
export const MAX_PHOTO_BYTES = 60 * 1024 * 1024;
const CREDIT_KINDS: CreditKind[] = ['摄影', '图', '资料'];

type Load = { kind: 'loading' } | { kind: 'ready'; photo: Photo } | { kind: 'failed'; error: unknown };
type Action = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'failed'; text: string };

export interface PhotoFixerProps {
  issueId: number;
  photoId: number;
  onChanged: () => void;
}

export function PhotoFixer({ issueId, photoId, onChanged }: PhotoFixerProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [caption, setCaption] = useState('');
  const [creditKind, setCreditKind] = useState<CreditKind | ''>('');
  const [creditName, setCreditName] = useState('');
  const [action, setAction] = useState<Action>({ kind: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let current = true;
    getApi()
      .listPhotos({ issueId })
      .then((photos) => {
        if (!current) return;
        const photo = photos.find((p) => p.id === photoId);
        if (!photo) {
          setLoad({ kind: 'failed', error: null });
          return;
        }
        setLoad({ kind: 'ready', photo });
        setCaption(photo.caption);
        setCreditKind(photo.credit?.kind ?? '');
        setCreditName(photo.credit?.name ?? '');
      })
      .catch((error: unknown) => current && setLoad({ kind: 'failed', error }));
    return () => {
      current = false;
    };
  }, [issueId, photoId]);

  if (load.kind === 'loading') return <div className="photo-fixer muted">{t('export.photo.loading')}</div>;
  if (load.kind === 'failed')
    return (
      <div className="photo-fixer error" role="alert">
        {load.error === null ? t('export.photo.notFound', { id: photoId }) : t('export.photo.failed', { reason: errorText(load.error) })}
      </div>
    );
  const photo = load.photo;
  const creditIncomplete = (creditKind === '') !== (creditName.trim() === '');

  async function saveText() {
    setAction({ kind: 'busy' });
    try {
      const credit = creditKind && creditName.trim() ? { kind: creditKind, name: creditName.trim() } : null;
      const saved = await getApi().updatePhoto({ photoId, caption, credit, base: { caption: photo.caption, credit: photo.credit } });
      setLoad({ kind: 'ready', photo: saved });
      setAction({ kind: 'done', text: t('export.photo.saved') });
      onChanged();
    } catch (error) {
      setAction({ kind: 'failed', text: t('export.photo.failed', { reason: errorText(error) }) });
    }
  }

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again fires change again
    if (!file) return;
    if (file.size > MAX_PHOTO_BYTES) {
      setAction({ kind: 'failed', text: t('export.photo.tooLarge', { file: file.name, size: formatSize(t, file.size), max: formatSize(t, MAX_PHOTO_BYTES) }) });
      return;
    }
    setAction({ kind: 'busy' });
    try {
      const { uploadId } = await getApi().uploadFile('photo', file);
      const saved = await getApi().importPhoto({ issueId, articleId: photo.articleId, placement: photo.placement, upload: uploadId, photoId });
      setLoad({ kind: 'ready', photo: saved });
      setAction({
        kind: 'done',
        text: t('export.photo.replaced', { file: file.name, width: saved.widthPx ?? 0, height: saved.heightPx ?? 0, colorSpace: saved.colorSpace ?? '?' }),
      });
      onChanged();
    } catch (error) {
      setAction({ kind: 'failed', text: t('export.photo.failed', { reason: errorText(error) }) });
    }
  }

  return (
    <div className="photo-fixer" data-testid="photo-fixer">
      <p className="muted">
        {photo.file === null
          ? t('export.photo.placeholderState')
          : t('export.photo.fileState', { width: photo.widthPx ?? 0, height: photo.heightPx ?? 0, colorSpace: photo.colorSpace ?? '?' })}
      </p>
      <label className="field">
        {t('export.photo.caption')}
        <textarea rows={2} value={caption} onChange={(e) => setCaption(e.target.value)} />
      </label>
      <div className="photo-credit">
        <label className="field">
          {t('export.photo.creditKind')}
          <select value={creditKind} onChange={(e) => setCreditKind(CREDIT_KINDS.find((k) => k === e.target.value) ?? '')}>
            <option value="">{t('export.photo.noCredit')}</option>
            {CREDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`export.photo.creditKinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('export.photo.creditName')}
          <input value={creditName} onChange={(e) => setCreditName(e.target.value)} />
        </label>
      </div>
      {creditIncomplete && <p className="error">{t('export.photo.creditIncomplete')}</p>}
      <div className="photo-actions">
        <button type="button" onClick={() => void saveText()} disabled={action.kind === 'busy' || creditIncomplete}>
          {t('export.photo.save')}
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={action.kind === 'busy'}>
          {photo.file === null ? t('export.photo.choose') : t('export.photo.replace')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".jpg,.jpeg,.png,.tif,.tiff,image/jpeg,image/png,image/tiff"
          hidden
          data-testid="photo-file"
          onChange={(e) => void onFile(e)}
        />
        {action.kind === 'busy' && <span className="muted">{t('export.photo.busy')}</span>}
        {action.kind === 'done' && (
          <span className="ok" role="status">
            {action.text}
          </span>
        )}
        {action.kind === 'failed' && (
          <span className="error" role="alert">
            {action.text}
          </span>
        )}
      </div>
    </div>
  );
}
