// The open article: title lines, subtitle, byline and author info above the body editor. Every edit
// goes to the SaveController, which writes it after a pause, on blur, on leaving the article or the page.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaveResult } from '../../shared/api';
import type { ArticleDoc } from '../../shared/article-doc';
import type { Article, ArticlePatch } from '../../shared/model';
import { articleCharCount } from '../../shared/text-stats';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';
import type { LexicalEditor } from 'lexical';
import type { LineSource } from '../../shared/display-list';
import { PagePreview } from '../preview/PagePreview';
import { selectLineSource } from '../preview/select-line';
import { onPendingHit, takePendingHit } from '../search/pending-hit';
import { BodyEditor } from './BodyEditor';
import { SaveController, type SaveState } from './save-controller';
import { SaveIndicator } from './SaveIndicator';
import { StatusBar } from '../status/StatusBar';
import type { Correction } from '../../shared/proof';
import { CorrectionsPanel } from '../proof/CorrectionsPanel';
import { usePerson } from '../proof/person';
import { correctionIdsAt, decorateMarks, loadBodyAsOneStep, revealMark } from '../proof/proof-editor';
import { proofModeForced } from '../proof/roles';
import { useChangedRanges } from '../proof/DiffView';
import './editor.css';

const MAX_TITLE_LINES = 6;

interface Fields {
  title: string;
  subtitle: string;
  byline: string;
  authorInfo: string;
}

function fieldsOf(a: Article): Fields {
  return { title: a.titleLines.join('\n'), subtitle: a.subtitle ?? '', byline: a.byline ?? '', authorInfo: a.authorInfo ?? '' };
}

export function titleLinesOf(text: string): string[] {
  return text.split('\n').slice(0, MAX_TITLE_LINES);
}

const orNull = (s: string) => (s.trim() === '' ? null : s);

// Saves still being written for articles just left; reopening one waits for its save, so it never
// loads the version from before the last edit.
const leavingSaves = new Map<number, Promise<void>>();

type Load = { kind: 'loading' } | { kind: 'ready'; article: Article } | { kind: 'failed'; error: unknown };

