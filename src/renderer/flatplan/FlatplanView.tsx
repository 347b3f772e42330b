// The flatplan (台版): every page as a thumbnail, in reading spreads grouped by 16-page press form
// (印张), each page naming its article, 栏目 and status; beside it every article with its page budget,
// the pages it takes and its copyfit state. Drag a page or an article chip onto another article to
// put it before that one (or onto a section's end); the issue is laid out again and the contents'
// page numbers follow. The plan is fetched again whenever the outline changes, which includes every
// saved edit, so the copyfit badges follow the text.

import { useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssuePages, QikanApi } from '../../shared/api';
import type { DisplayPage } from '../../shared/display-list';
import type { ArticleFit, Flatplan, FlatplanPage } from '../../shared/desk';
import type { SectionOutline } from '../../shared/model';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';
import { GlyphDefs, useIssueLayout } from '../pages/issue-layout-load';
import { pageKindName } from '../pages/page-facts';
import { ThumbnailPage } from '../pages/ThumbnailPage';
import { formsOf, moveTargetOf } from './flatplan-facts';
import './flatplan.css';

const THUMB_SCALE = 0.16;
const DRAG_TYPE = 'application/x-qikan-article';

interface PlanAndPages {
  plan: Flatplan;
  pages: IssuePages;
}
const fetchPlanAndPages = async (api: QikanApi, issueId: number): Promise<PlanAndPages> => {
  const [plan, pages] = await Promise.all([api.getFlatplan({ issueId }), api.getIssuePages({ issueId, detail: 'lines' })]);
  return { plan, pages };
};
const pagesOfPlan = (data: PlanAndPages): DisplayPage[] => data.pages.pages;

export interface FlatplanViewProps {
  issueId: number;
  sections: SectionOutline[];
  onSections: (sections: SectionOutline[]) => void;
  onOpenArticle: (articleId: number) => void;
}

export function copyfitText(t: (key: string, opts?: Record<string, unknown>) => string, fit: Pick<ArticleFit, 'copyfit'>): string {
  return t(`plan.copyfit.${fit.copyfit.state}`, { count: fit.copyfit.lines });
}

