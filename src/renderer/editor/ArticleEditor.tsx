// The open article: title lines, subtitle, byline and author info above the body editor. Every edit
// goes to the SaveController, which writes it after a pause, on blur, on leaving the article or the page.
// Two people, one article: opening it enters the article's presence (the soft lock for editing), renewed
// every 30 s and left on closing; someone else's lock opens it read-only with a take-over offer; a save
// refused as a conflict keeps the person's text and offers the server's version or a copy.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaveResult } from '../../shared/api';
import type { ArticlePresence } from '../../shared/auth';
import type { QikanError } from '../../shared/errors';
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
import { ArticleLayoutOptions } from './ArticleLayoutOptions';
import { BodyEditor } from './BodyEditor';
import { ConflictPanel, type ServerVersion } from './ConflictPanel';
import type { ArticleText } from './conflict-diff';
import { PresenceLine, ReadOnlyBar, type EditAccess } from './PresenceBar';
import { SaveController, type ConflictReason, type SaveState } from './save-controller';
import { SaveIndicator } from './SaveIndicator';
import { StatusBar } from '../status/StatusBar';
import type { Correction } from '../../shared/proof';
import { CorrectionsPanel } from '../proof/CorrectionsPanel';
import { useMe, useRoles } from '../auth/session';
import { correctionIdsAt, decorateMarks, loadBodyAsOneStep, revealMark } from '../proof/proof-editor';
import { proofModeForced } from '../auth/can';
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

/** How often an open article renews its presence (the server lets it lapse after 90 s). */
export const PRESENCE_RENEW_MS = 30_000;

function textOf(a: Article): ArticleText {
  return { titleLines: a.titleLines, subtitle: a.subtitle, byline: a.byline, authorInfo: a.authorInfo, body: a.body, endMark: a.endMark };
}

/** The text after a written patch. */
function withPatch(text: ArticleText, patch: ArticlePatch): ArticleText {
  const next = { ...text };
  if (patch.titleLines !== undefined) next.titleLines = patch.titleLines;
  if (patch.subtitle !== undefined) next.subtitle = patch.subtitle;
  if (patch.byline !== undefined) next.byline = patch.byline;
  if (patch.authorInfo !== undefined) next.authorInfo = patch.authorInfo;
  if (patch.body !== undefined) next.body = patch.body;
  if (patch.endMark !== undefined) next.endMark = patch.endMark;
  return next;
}

interface Conflict {
  reason: ConflictReason;
  lockedBy: string | null;
  server: ServerVersion;
}

// Saves still being written for articles just left; reopening one waits for its save, so it never
// loads the version from before the last edit.
const leavingSaves = new Map<number, Promise<void>>();

// Conflicts left unresolved when the article was closed: reopening it shows the person's text and the
// conflict again instead of the server's version (nothing typed is lost by switching articles).
interface HeldConflict {
  mine: ArticleText;
  base: ArticleText;
  revision: number;
  error: QikanError;
  reason: ConflictReason;
}
const heldConflicts = new Map<number, HeldConflict>();

/** Tests start with no conflict held from an earlier one. */
export function forgetHeldConflictsForTests(): void {
  heldConflicts.clear();
}

type Load = { kind: 'loading' } | { kind: 'ready'; article: Article } | { kind: 'failed'; error: unknown };

