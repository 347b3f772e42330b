// The issue outline: sections (栏目) with their articles in order. Add, rename (inline), delete (with a
// confirmation naming what goes), and reorder by drag and drop or by Alt+↑/↓ on a focused row. Every
// change goes through the API and the outline is redrawn from the answer.

import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticlePresence } from '../../shared/auth';
import type { ArticleSummary, SectionOutline } from '../../shared/model';
import { getApi } from '../api/client';
import { ImportManuscriptButton } from '../import/ImportManuscriptButton';
import { useErrorText } from '../i18n/messages';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import { InlineNameInput } from './InlineNameInput';
import {
  articleDropOnArticle,
  articleDropOnSection,
  articleStep,
  sectionDrop,
  sectionStep,
  type ArticleTarget,
} from './outline-moves';
import { useIssuePresence } from './presence';
import './outline-presence.css';

type RowKey = `s:${number}` | `a:${number}`;
type Dragged = { kind: 'section' | 'article'; id: number };
const DRAG_TYPE = 'application/x-qikan-row';

export interface OutlinePanelProps {
  issueId: number;
  sections: SectionOutline[];
  selectedArticleId: number | null;
  onSections: (sections: SectionOutline[]) => void;
  onReload: () => Promise<SectionOutline[] | null>;
  onOpenArticle: (articleId: number | null) => void;
}

export function articleTitle(a: Pick<ArticleSummary, 'titleLines'>): string {
  return a.titleLines.filter((l) => l.trim() !== '').join(' ');
}

/** Who has an article open: the editor's name (编辑中) and how many read it, names in the tooltip. */
export function PresenceBadges({ presence }: { presence: ArticlePresence | undefined }) {
  const { t } = useTranslation();
  if (!presence || (!presence.editor && presence.readers.length === 0)) return null;
  const names = presence.readers.map((r) => r.displayName).join('、');
  return (
    <span className="presence-badges" data-testid="presence-badges">
      {presence.editor && <span className="presence-badge editing">{t('presence.editing', { name: presence.editor.displayName })}</span>}
      {presence.readers.length > 0 && (
        <span className="presence-badge reading" title={t('presence.readersTitle', { names })} aria-label={t('presence.readersTitle', { names })}>
          {t('presence.readers', { count: presence.readers.length })}
        </span>
      )}
    </span>
  );
}