export function ArticleEditor({ articleId, onSaved }: { articleId: number; onSaved: (id: number, result: SaveResult, titleLines: string[]) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0); // bumps on a reload after a conflict
  const [fields, setFields] = useState<Fields>({ title: '', subtitle: '', byline: '', authorInfo: '' });
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved' });
  const [conflicted, setConflicted] = useState(false);
  const [charCount, setCharCount] = useState(0);
  const [revision, setRevision] = useState(0);
  const controller = useRef<SaveController | null>(null);
  const titleLines = useRef<string[]>([]);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;
  // Unsaved edits since the article was opened: the page preview lays them out before the autosave.
  const [draft, setDraft] = useState<ArticlePatch>({});
  const [bodyEditor, setBodyEditor] = useState<LexicalEditor | null>(null);
  const articleRef = useRef<HTMLElement>(null);
  // The issue's 字数 without this article (from the outline), so the status bar adds the live count.
  const [issueOthers, setIssueOthers] = useState<number | null>(null);
  const [endMark, setEndMark] = useState(false);
  const [photoError, setPhotoError] = useState<string | null>(null);
  // Proof mode: the text is read-only and corrections are proposed instead (always for a 校对).
  const person = usePerson();
  const [proofSwitch, setProofSwitch] = useState(false);
  const proofMode = proofSwitch || (person !== null && proofModeForced(person.role));
  const [corrections, setCorrections] = useState<Correction[]>([]);
  const [selectedCorrection, setSelectedCorrection] = useState<number | null>(null);
  const [showChanges, setShowChanges] = useState(false);
  const changedRanges = useChangedRanges(showChanges ? articleId : null, revision);

  useEffect(() => {
    let cancelled = false;
    let created: SaveController | null = null;
    setLoad({ kind: 'loading' });
    (leavingSaves.get(articleId) ?? Promise.resolve())
      .then(() => getApi().getArticle({ articleId }))
      .then((article) => {
        if (cancelled) return;
        titleLines.current = article.titleLines;
        created = new SaveController({
          articleId,
          revision: article.revision,
          save: (request) => getApi().updateArticle(request),
          onState: setSaveState,
          onSaved: (result) => {
            setCharCount(result.charCount);
            setRevision(result.revision);
            onSavedRef.current(articleId, result, titleLines.current);
          },
          onConflict: () => {
            setConflicted(true);
            setGeneration((g) => g + 1);
          },
        });
        controller.current = created;
        setFields(fieldsOf(article));
        setEndMark(article.endMark);
        setPhotoError(null);
        setDraft({});
        getApi()
          .getIssueOutline({ issueId: article.issueId })
          .then((outline) => {
            if (cancelled) return;
            const others = outline.sections.flatMap((s) => s.articles).filter((a) => a.id !== articleId);
            setIssueOthers(others.reduce((n, a) => n + a.charCount, 0));
          })
          .catch(() => {
            // The issue total is a convenience; the article's own count stands without it.
            if (!cancelled) setIssueOthers(null);
          });
        setCharCount(articleCharCount(article));
        setRevision(article.revision);
        setSaveState({ kind: 'saved' });
        setLoad({ kind: 'ready', article });
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoad({ kind: 'failed', error });
      });
    return () => {
      cancelled = true;
      const leaving = created;
      if (controller.current === leaving) controller.current = null;
      // Leaving the article (or reloading it) writes what is pending first.
      if (leaving) {
        const written = leaving.flush().finally(() => {
          leaving.dispose();
          if (leavingSaves.get(articleId) === written) leavingSaves.delete(articleId);
        });
        leavingSaves.set(articleId, written);
      }
    };
  }, [articleId, generation]);

  // Leaving the page: write what is pending (best effort; the request usually completes).
  useEffect(() => {
    const flush = () => void controller.current?.flush();
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('beforeunload', flush);
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('beforeunload', flush);
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);

  // A search hit waiting for this article (src/renderer/search) is selected once the text is here.
  const loaded = load.kind === 'ready';
  useEffect(() => {
    if (!loaded || !bodyEditor) return;
    const apply = () => {
      const hit = takePendingHit(articleId);
      if (hit) selectLineSource(bodyEditor, articleRef.current, hit);
    };
    apply();
    return onPendingHit(apply);
  }, [loaded, bodyEditor, articleId]);

  const change = useCallback((patch: ArticlePatch) => {
    setConflicted(false);
    setDraft((d) => ({ ...d, ...patch }));
    controller.current?.change(patch);
  }, []);
  const reloadArticle = useCallback(() => setGeneration((g) => g + 1), []);
  const onAccepted = useCallback(
    async (acceptedRevision: number) => {
      const article = await getApi().getArticle({ articleId });
      const c = controller.current;
      if (!bodyEditor || !c || c.hasUnsavedChanges) {
        reloadArticle();
        return;
      }
      c.adoptRevision(article.revision);
      setRevision(Math.max(acceptedRevision, article.revision));
      loadBodyAsOneStep(bodyEditor, article.body);
    },
    [articleId, bodyEditor, reloadArticle],
  );
  const byMarkId = useMemo(() => new Map(corrections.filter((c) => c.articleId === articleId).map((c) => [c.markId, c])), [corrections, articleId]);
  // Marks take their correction's status as a class, after every render of the text too.
  useEffect(() => {
    if (!bodyEditor) return;
    decorateMarks(bodyEditor, byMarkId, selectedCorrection);
    return bodyEditor.registerUpdateListener(() => decorateMarks(bodyEditor, byMarkId, selectedCorrection));
  }, [bodyEditor, byMarkId, selectedCorrection]);
  // A click on marked text opens its card.
  useEffect(() => {
    const root = bodyEditor?.getRootElement();
    if (!bodyEditor || !root) return;
    const onClick = (e: MouseEvent) => {
      if (!(e.target instanceof Node)) return;
      const ids = correctionIdsAt(bodyEditor, e.target).filter((id) => byMarkId.size === 0 || [...byMarkId.values()].some((c) => c.id === id));
      if (ids.length > 0) setSelectedCorrection(ids[0]!);
    };
    root.addEventListener('click', onClick);
    return () => root.removeEventListener('click', onClick);
  }, [bodyEditor, byMarkId]);
  const onPreviewCorrection = useCallback(
    (id: number) => {
      setSelectedCorrection(id);
      if (bodyEditor) revealMark(bodyEditor, id);
    },
    [bodyEditor],
  );
  const onPreviewLineClick = useCallback((source: LineSource) => void selectLineSource(bodyEditor, articleRef.current, source), [bodyEditor]);
  const flush = useCallback(() => void controller.current?.flush(), []);
  const onBodyChange = useCallback((body: ArticleDoc) => change({ body }), [change]);
  const ready = load.kind === 'ready' ? load.article : null;
  // 字数 as typed: the fields and the body as they are in the editor now, not as last saved.
  const liveChars = useMemo(
    () =>
      ready
        ? articleCharCount({
            titleLines: titleLinesOf(fields.title),
            subtitle: orNull(fields.subtitle),
            byline: orNull(fields.byline),
            authorInfo: orNull(fields.authorInfo),
            body: draft.body ?? ready.body,
          })
        : charCount,
    [ready, fields, draft.body, charCount],
  );
  // Ctrl/Cmd+S writes now, wherever the caret is in the article.
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        flush();
      }
    },
    [flush],
  );

  function setField(name: keyof Fields, value: string) {
    setFields((f) => ({ ...f, [name]: value }));
    if (name === 'title') {
      const lines = titleLinesOf(value);
      titleLines.current = lines;
      change({ titleLines: lines });
    } else {
      change({ [name]: orNull(value) });
    }
  }

  if (load.kind === 'loading') return <p className="muted placeholder">{t('editor.loading')}</p>;
  if (load.kind === 'failed')
    return (
      <p className="error" role="alert">
        {t('editor.loadFailed', { reason: errorText(load.error) })}
      </p>
    );

  const article = load.article;
  return (
    <div className="article-workspace">
      <article className={proofMode ? 'article-editor proof-mode' : 'article-editor'} data-article-id={article.id} data-proof-mode={proofMode} ref={articleRef} onKeyDown={onKeyDown}>
        <StatusBar
          save={<SaveIndicator state={saveState} conflicted={conflicted} onRetry={() => void controller.current?.retry()} />}
          articleChars={liveChars}
          issueChars={issueOthers === null ? null : issueOthers + liveChars}
          revision={revision}
          sectionLabel={article.sectionLabel}
          editor={bodyEditor}
        />
        <div className="proof-switches">
          <label>
            <input
              type="checkbox"
              data-testid="proof-mode"
              checked={proofMode}
              disabled={person !== null && proofModeForced(person.role)}
              onChange={(e) => setProofSwitch(e.target.checked)}
            />
            <span>{t('proof.mode')}</span>
          </label>
          <label>
            <input type="checkbox" data-testid="show-changes" checked={showChanges} onChange={(e) => setShowChanges(e.target.checked)} />
            <span>{t('proof.diff.showOnPages')}</span>
          </label>
        </div>
        <fieldset className="article-fields" disabled={proofMode}>
          <label className="field field-title">
            <span>{t('editor.titleLines')}</span>
            <textarea
              rows={Math.min(MAX_TITLE_LINES, Math.max(1, fields.title.split('\n').length))}
              data-part="title"
              value={fields.title}
              maxLength={MAX_TITLE_LINES * 500}
              onChange={(e) => setField('title', e.target.value)}
              onBlur={flush}
            />
          </label>
          <label className="field">
            <span>{t('editor.subtitle')}</span>
            <input data-part="subtitle" value={fields.subtitle} maxLength={500} onChange={(e) => setField('subtitle', e.target.value)} onBlur={flush} />
          </label>
          <label className="field">
            <span>{t('editor.byline')}</span>
            <input data-part="byline" value={fields.byline} maxLength={500} onChange={(e) => setField('byline', e.target.value)} onBlur={flush} />
          </label>
          <label className="field">
            <span>{t('editor.authorInfo')}</span>
            <textarea data-part="authorInfo" rows={2} value={fields.authorInfo} maxLength={2000} onChange={(e) => setField('authorInfo', e.target.value)} onBlur={flush} />
          </label>
          <label className="field field-endmark">
            <input
              type="checkbox"
              data-part="endMark"
              checked={endMark}
              onChange={(e) => {
                setEndMark(e.target.checked);
                change({ endMark: e.target.checked });
              }}
              onBlur={flush}
            />
            <span>{t('editDesk.endMark')}</span>
          </label>
        </fieldset>
        {photoError && (
          <p className="error" role="alert" data-testid="photo-error">
            {photoError}
          </p>
        )}
        <BodyEditor
          key={generation}
          body={article.body}
          photoTarget={{ issueId: article.issueId, articleId: article.id }}
          onChange={onBodyChange}
          onBlur={flush}
          onEditor={setBodyEditor}
          onError={setPhotoError}
          readOnly={proofMode}
        />
      </article>
      <CorrectionsPanel
        issueId={article.issueId}
        articleId={article.id}
        editor={bodyEditor}
        proofMode={proofMode}
        revision={() => controller.current?.currentRevision ?? revision}
        flush={() => controller.current?.flush() ?? Promise.resolve()}
        onReload={reloadArticle}
        onAccepted={onAccepted}
        hasUnsavedChanges={() => controller.current?.hasUnsavedChanges ?? false}
        selectedId={selectedCorrection}
        onSelect={setSelectedCorrection}
        onCorrections={setCorrections}
      />
      <PagePreview
        articleId={article.id}
        draft={draft}
        editor={bodyEditor}
        onLineClick={onPreviewLineClick}
        corrections={corrections}
        onCorrectionClick={onPreviewCorrection}
        changedRanges={changedRanges}
      />
    </div>
  );
}
