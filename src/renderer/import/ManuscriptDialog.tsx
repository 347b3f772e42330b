// The manuscript import dialog: the file is read into a preview (nothing is saved yet) showing the
// title, byline, every block with its kind, the joined lines (each can be undone), images and warnings.
// Import saves it as a new article in the section, or, for an existing article, replaces its body after
// the dialog has named that article. When the section has empty slots (carried over into a new issue),
// the dialog offers them, the first by default: a filled slot takes the manuscript's title in place.

import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { DocBlock } from '../../shared/article-doc';
import { isEmptySlot } from '../../shared/article-slots';
import type { ManuscriptPreview } from '../../shared/desk';
import type { ArticleSummary } from '../../shared/model';
import { QikanError } from '../../shared/errors';
import { getApi } from '../api/client';
import { useRoute } from '../app/route';
import { useErrorText } from '../i18n/messages';
import { piecesOf, refusalText } from './manuscript-file';
import './import.css';

export interface ManuscriptDialogProps {
  file: File;
  sectionId: number;
  sectionName: string;
  /** Replace this article's body instead of adding a new article. */
  article?: ArticleSummary;
  onClose: () => void;
  onImported: (articleId: number) => void;
}

type State =
  | { kind: 'reading' }
  | { kind: 'preview'; preview: ManuscriptPreview; data: string }
  | { kind: 'saving'; preview: ManuscriptPreview; data: string }
  | { kind: 'failed'; message: string; preview: ManuscriptPreview | null; data: string | null };

/** Where the manuscript goes: a new article, or one of the section's empty slots. */
type Target = { kind: 'new' } | { kind: 'slot'; slot: ArticleSummary };