export function ArticleEditor({
  articleId,
  onSaved,
  onCopied,
}: {
  articleId: number;
  onSaved: (id: number, result: SaveResult, titleLines: string[]) => void;
  /** A copy was saved after a conflict (the person's version as a new article): open it. */
  onCopied?: (id: number) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0); // bumps on a reload after a conflict
  const [fields, setFields] = useState<Fields>({ title: '', subtitle: '', byline: '', authorInfo: '' });
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved' });
  // Presence: how the article is open here, who else has it, and this person's account.
  const [access, setAccess] = useState<EditAccess>({ kind: 'edit' });
  const [presence, setPresence] = useState<ArticlePresence | null>(null);
  // Who this is, to mark "（您）" in the presence line.
  const me = useMe()?.accountId ?? null;
  const granted = useRef<'edit' | 'read'>('edit');
  const takenBy = useRef<string | null>(null);
  // A refused save: the text at the revision it was based on, and what the server holds now.
  const base = useRef<ArticleText | null>(null);
  const mineRef = useRef<ArticleText | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const conflictRef = useRef<Conflict | null>(null);
  conflictRef.current = conflict;
  const [copyBusy, setCopyBusy] = useState(false);
  const [copyFailure, setCopyFailure] = useState<string | null>(null);
  const [copiedId, setCopiedId] = useState<number | null>(null);
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
  const roles = useRoles();
  const [proofSwitch, setProofSwitch] = useState(false);
  const proofForced = proofModeForced(roles);
  const proofMode = proofSwitch || proofForced;
  const proofForcedRef = useRef(proofForced);
  proofForcedRef.current = proofForced;
  const [corrections, setCorrections] = useState<Correction[]>([]);
  const [selectedCorrection, setSelectedCorrection] = useState<number | null>(null);
  const [showChanges, setShowChanges] = useState(false);
  const changedRanges = useChangedRanges(showChanges ? articleId : null, revision);

  useEffect(() => {
    let cancelled = false;
    let created: SaveController | null = null;
    setLoad({ kind: 'loading' });
    // A proofreader only reads the text (corrections are proposed): they never take the lock.
    const wanted: 'edit' | 'read' = proofForcedRef.current ? 'read' : 'edit';
    (leavingSaves.get(articleId) ?? Promise.resolve())
      .then(async () => {
        // Presence first, so the text read after it is the one the lock covers. A failure here does not
        // keep the article closed: the server still checks the lock on every save.
        const entered = await getApi()
          .enterArticle({ articleId, mode: wanted })
          .catch(() => null);
        const article = await getApi().getArticle({ articleId });
        return { entered, article };
      })
      .then(({ entered, article: stored }) => {
        if (cancelled) return;
        const held = heldConflicts.get(articleId);
        heldConflicts.delete(articleId);
        // A held conflict reopens with the person's text in the editor, over the stored article.
        const article: Article = held ? { ...stored, ...held.mine } : stored;
        granted.current = entered ? entered.granted : wanted;
        setPresence(entered);
        if (wanted === 'edit' && granted.current === 'read') {
          const holder = entered?.editor?.displayName ?? null;
          setAccess(holder === null ? { kind: 'read', why: 'role', holder: null } : { kind: 'read', why: takenBy.current !== null ? 'taken' : 'locked', holder });
        } else {
          setAccess({ kind: 'edit' });
        }
        takenBy.current = null;
        titleLines.current = article.titleLines;
        base.current = held ? held.base : textOf(article);
        setConflict(null);
        setCopyFailure(null);
        const openConflict = (error: QikanError, reason: ConflictReason) => {
          // The text stays in the editor; fetch what the server holds to show what changed there.
          if (reason === 'locked') granted.current = 'read';
          const lockedBy = typeof error.details.name === 'string' ? error.details.name : null;
          setConflict({ reason, lockedBy, server: { kind: 'loading' } });
          getApi()
            .getArticle({ articleId })
            .then(
              (current) => setConflict((c) => (c ? { ...c, server: { kind: 'ready', article: current } } : c)),
              (failure: unknown) => setConflict((c) => (c ? { ...c, server: { kind: 'failed', error: failure } } : c)),
            );
        };
        created = new SaveController({
          articleId,
          revision: held ? held.revision : article.revision,
          save: (request) => getApi().updateArticle(request),
          onState: setSaveState,
          onSaved: (result, request) => {
            if (base.current) base.current = withPatch(base.current, request.patch);
            setCharCount(result.charCount);
            setRevision(result.revision);
            onSavedRef.current(articleId, result, titleLines.current);
          },
          onConflict: openConflict,
        });
        controller.current = created;
        setFields(fieldsOf(article));
        setEndMark(article.endMark);
        setPhotoError(null);
        setDraft(held ? { ...held.mine } : {});
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
        if (held) {
          created.hold({ ...held.mine }, held.error, held.reason);
          openConflict(held.error, held.reason);
        }
        setLoad({ kind: 'ready', article });
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoad({ kind: 'failed', error });
      });
    return () => {
      cancelled = true;
      const leaving = created;
      if (controller.current === leaving) controller.current = null;
      // Closing it with a conflict unresolved keeps the person's text for when it is opened again.
      const state = leaving?.currentState;
      if (leaving && state?.kind === 'conflict' && leaving.hasUnsavedChanges && mineRef.current && base.current) {
        heldConflicts.set(articleId, { mine: mineRef.current, base: base.current, revision: leaving.currentRevision, error: state.error, reason: state.reason });
      }
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

  // Closing the article leaves its presence (after the last save, which needs the lock). Declared after
  // the loading effect, so on unmount it runs after that effect's cleanup has started the save.
  useEffect(
    () => () => {
      const left = (leavingSaves.get(articleId) ?? Promise.resolve())
        .then(() => getApi().leaveArticle({ articleId }))
        .then(
          () => undefined,
          () => undefined, // the lock lapses on the server by itself
        )
        .finally(() => {
          if (leavingSaves.get(articleId) === left) leavingSaves.delete(articleId);
        });
      leavingSaves.set(articleId, left);
    },
    [articleId],
  );

  // Leaving the page: write what is pending (best effort; the request usually completes), then leave the
  // article's presence. Text a conflict holds back asks the browser to confirm leaving.
  useEffect(() => {
    const flush = () => void controller.current?.flush();
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      flush();
      if (conflictRef.current && controller.current?.hasUnsavedChanges) {
        e.preventDefault();
        e.returnValue = '';
      }
    };
    const onPageHide = () =>
      void (controller.current?.flush() ?? Promise.resolve())
        .then(() => getApi().leaveArticle({ articleId }))
        .catch(() => undefined);
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('pagehide', onPageHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('pagehide', onPageHide);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [articleId]);

  // Renewing the presence while the article is open. An editor told 'read' lost the lock to someone who
  // took it over: unwritten edits go to the server (which refuses them as 'locked', opening the conflict
  // panel with the text kept); with nothing unwritten the article reopens read-only.
  const opened = load.kind === 'ready';
  useEffect(() => {
    if (!opened) return;
    let stopped = false;
    const renew = () => {
      const mode = granted.current;
      getApi()
        .enterArticle({ articleId, mode })
        .then((answer) => {
          if (stopped) return;
          setPresence(answer);
          const holder = answer.editor?.displayName ?? null;
          if (mode === 'edit' && answer.granted === 'read') {
            granted.current = 'read';
            if (conflictRef.current) return;
            const c = controller.current;
            if (c?.hasUnsavedChanges) void c.flush();
            else {
              takenBy.current = holder ?? '';
              setGeneration((g) => g + 1);
            }
          } else if (mode === 'read') {
            setAccess((a) => (a.kind === 'read' && a.why !== 'role' ? { ...a, holder } : a));
          }
        })
        .catch(() => undefined); // a missed renewal is retried; the server keeps the seat for 90 s
    };
    const timer = setInterval(renew, PRESENCE_RENEW_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [opened, articleId, generation]);

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
    setDraft((d) => ({ ...d, ...patch }));
    controller.current?.change(patch);
  }, []);
  const reloadArticle = useCallback(() => setGeneration((g) => g + 1), []);

  // Taking the lock over (the reason goes to the record), then reopening the text for editing.
  const takeOver = useCallback(
    async (reason: string): Promise<string | null> => {
      try {
        const answer = await getApi().enterArticle({ articleId, mode: 'edit', takeOverReason: reason });
        if (answer.granted !== 'edit') return t('presence.noEditRole');
        granted.current = 'edit';
        setGeneration((g) => g + 1);
        return null;
      } catch (error) {
        return errorText(error);
      }
    },
    [articleId, t, errorText],
  );
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

  // The person's version as it is in the editor now (what a copy saves).
  const mineOf = (a: Article): ArticleText => ({
    titleLines: titleLinesOf(fields.title),
    subtitle: orNull(fields.subtitle),
    byline: orNull(fields.byline),
    authorInfo: orNull(fields.authorInfo),
    body: draft.body ?? a.body,
    endMark,
  });

  mineRef.current = load.kind === 'ready' ? mineOf(load.article) : null;

  // After a conflict: the person drops their unwritten text (they confirmed) and the server's version loads.
  const reloadServerVersion = () => {
    controller.current?.discard();
    setConflict(null);
    reloadArticle();
  };

  // After a conflict: the person's version becomes a new article in the same section, right after this one.
  const saveAsCopy = async (a: Article) => {
    const mine = mineOf(a);
    const shown = mine.titleLines.filter((l) => l.trim() !== '').join(' ');
    setCopyBusy(true);
    setCopyFailure(null);
    try {
      const api = getApi();
      const title = (shown ? t('conflict.copyTitle', { title: shown }) : t('conflict.copyUntitled')).slice(0, 200);
      const copy = await api.createArticle({ sectionId: a.sectionId, title, index: a.position + 1 });
      const note = t('conflict.copyNote', { at: new Date().toLocaleString(), id: a.id, title: shown || t('outline.untitled') });
      // The copy keeps the person's title lines, its last line marked as the copy (so the outline tells
      // the two apart); writing `mine` as it is would put the original's title back on the copy.
      const last = mine.titleLines.reduce((found, l, i) => (l.trim() !== '' ? i : found), -1);
      const copyTitleLines =
        last < 0 ? [t('conflict.copyUntitled')] : mine.titleLines.map((l, i) => (i === last ? t('conflict.copyTitle', { title: l }).slice(0, 500) : l));
      await api.updateArticle({
        articleId: copy.id,
        baseRevision: copy.revision,
        patch: { ...mine, titleLines: copyTitleLines, notes: [a.notes, note].filter((n) => n.trim() !== '').join('\n') },
      });
      // The text is safe in the copy: only now is it dropped here.
      controller.current?.discard();
      setConflict(null);
      setCopiedId(copy.id);
      if (onCopied) onCopied(copy.id);
      else reloadArticle();
    } catch (error) {
      setCopyFailure(t('conflict.copyFailed', { reason: errorText(error) }));
    } finally {
      setCopyBusy(false);
    }
  };

  if (load.kind === 'loading') return <p className="muted placeholder">{t('editor.loading')}</p>;
  if (load.kind === 'failed')
    return (
      <p className="error" role="alert">
        {t('editor.loadFailed', { reason: errorText(load.error) })}
      </p>
    );

  const article = load.article;
  const readOnly = proofMode || access.kind === 'read';
  return (
    <div className="article-workspace">
      <article className={proofMode ? 'article-editor proof-mode' : 'article-editor'} data-article-id={article.id} data-proof-mode={proofMode} ref={articleRef} onKeyDown={onKeyDown}>
        <StatusBar
          save={<SaveIndicator state={saveState} onRetry={() => void controller.current?.retry()} />}
          articleChars={liveChars}
          issueChars={issueOthers === null ? null : issueOthers + liveChars}
          revision={revision}
          sectionLabel={article.sectionLabel}
          editor={bodyEditor}
        />
        <PresenceLine presence={presence} me={me} />
        {access.kind === 'read' && <ReadOnlyBar key={`read-only-${generation}`} access={access} onTakeOver={takeOver} onStartEditing={reloadArticle} />}
        {conflict && base.current && (
          <ConflictPanel
            reason={conflict.reason}
            lockedBy={conflict.lockedBy}
            base={base.current}
            mine={mineOf(article)}
            server={conflict.server}
            busy={copyBusy}
            failure={copyFailure}
            onReload={reloadServerVersion}
            onSaveCopy={() => void saveAsCopy(article)}
          />
        )}
        {copiedId !== null && !conflict && (
          <p className="muted" role="status" data-testid="copy-saved">
            {t('conflict.copied', { id: copiedId })}
          </p>
        )}
        <div className="proof-switches">
          <label>
            <input
              type="checkbox"
              data-testid="proof-mode"
              checked={proofMode}
              disabled={proofModeForced(roles)}
              onChange={(e) => setProofSwitch(e.target.checked)}
            />
            <span>{t('proof.mode')}</span>
          </label>
          <label>
            <input type="checkbox" data-testid="show-changes" checked={showChanges} onChange={(e) => setShowChanges(e.target.checked)} />
            <span>{t('proof.diff.showOnPages')}</span>
          </label>
        </div>
        <fieldset className="article-fields" disabled={readOnly}>
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
          <ArticleLayoutOptions key={`${article.id}:${generation}`} article={article} onChange={change} onBlur={flush} />
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
          readOnly={readOnly}
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
