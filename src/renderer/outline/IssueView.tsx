// One issue: the outline on the left; on the right the open article or the page thumbnails, with the export dialog.

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaveResult } from '../../shared/api';
import type { IssueOutline, SectionOutline } from '../../shared/model';
import { getApi } from '../api/client';
import { issueLabel } from '../app/issue-label';
import { navigate } from '../app/route';
import { ArticleEditor } from '../editor/ArticleEditor';
import { useErrorText } from '../i18n/messages';
import { IssueWorkspace } from '../pages/IssueWorkspace';
import { OutlinePanel } from './OutlinePanel';

type Load = { kind: 'loading' } | { kind: 'ready'; outline: IssueOutline } | { kind: 'failed'; error: unknown };

export function IssueView({ issueId, articleId, onContext }: { issueId: number; articleId: number | null; onContext: (label: string | null) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  const reload = useCallback(async (): Promise<SectionOutline[] | null> => {
    try {
      const outline = await getApi().getIssueOutline({ issueId });
      setLoad({ kind: 'ready', outline });
      return outline.sections;
    } catch (error) {
      setLoad({ kind: 'failed', error });
      return null;
    }
  }, [issueId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const label = load.kind === 'ready' ? issueLabel(t, load.outline.issue) : null;
  useEffect(() => {
    onContext(label);
  }, [label, onContext]);

  const setSections = useCallback((sections: SectionOutline[]) => {
    setLoad((l) => (l.kind === 'ready' ? { kind: 'ready', outline: { ...l.outline, sections } } : l));
  }, []);

  // The outline shows each article's title and count; the editor reports them as it saves.
  const onArticleSaved = useCallback((id: number, result: SaveResult, titleLines: string[]) => {
    setLoad((l) => {
      if (l.kind !== 'ready') return l;
      const sections = l.outline.sections.map((s) => ({
        ...s,
        articles: s.articles.map((a) => (a.id === id ? { ...a, charCount: result.charCount, revision: result.revision, titleLines } : a)),
      }));
      return { kind: 'ready', outline: { ...l.outline, sections } };
    });
  }, []);

  const openArticle = useCallback((id: number | null) => navigate({ view: 'issue', issueId, articleId: id }), [issueId]);
  // A copy saved after an editing conflict: the outline learns of it, then it opens.
  const openCopy = useCallback(
    (id: number) => {
      void reload().then(() => openArticle(id));
    },
    [reload, openArticle],
  );

  if (load.kind === 'loading') return <main className="issue-view muted">{t('outline.loading')}</main>;
  if (load.kind === 'failed')
    return (
      <main className="issue-view">
        <p className="error" role="alert">
          {t('outline.loadFailed', { reason: errorText(load.error) })}
        </p>
        <button type="button" onClick={() => navigate({ view: 'library' })}>
          {t('outline.back')}
        </button>
      </main>
    );

  const known = articleId !== null && load.outline.sections.some((s) => s.articles.some((a) => a.id === articleId));
  return (
    <main className="issue-view">
      <OutlinePanel
        issueId={issueId}
        sections={load.outline.sections}
        selectedArticleId={articleId}
        onSections={setSections}
        onReload={reload}
        onOpenArticle={openArticle}
      />
      <IssueWorkspace issueId={issueId} sections={load.outline.sections} onSections={setSections}>
        <section className="editor-pane">
          {known && articleId !== null ? (
            <ArticleEditor key={articleId} articleId={articleId} onSaved={onArticleSaved} onCopied={openCopy} />
          ) : (
            <p className="muted placeholder">{t('editor.noArticle')}</p>
          )}
        </section>
      </IssueWorkspace>
    </main>
  );
}