/** The section's empty slots, in order, read afresh from the open issue (none outside an issue). */
function useEmptySlots(sectionId: number, skip: boolean): ArticleSummary[] {
  const route = useRoute();
  const issueId = route.view === 'issue' ? route.issueId : null;
  const [slots, setSlots] = useState<ArticleSummary[]>([]);
  useEffect(() => {
    if (skip || issueId === null) return;
    let live = true;
    getApi()
      .getIssueOutline({ issueId })
      .then((outline) => {
        const section = outline.sections.find((s) => s.id === sectionId);
        if (live && section) setSlots(section.articles.filter(isEmptySlot));
      })
      // Without the outline the dialog still imports as a new article.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [issueId, sectionId, skip]);
  return slots;
}

function blockKindKey(block: DocBlock): string {
  if (block.type === 'heading') return `manuscript.kinds.heading${block.level}`;
  return `manuscript.kinds.${block.type}`;
}

export function ManuscriptDialog({ file, sectionId, sectionName, article, onClose, onImported }: ManuscriptDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<State>({ kind: 'reading' });
  const [rejected, setRejected] = useState<Set<number>>(new Set());
  const describe = (error: unknown) => refusalText(t, error) ?? errorText(error);
  const slots = useEmptySlots(sectionId, article !== undefined);
  const [chosen, setChosen] = useState<Target | null>(null);
  const target: Target = chosen ?? (slots[0] ? { kind: 'slot', slot: slots[0] } : { kind: 'new' });
  const fillsSlot = article ? isEmptySlot(article) : target.kind === 'slot';

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open && typeof el.showModal === 'function') el.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    void (async () => {
      let data: string;
      try {
        // Uploaded once: the preview reads it, the commit saves the same file.
        data = (await getApi().uploadFile('manuscript', file)).uploadId;
      } catch (error) {
        const unreadable = error instanceof QikanError && error.details.reason === 'file_unreadable';
        if (live) setState({ kind: 'failed', message: unreadable ? t('manuscript.cannotRead', { file: file.name }) : describe(error), preview: null, data: null });
        return;
      }
      try {
        const preview = await getApi().readManuscript({ upload: data });
        if (live) setState({ kind: 'preview', preview, data });
      } catch (error) {
        if (live) setState({ kind: 'failed', message: describe(error), preview: null, data: null });
      }
    })();
    return () => {
      live = false;
    };
    // The dialog reads its one file once.
  }, [file]);

  async function commit(preview: ManuscriptPreview, data: string) {
    setState({ kind: 'saving', preview, data });
    try {
      const saved = await getApi().commitManuscript({
        sectionId,
        upload: data,
        rejectedJoins: [...rejected].sort((a, b) => a - b),
        ...(article
          ? { articleId: article.id, baseRevision: article.revision }
          : target.kind === 'slot'
            ? { articleId: target.slot.id, baseRevision: target.slot.revision }
            : {}),
      });
      onImported(saved.id);
      onClose();
    } catch (error) {
      setState({ kind: 'failed', message: describe(error), preview, data });
    }
  }

  const toggleJoin = (index: number) =>
    setRejected((r) => {
      const next = new Set(r);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });

  const preview = state.kind === 'reading' ? null : state.preview;
  const data = state.kind === 'reading' ? null : state.data;
  const articleTitle = article ? article.titleLines.join(' ') : '';

  // Rendered outside the outline row so clicks and keys in the dialog do not reach the row's handlers.
  return createPortal(
    <dialog ref={dialog} className="manuscript-dialog" aria-labelledby="manuscript-title" data-testid="manuscript-dialog" onClose={onClose}>
      <h2 id="manuscript-title">{article ? t('manuscript.replaceTitle', { title: articleTitle }) : t('manuscript.title', { section: sectionName })}</h2>
      <p className="muted manuscript-file">
        {file.name}
        {preview && ` · ${t(`manuscript.formats.${preview.format}`)}`}
        {preview?.encoding && ` · ${t('manuscript.encoding', { encoding: preview.encoding })}`}
      </p>
      {state.kind === 'reading' && (
        <p role="status" className="muted">
          {t('manuscript.reading', { file: file.name })}
        </p>
      )}
      {state.kind === 'failed' && (
        <p role="alert" className="error" data-testid="manuscript-error">
          {state.message}
        </p>
      )}
      {preview && (
        <div className="manuscript-preview" data-testid="manuscript-preview">
          <dl className="manuscript-head">
            <dt>{t('manuscript.fields.title')}</dt>
            <dd data-testid="manuscript-preview-title">{preview.titleLines.join(' / ')}</dd>
            {preview.subtitle && (
              <>
                <dt>{t('manuscript.fields.subtitle')}</dt>
                <dd>{preview.subtitle}</dd>
              </>
            )}
            <dt>{t('manuscript.fields.byline')}</dt>
            <dd>{preview.byline ?? <span className="muted">{t('manuscript.none')}</span>}</dd>
          </dl>
          {!article && slots.length > 0 && (
            <fieldset className="manuscript-target" data-testid="manuscript-target">
              <legend>{t('manuscript.target')}</legend>
              {slots.map((slot, i) => (
                <label key={slot.id}>
                  <input
                    type="radio"
                    name="manuscript-target"
                    data-testid="manuscript-target-slot"
                    checked={target.kind === 'slot' && target.slot.id === slot.id}
                    onChange={() => setChosen({ kind: 'slot', slot })}
                  />
                  {slot.pageBudget === null
                    ? t('manuscript.fillSlot', { title: slot.titleLines.join(' '), number: i + 1 })
                    : t('manuscript.fillSlotPages', { title: slot.titleLines.join(' '), number: i + 1, count: slot.pageBudget })}
                </label>
              ))}
              <label>
                <input type="radio" name="manuscript-target" data-testid="manuscript-target-new" checked={target.kind === 'new'} onChange={() => setChosen({ kind: 'new' })} />
                {t('manuscript.newArticle')}
              </label>
            </fieldset>
          )}
          <p className="muted">
            {t('manuscript.summary', { blocks: preview.blocks.length, joins: preview.joins.length, images: preview.images.length })}
          </p>
          {preview.joins.length > 0 && <p className="manuscript-hint">{t('manuscript.joinsHint')}</p>}
          {preview.warnings.length > 0 && (
            <ul className="manuscript-warnings">
              {preview.warnings.map((w, i) => (
                <li key={i}>{t(`manuscript.warnings.${w.code}`, { ...w.params, defaultValue: w.code })}</li>
              ))}
            </ul>
          )}
          <ol className="manuscript-blocks">
            {preview.blocks.map((block, i) => (
              <li key={i} className={`manuscript-block kind-${block.type}`}>
                <span className="block-kind">{t(blockKindKey(block))}</span>
                <span className="block-text">
                  {piecesOf(preview, i).map((piece, k) => (
                    <span key={k}>
                      {piece.text}
                      {piece.joinAfter !== null && (
                        <button
                          type="button"
                          className={`join-toggle${rejected.has(piece.joinAfter) ? ' undone' : ''}`}
                          aria-pressed={!rejected.has(piece.joinAfter)}
                          title={rejected.has(piece.joinAfter) ? t('manuscript.joinUndone') : t('manuscript.joinMade')}
                          data-testid="join-toggle"
                          onClick={() => toggleJoin(piece.joinAfter!)}
                        >
                          {rejected.has(piece.joinAfter) ? '↵' : '⇢'}
                        </button>
                      )}
                      {piece.joinAfter !== null && rejected.has(piece.joinAfter) && <br />}
                    </span>
                  ))}
                  {block.type === 'caption' && <span className="muted"> {t('manuscript.needsCredit')}</span>}
                </span>
              </li>
            ))}
          </ol>
          {preview.images.length > 0 && (
            <ul className="manuscript-images">
              {preview.images.map((image, i) => (
                <li key={i}>{t('manuscript.image', { name: image.name, width: image.widthPx ?? '?', height: image.heightPx ?? '?' })}</li>
              ))}
            </ul>
          )}
          {article && (
            <p className="manuscript-confirm" role="note">
              {fillsSlot ? t('manuscript.fillSlotConfirm', { title: articleTitle }) : t('manuscript.replaceConfirm', { title: articleTitle, chars: article.charCount })}
            </p>
          )}
        </div>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose} disabled={state.kind === 'saving'}>
          {t('manuscript.cancel')}
        </button>
        {preview && data && (
          <button
            type="button"
            className={article && !fillsSlot ? 'danger' : 'primary'}
            data-testid="manuscript-commit"
            disabled={state.kind === 'saving'}
            onClick={() => void commit(preview, data)}
          >
            {state.kind === 'saving' ? t('manuscript.saving') : fillsSlot ? t('manuscript.fill') : article ? t('manuscript.replace') : t('manuscript.import')}
          </button>
        )}
      </div>
    </dialog>,
    document.body,
  );
}