export function FlatplanView({ issueId, sections, onSections, onOpenArticle }: FlatplanViewProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { load, refresh, glyphs, photos, glyphsVersion, defs } = useIssueLayout(issueId, sections, fetchPlanAndPages, pagesOfPlan);
  const [moveError, setMoveError] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  const ready = load.kind === 'ready' ? load.data : null;
  const fits = useMemo(() => new Map((ready?.plan.articles ?? []).map((a) => [a.articleId, a])), [ready]);

  async function move(articleId: number, drop: { beforeArticleId: number | null; sectionId: number }) {
    const target = moveTargetOf(sections, articleId, drop);
    if (!target) return;
    setMoving(true);
    setMoveError(null);
    try {
      onSections(await getApi().moveArticle({ articleId, ...target }));
    } catch (error) {
      setMoveError(t('plan.moveFailed', { reason: errorText(error) }));
    } finally {
      setMoving(false);
    }
  }

  /** A page budget typed on an article chip; empty clears it. The saved revision re-lays the plan. */
  async function setBudget(articleId: number, revision: number, text: string) {
    const value = text.trim() === '' ? null : Number(text);
    const current = sections.flatMap((s) => s.articles).find((a) => a.id === articleId);
    if (!current || value === current.pageBudget || (value !== null && (!Number.isInteger(value) || value < 1 || value > 999))) return;
    setMoveError(null);
    try {
      const saved = await getApi().updateArticle({ articleId, baseRevision: revision, patch: { pageBudget: value } });
      onSections(sections.map((s) => ({ ...s, articles: s.articles.map((a) => (a.id === articleId ? { ...a, pageBudget: value, revision: saved.revision } : a)) })));
    } catch (error) {
      setMoveError(t('plan.budgetFailed', { reason: errorText(error) }));
    }
  }

  const dragProps = (articleId: number) => ({
    draggable: true,
    onDragStart: (e: DragEvent) => {
      e.dataTransfer.setData(DRAG_TYPE, String(articleId));
      e.dataTransfer.setData('text/plain', String(articleId));
      e.dataTransfer.effectAllowed = 'move';
    },
  });
  const dropProps = (key: string, drop: { beforeArticleId: number | null; sectionId: number }) => ({
    onDragOver: (e: DragEvent) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (dropTarget !== key) setDropTarget(key);
    },
    onDragLeave: () => setDropTarget((k) => (k === key ? null : k)),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      setDropTarget(null);
      const id = Number(e.dataTransfer.getData(DRAG_TYPE) || e.dataTransfer.getData('text/plain'));
      if (Number.isInteger(id) && id > 0) void move(id, drop);
    },
  });

  if (load.kind === 'loading') return <section className="flatplan muted" data-testid="flatplan" data-state="loading">{t('plan.loading')}</section>;
  if (load.kind === 'failed')
    return (
      <section className="flatplan" data-testid="flatplan" data-state="failed">
        <p className="error" role="alert">
          {t('plan.failedLoad', { reason: errorText(load.error) })}
        </p>
        <button type="button" onClick={() => void refresh()}>
          {t('plan.refresh')}
        </button>
      </section>
    );

  const { plan, pages } = load.data;
  const titleOf = (fit: ArticleFit | undefined) => (fit && fit.title.trim() !== '' ? fit.title : t('plan.untitled'));

  const firstPageOf = new Map<number, number>();
  for (const p of plan.pages) if (p.articleId !== null && !firstPageOf.has(p.articleId)) firstPageOf.set(p.articleId, p.index);

  function pageCard(page: FlatplanPage) {
    const fit = page.articleId !== null ? fits.get(page.articleId) : undefined;
    const display = pages.pages[page.index];
    const isStart = page.articleId !== null && firstPageOf.get(page.articleId) === page.index;
    const key = `page-${page.index}`;
    const section = fit ? sections.find((s) => s.id === fit.sectionId) : undefined;
    return (
      <figure
        key={page.index}
        className={`fp-page fp-kind-${page.kind}${dropTarget === key ? ' drop' : ''}${fit ? ` fp-${fit.copyfit.state}` : ''}`}
        data-testid="flatplan-page"
        data-label={page.label}
        data-article-id={page.articleId ?? undefined}
        {...(fit ? dragProps(fit.articleId) : {})}
        {...(fit && section ? dropProps(key, { beforeArticleId: fit.articleId, sectionId: section.id }) : {})}
      >
        <button type="button" className="fp-thumb" onClick={() => fit && onOpenArticle(fit.articleId)} disabled={!fit} title={fit ? t('plan.openArticle', { title: titleOf(fit) }) : page.label}>
          {display && <ThumbnailPage page={display} scale={THUMB_SCALE} glyphs={glyphs} photos={photos} glyphsVersion={glyphsVersion} label={page.label} />}
        </button>
        <figcaption>
          <span className="fp-label">{page.label}</span>
          {fit ? (
            <>
              <span className="fp-section">{page.sectionName}</span>
              <span className="fp-title" title={titleOf(fit)}>
                {titleOf(fit)}
              </span>
              <span className={`fp-status fp-status-${fit.status}`}>{t(`plan.status.${fit.status}`, { defaultValue: fit.status })}</span>
              {isStart && fit.copyfit.state !== 'no-budget' && <span className={`fp-fit fp-fit-${fit.copyfit.state}`}>{copyfitText(t, fit)}</span>}
            </>
          ) : (
            <span className="fp-kind">{pageKindName(t, page.kind)}</span>
          )}
        </figcaption>
      </figure>
    );
  }

  const forms = formsOf(plan);
  return (
    <section className="flatplan" data-testid="flatplan" data-state={load.refreshing || moving ? 'refreshing' : 'ready'} aria-label={t('plan.flatplanTitle')}>
      <div className="fp-head">
        <span data-testid="flatplan-summary">{t('plan.summary', { pages: plan.pages.length, forms: plan.forms.length, articles: plan.articles.length })}</span>
        <span className="muted">{moving ? t('plan.moving') : t('plan.dragHint')}</span>
        <button type="button" onClick={() => void refresh()} disabled={load.refreshing}>
          {t('plan.refresh')}
        </button>
      </div>
      {moveError && (
        <p className="error" role="alert">
          {moveError}
        </p>
      )}
      <GlyphDefs defs={defs} />
      <div className="fp-body">
        <div className="fp-forms">
          {forms.map((form) => (
            <section key={form.index} className="fp-form" data-testid="flatplan-form">
              <h3>{t('plan.form', { number: form.index + 1, first: form.first, last: form.last })}</h3>
              <div className="fp-spreads">
                {form.spreads.map((spread) => (
                  <div key={spread[0]!.index} className="fp-spread">
                    {spread.map(pageCard)}
                  </div>
                ))}
              </div>
            </section>
          ))}
        </div>
        <aside className="fp-articles" aria-label={t('plan.articlesHeading')}>
          <h3>{t('plan.articlesHeading')}</h3>
          {sections.map((section) => (
            <div key={section.id} className="fp-section-group">
              <h4>{section.name}</h4>
              <ol>
                {section.articles.map((a) => {
                  const fit = fits.get(a.id);
                  const key = `chip-${a.id}`;
                  return (
                    <li
                      key={a.id}
                      className={`fp-chip${dropTarget === key ? ' drop' : ''}`}
                      data-testid="flatplan-chip"
                      data-article-id={a.id}
                      data-copyfit={fit?.copyfit.state}
                      data-copyfit-lines={fit?.copyfit.lines}
                      {...dragProps(a.id)}
                      {...dropProps(key, { beforeArticleId: a.id, sectionId: section.id })}
                    >
                      <button type="button" className="link fp-chip-title" onClick={() => onOpenArticle(a.id)}>
                        {a.titleLines.filter((l) => l.trim() !== '').join(' ') || t('plan.untitled')}
                      </button>
                      {fit && (
                        <span className="fp-chip-facts">
                          <label className="fp-budget">
                            <span>{t('plan.budgetLabel')}</span>
                            <input
                              type="number"
                              min={1}
                              max={999}
                              data-testid="budget-input"
                              aria-label={t('plan.budgetLabel')}
                              defaultValue={fit.pageBudget ?? ''}
                              key={`${a.id}@${a.revision}`}
                              onBlur={(e) => void setBudget(a.id, a.revision, e.target.value)}
                              onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
                            />
                          </label>
                          <span>{t('plan.taken', { pages: fit.pagesTaken })}</span>
                          <span className={`fp-fit fp-fit-${fit.copyfit.state}`} data-testid="copyfit">
                            {copyfitText(t, fit)}
                          </span>
                        </span>
                      )}
                    </li>
                  );
                })}
                <li className={`fp-chip-end${dropTarget === `end-${section.id}` ? ' drop' : ''}`} {...dropProps(`end-${section.id}`, { beforeArticleId: null, sectionId: section.id })}>
                  {t('plan.dropEnd', { section: section.name })}
                </li>
              </ol>
            </div>
          ))}
        </aside>
      </div>
    </section>
  );
}