export function OutlinePanel({ issueId, sections, selectedArticleId, onSections, onReload, onOpenArticle }: OutlinePanelProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [renaming, setRenaming] = useState<number | null>(null);
  const [adding, setAdding] = useState<{ kind: 'section' } | { kind: 'article'; sectionId: number } | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState<RowKey | null>(null);
  const [dropHint, setDropHint] = useState<{ key: RowKey; after: boolean } | null>(null);
  const dragged = useRef<Dragged | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const presence = useIssuePresence(issueId, selectedArticleId);

  // Keep keyboard focus on a row that moved (the list is redrawn from the answer).
  useEffect(() => {
    if (!focusKey) return;
    list.current?.querySelector<HTMLElement>(`[data-row-key="${focusKey}"]`)?.focus();
  }, [focusKey, sections]);

  async function run(action: () => Promise<void>) {
    setActionError(null);
    try {
      await action();
    } catch (error) {
      setActionError(t('outline.actionFailed', { reason: errorText(error) }));
      await onReload(); // show what the library really holds after a failure
    }
  }

  const moveArticle = (articleId: number, target: ArticleTarget | null) =>
    target && run(async () => onSections(await getApi().moveArticle({ articleId, ...target })));
  const moveSection = (sectionId: number, toIndex: number | null) =>
    toIndex !== null && run(async () => onSections(await getApi().moveSection({ sectionId, toIndex })));

  function renameSection(section: SectionOutline, name: string) {
    setRenaming(null);
    void run(async () => {
      const renamed = await getApi().renameSection({ sectionId: section.id, name });
      onSections(sections.map((s) => (s.id === renamed.id ? renamed : s)));
    });
  }

  function addSection(name: string) {
    setAdding(null);
    void run(async () => {
      const created = await getApi().createSection({ issueId, name });
      await onReload();
      setFocusKey(`s:${created.id}`);
    });
  }

  function addArticle(sectionId: number, title: string) {
    setAdding(null);
    void run(async () => {
      const created = await getApi().createArticle({ sectionId, title });
      await onReload();
      onOpenArticle(created.id);
    });
  }

  // A saved manuscript: redraw the outline, then open the article it went into.
  async function openImported(articleId: number) {
    if (articleId === selectedArticleId) {
      // The open editor holds the old body: close it first so it reopens with the imported one.
      onOpenArticle(null);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await onReload();
    onOpenArticle(articleId);
  }

  function askDeleteSection(section: SectionOutline) {
    setConfirm({
      title: t('outline.deleteSectionTitle'),
      body: t('outline.deleteSectionBody', { name: section.name, count: section.articles.length }),
      confirmLabel: t('outline.confirmDelete'),
      onConfirm: () =>
        void run(async () => {
          await getApi().deleteSection({ sectionId: section.id });
          if (section.articles.some((a) => a.id === selectedArticleId)) onOpenArticle(null);
          await onReload();
        }),
    });
  }

  function askDeleteArticle(article: ArticleSummary) {
    setConfirm({
      title: t('outline.deleteArticleTitle'),
      body: t('outline.deleteArticleBody', { title: articleTitle(article) || t('outline.untitled'), chars: article.charCount }),
      confirmLabel: t('outline.confirmDelete'),
      onConfirm: () =>
        void run(async () => {
          await getApi().deleteArticle({ articleId: article.id });
          if (article.id === selectedArticleId) onOpenArticle(null);
          await onReload();
        }),
    });
  }

  function onRowKey(e: KeyboardEvent<HTMLElement>, row: Dragged) {
    if (e.target !== e.currentTarget) return; // keys typed into a button or input inside the row
    const direction = e.key === 'ArrowUp' ? -1 : e.key === 'ArrowDown' ? 1 : 0;
    const key: RowKey = row.kind === 'section' ? `s:${row.id}` : `a:${row.id}`;
    if (direction && e.altKey) {
      e.preventDefault();
      setFocusKey(key);
      if (row.kind === 'article') void moveArticle(row.id, articleStep(sections, row.id, direction));
      else void moveSection(row.id, sectionStep(sections, row.id, direction));
    } else if (direction) {
      e.preventDefault();
      const rows = Array.from(list.current?.querySelectorAll<HTMLElement>('[data-row-key]') ?? []);
      const i = rows.indexOf(e.currentTarget);
      rows[i + direction]?.focus();
    } else if (e.key === 'Enter' && row.kind === 'article') {
      e.preventDefault();
      onOpenArticle(row.id);
    } else if (e.key === 'F2' && row.kind === 'section') {
      e.preventDefault();
      setRenaming(row.id);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      if (row.kind === 'section') {
        const section = sections.find((s) => s.id === row.id);
        if (section) askDeleteSection(section);
      } else {
        const article = sections.flatMap((s) => s.articles).find((a) => a.id === row.id);
        if (article) askDeleteArticle(article);
      }
    }
  }

  // Drag and drop (HTML5). Articles drop on articles (before/after by pointer height) or on a section
  // heading (appended); sections drop on section headings.
  function dragProps(row: Dragged, key: RowKey) {
    const accepts = (d: Dragged | null) => !!d && (row.kind === 'section' || d.kind === 'article');
    return {
      draggable: true,
      onDragStart: (e: DragEvent<HTMLElement>) => {
        dragged.current = row;
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData(DRAG_TYPE, key);
      },
      onDragEnd: () => {
        dragged.current = null;
        setDropHint(null);
      },
      onDragOver: (e: DragEvent<HTMLElement>) => {
        if (!accepts(dragged.current)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        const box = e.currentTarget.getBoundingClientRect();
        const after = e.clientY > box.top + box.height / 2;
        if (dropHint?.key !== key || dropHint.after !== after) setDropHint({ key, after });
      },
      onDragLeave: () => setDropHint((h) => (h?.key === key ? null : h)),
      onDrop: (e: DragEvent<HTMLElement>) => {
        const d = dragged.current;
        if (!accepts(d) || !d) return;
        e.preventDefault();
        e.stopPropagation();
        const box = e.currentTarget.getBoundingClientRect();
        const after = e.clientY > box.top + box.height / 2;
        dragged.current = null;
        setDropHint(null);
        if (d.kind === 'article') {
          setFocusKey(`a:${d.id}`);
          const target =
            row.kind === 'article' ? articleDropOnArticle(sections, d.id, row.id, after) : articleDropOnSection(sections, d.id, row.id);
          void moveArticle(d.id, target);
        } else {
          setFocusKey(`s:${d.id}`);
          void moveSection(d.id, sectionDrop(sections, d.id, row.id, after));
        }
      },
    };
  }

  const hintClass = (key: RowKey) => (dropHint?.key === key ? (dropHint.after ? ' drop-after' : ' drop-before') : '');

  return (
    <aside className="outline" aria-label={t('outline.title')}>
      <div className="outline-head">
        <h2>{t('outline.title')}</h2>
        <button type="button" onClick={() => setAdding({ kind: 'section' })}>
          + {t('outline.addSection')}
        </button>
      </div>
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}
      <div className="outline-list" role="tree" ref={list}>
        {sections.map((section) => {
          const sKey: RowKey = `s:${section.id}`;
          return (
            <div className="outline-section" key={section.id} role="group" data-section-id={section.id}>
              <div
                className={`row section-row${hintClass(sKey)}`}
                role="treeitem"
                aria-level={1}
                tabIndex={0}
                data-row-key={sKey}
                aria-label={t('outline.sectionRow', { name: section.name })}
                onKeyDown={(e) => onRowKey(e, { kind: 'section', id: section.id })}
                onDoubleClick={() => setRenaming(section.id)}
                {...dragProps({ kind: 'section', id: section.id }, sKey)}
                draggable={renaming !== section.id}
              >
                {renaming === section.id ? (
                  <InlineNameInput
                    initial={section.name}
                    label={t('outline.newSectionName')}
                    onCommit={(name) => renameSection(section, name)}
                    onCancel={() => setRenaming(null)}
                  />
                ) : (
                  <span className="section-name">{section.name}</span>
                )}
                <span className="row-actions">
                  <ImportManuscriptButton sectionId={section.id} sectionName={section.name} onImported={(id) => void openImported(id)} />
                  <button type="button" title={t('outline.addArticle')} aria-label={t('outline.addArticle')} onClick={() => setAdding({ kind: 'article', sectionId: section.id })}>
                    +
                  </button>
                  <button type="button" title={t('outline.rename')} aria-label={t('outline.rename')} onClick={() => setRenaming(section.id)}>
                    ✎
                  </button>
                  <button type="button" title={t('outline.delete')} aria-label={t('outline.delete')} onClick={() => askDeleteSection(section)}>
                    ×
                  </button>
                </span>
              </div>
              {section.articles.map((article) => {
                const aKey: RowKey = `a:${article.id}`;
                return (
                  <div
                    key={article.id}
                    className={`row article-row${article.id === selectedArticleId ? ' selected' : ''}${hintClass(aKey)}`}
                    role="treeitem"
                    aria-level={2}
                    aria-selected={article.id === selectedArticleId}
                    tabIndex={0}
                    data-row-key={aKey}
                    data-article-id={article.id}
                    onClick={() => onOpenArticle(article.id)}
                    onKeyDown={(e) => onRowKey(e, { kind: 'article', id: article.id })}
                    {...dragProps({ kind: 'article', id: article.id }, aKey)}
                  >
                    <span className="article-title">{articleTitle(article) || t('outline.untitled')}</span>
                    <PresenceBadges presence={presence.get(article.id)} />
                    <span className="chars">{t('outline.chars', { count: article.charCount })}</span>
                    <span className="row-actions">
                      <ImportManuscriptButton sectionId={section.id} sectionName={section.name} article={article} onImported={(id) => void openImported(id)} />
                      <button
                        type="button"
                        title={t('outline.delete')}
                        aria-label={t('outline.delete')}
                        onClick={(e) => {
                          e.stopPropagation();
                          askDeleteArticle(article);
                        }}
                      >
                        ×
                      </button>
                    </span>
                  </div>
                );
              })}
              {section.articles.length === 0 && <div className="row empty muted">{t('outline.emptySection')}</div>}
              {adding?.kind === 'article' && adding.sectionId === section.id && (
                <div className="row article-row adding">
                  <InlineNameInput initial="" label={t('outline.newArticleTitle')} onCommit={(title) => addArticle(section.id, title)} onCancel={() => setAdding(null)} />
                </div>
              )}
            </div>
          );
        })}
        {adding?.kind === 'section' && (
          <div className="row section-row adding">
            <InlineNameInput initial="" label={t('outline.newSectionName')} onCommit={addSection} onCancel={() => setAdding(null)} />
          </div>
        )}
      </div>
      <p className="hint muted">{t('outline.keyboardHint')}</p>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </aside>
  );
}
