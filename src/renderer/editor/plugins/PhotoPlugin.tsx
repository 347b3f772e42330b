// Photos in the article: an image dropped on the body (or picked with 插入图片) is imported into the
// library (importPhoto) and placed as a photo block (a qk-caption naming the new photo) where it was
// dropped, with empty caption and credit to fill. With the caret in a photo block, the photo panel
// edits its credit (kind and name) and its width (通栏 across the type area or 单栏 in one column);
// a block without a credit carries a warning.

import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import {
  $getNearestNodeFromDOMNode,
  $getNodeByKey,
  $getRoot,
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_HIGH,
  DRAGOVER_COMMAND,
  DROP_COMMAND,
  HISTORY_PUSH_TAG,
  type LexicalEditor,
} from 'lexical';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptionSpan } from '../../../shared/article-doc';
import type { CreditKind, Photo } from '../../../shared/model';
import { getApi } from '../../api/client';
import { useErrorText } from '../../i18n/messages';
import { topBlockOf } from '../block-kinds';
import { $createCaptionNode, $isCaptionNode, CaptionNode, EMPTY_CREDIT_FIELDS, hasCredit, type CreditFields } from '../nodes/block-nodes';
import '../editor.css';

export const CREDIT_KINDS: readonly CreditKind[] = ['摄影', '图', '资料'];

/** Thumbnails of photos placed in this session (object URLs of the files), by photo id. */
const thumbnails = new Map<number, string>();

export function thumbnailOf(photoId: number | null): string | null {
  return photoId ? (thumbnails.get(photoId) ?? null) : null;
}

function isImage(file: File): boolean {
  return file.type.startsWith('image/') || /\.(jpe?g|png|tiff?|webp)$/i.test(file.name);
}

export function imageFilesOf(transfer: DataTransfer | null): File[] {
  return transfer ? [...transfer.files].filter(isImage) : [];
}

/** Imports the files one by one and places a photo block for each after `afterKey` (the end when null). */
export async function importAndPlacePhotos(
  editor: LexicalEditor,
  target: { issueId: number; articleId: number },
  files: readonly File[],
  afterKey: string | null,
): Promise<Photo[]> {
  const placed: Photo[] = [];
  let after = afterKey;
  for (const file of files) {
    const { uploadId } = await getApi().uploadFile('photo', file);
    const photo = await getApi().importPhoto({ issueId: target.issueId, articleId: target.articleId, placement: 'article', upload: uploadId });
    if (typeof URL.createObjectURL === 'function') thumbnails.set(photo.id, URL.createObjectURL(file));
    editor.update(
      () => {
        const caption = $createCaptionNode(EMPTY_CREDIT_FIELDS, photo.id);
        const anchor = after ? $getNodeByKey(after) : null;
        if (anchor) anchor.insertAfter(caption);
        else $getRoot().append(caption);
        caption.select();
        after = caption.getKey();
      },
      { tag: HISTORY_PUSH_TAG },
    );
    placed.push(photo);
  }
  return placed;
}

/** The top-level block holding the caret, to place photos after it. */
export function $caretBlockKey(): string | null {
  const selection = $getSelection();
  return $isRangeSelection(selection) ? (topBlockOf(selection.anchor.getNode())?.getKey() ?? null) : null;
}

interface CaptionAtCaret {
  key: string;
  photoId: number | null;
  credit: CreditFields;
  span: CaptionSpan;
}

export function PhotoPlugin({ issueId, articleId, onError }: { issueId: number; articleId: number; onError: (message: string | null) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [editor] = useLexicalComposerContext();
  const [busy, setBusy] = useState(false);
  const [atCaret, setAtCaret] = useState<CaptionAtCaret | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const place = useCallback(
    (files: File[], afterKey: string | null) => {
      if (files.length === 0) return;
      setBusy(true);
      onError(null);
      importAndPlacePhotos(editor, { issueId, articleId }, files, afterKey)
        .catch((error: unknown) => onError(t('editDesk.photo.importFailed', { reason: errorText(error) })))
        .finally(() => setBusy(false));
    },
    [editor, issueId, articleId, onError, t, errorText],
  );

  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          DRAGOVER_COMMAND,
          (event) => {
            if (!event.dataTransfer?.types.includes('Files')) return false;
            event.preventDefault();
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
        editor.registerCommand(
          DROP_COMMAND,
          (event) => {
            const files = imageFilesOf(event.dataTransfer);
            if (files.length === 0) return false;
            event.preventDefault();
            // The block under the pointer: the photo goes after it.
            const under = event.target instanceof Node ? $getNearestNodeFromDOMNode(event.target) : null;
            const block = under ? topBlockOf(under) : null;
            place(files, block?.getKey() ?? null);
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
        editor.registerUpdateListener(({ editorState }) => {
          const next = editorState.read((): CaptionAtCaret | null => {
            const key = $caretBlockKey();
            const node = key ? $getNodeByKey(key) : null;
            return $isCaptionNode(node) ? { key: node.getKey(), photoId: node.getPhotoId(), credit: node.getCredit(), span: node.getSpan() } : null;
          });
          setAtCaret((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
        }),
        // Every photo block shows its thumbnail (when placed in this session) and a warning while it has no credit.
        editor.registerMutationListener(CaptionNode, (mutations) => {
          editor.getEditorState().read(() => {
            for (const [key, mutation] of mutations) {
              if (mutation === 'destroyed') continue;
              const node = $getNodeByKey(key);
              const dom = editor.getElementByKey(key);
              if (!$isCaptionNode(node) || !dom) continue;
              if (hasCredit(node.getCredit())) dom.removeAttribute('data-warning');
              else dom.setAttribute('data-warning', t('editDesk.photo.noCredit'));
              const thumb = thumbnailOf(node.getPhotoId());
              if (thumb) {
                dom.style.setProperty('--qk-thumb', `url("${thumb}")`);
                dom.classList.add('qk-has-thumb');
              }
            }
          });
        }),
      ),
    [editor, place, t],
  );

  const setCredit = (patch: Partial<CreditFields>) => {
    if (!atCaret) return;
    editor.update(() => {
      const node = $getNodeByKey(atCaret.key);
      // An edited credit is the kind and name given: the imported raw form no longer applies.
      if ($isCaptionNode(node)) node.setCredit({ ...node.getCredit(), creditRaw: null, creditScope: null, ...patch });
    });
  };
  const setSpan = (span: CaptionSpan) => {
    if (!atCaret) return;
    editor.update(
      () => {
        const node = $getNodeByKey(atCaret.key);
        if ($isCaptionNode(node)) node.setSpan(span);
      },
      { tag: HISTORY_PUSH_TAG },
    );
  };

  const thumb = thumbnailOf(atCaret?.photoId ?? null);
  return (
    <>
      <button type="button" onClick={() => fileInput.current?.click()} disabled={busy} data-testid="insert-photo">
        {busy ? t('editDesk.photo.importing') : t('editDesk.photo.insert')}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="image/jpeg,image/png,image/tiff,image/webp"
        multiple
        hidden
        data-testid="photo-file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          place(files, editor.getEditorState().read($caretBlockKey));
        }}
      />
      {atCaret && (
        <div className="photo-panel" data-testid="photo-panel" data-photo-id={atCaret.photoId ?? undefined}>
          {thumb && <img className="photo-thumb" src={thumb} alt={t('editDesk.photo.thumbnail')} />}
          <span className="muted">{atCaret.photoId ? t('editDesk.photo.number', { id: atCaret.photoId }) : t('editDesk.photo.byOrder')}</span>
          <label>
            <span>{t('editDesk.photo.creditKind')}</span>
            <select
              value={atCaret.credit.creditKind ?? ''}
              onChange={(e) => setCredit({ creditKind: e.target.value === '' ? null : e.target.value })}
            >
              <option value="">{t('editDesk.photo.kindNone')}</option>
              {CREDIT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`editDesk.photo.kinds.${kind}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('editDesk.photo.creditName')}</span>
            <input
              value={atCaret.credit.creditName ?? ''}
              maxLength={100}
              onChange={(e) => setCredit({ creditName: e.target.value === '' ? null : e.target.value })}
            />
          </label>
          <span className="photo-span" role="group" aria-label={t('editDesk.photo.span')} data-testid="photo-span">
            {(['column', 'page'] as const).map((span) => (
              <button
                key={span}
                type="button"
                aria-pressed={atCaret.span === span}
                data-span={span}
                onClick={() => setSpan(span)}
              >
                {t(`editDesk.photo.spans.${span}`)}
              </button>
            ))}
          </span>
          {!hasCredit(atCaret.credit) && (
            <span className="warning" role="status">
              {t('editDesk.photo.noCredit')}
            </span>
          )}
        </div>
      )}
    </>
  );
}
