// The whole issue as page thumbnails, in spreads as it will be printed: 封一 alone, then verso + recto
// pairs. Each page shows its label (封一, 01, 02…), its kind and the article and 栏目 it carries; a click
// opens the article. The engine's problem counts for the whole issue head the view. The pages are laid
// out again whenever the outline changes (moves, renames, saved edits).

import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssuePages, LayoutReportSummary, QikanApi } from '../../shared/api';
import type { DisplayPage } from '../../shared/display-list';
import type { SectionOutline } from '../../shared/model';
import { useErrorText } from '../i18n/messages';
import { GlyphDefs, useIssueLayout } from './issue-layout-load';
import { articleIndex, articlesOnPage, pageKindName, pageLabel, pageName, pickedPageIndex, spreads, type ArticleInfo } from './page-facts';
import { ThumbnailPage } from './ThumbnailPage';
import './pages.css';

/** CSS pixels per point: a 210 mm page becomes about 130 px wide. */
const THUMB_SCALE = 0.22;

const fetchIssuePages = (api: QikanApi, issueId: number): Promise<IssuePages> => api.getIssuePages({ issueId, detail: 'lines' });
const pagesOfIssue = (issue: IssuePages): DisplayPage[] => issue.pages;

export interface IssuePagesViewProps {
  issueId: number;
  sections: SectionOutline[];
  /** Label of the page to pick out (from the address), or null. */
  selectedPage: string | null;
  onOpenArticle: (articleId: number) => void;
  onPickPage: (label: string) => void;
}

export function reportProblems(t: (key: string, opts?: Record<string, unknown>) => string, report: LayoutReportSummary): string[] {
  const chars = [...new Set(report.missingGlyphs.map((m) => m.char))].join('');
  return [
    report.oversetBlocks > 0 && t('pages.problems.overset', { count: report.oversetBlocks }),
    report.missingGlyphs.length > 0 && t('pages.problems.missingGlyphs', { count: report.missingGlyphs.length, chars }),
    report.prohibitedBreaks > 0 && t('pages.problems.prohibitedBreaks', { count: report.prohibitedBreaks }),
    report.overStretchedLines > 0 && t('pages.problems.overStretched', { count: report.overStretchedLines }),
    report.singleCharacterLastLines > 0 && t('pages.problems.singleCharacter', { count: report.singleCharacterLastLines }),
  ].filter((p): p is string => typeof p === 'string');
}

export function IssuePagesView({ issueId, sections, selectedPage, onOpenArticle, onPickPage }: IssuePagesViewProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { load, refresh, glyphs, photos, glyphsVersion, defs } = useIssueLayout(issueId, sections, fetchIssuePages, pagesOfIssue);

  const articles = useMemo(() => articleIndex(sections), [sections]);
  const ready = load.kind === 'ready' ? load.data : null;

  const selectedRef = useRef<HTMLElement | null>(null);
  useEffect(() => {
    selectedRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedPage, ready]);

  if (load.kind === 'loading') return <section className="issue-pages muted" data-testid="issue-pages" data-state="loading">{t('pages.loading')}</section>;
  if (load.kind === 'failed')
    return (
      <section className="issue-pages" data-testid="issue-pages" data-state="failed">
        <p className="error" role="alert">
          {t('pages.failed', { reason: errorText(load.error) })}
        </p>
        <button type="button" onClick={() => void refresh()}>
          {t('pages.refresh')}
        </button>
      </section>
    );

  const { pages, report } = load.data;
  const problems = reportProblems(t, report);
  const picked = pickedPageIndex(pages, t, selectedPage);
  const articleCount = new Set(load.data.starts.map((s) => s.articleId)).size;

  function describe(page: DisplayPage): { label: string; carried: ArticleInfo[] } {
    return { label: pageLabel(t, page), carried: articlesOnPage(page).flatMap((id) => articles.get(id) ?? []) };
  }

  return (
    <section className="issue-pages" data-testid="issue-pages" data-state={load.refreshing ? 'refreshing' : 'ready'} aria-label={t('pages.title')}>
      <div className="ip-head">
        <span className="ip-summary" data-testid="pages-summary">
          {t('pages.summary', { pages: pages.length, articles: articleCount })}
        </span>
        <span className="ip-problems" data-testid="pages-problems">
          {problems.length === 0 ? (
            <span className="ok">{t('pages.noProblems')}</span>
          ) : (
            problems.map((p) => (
              <span key={p} className="ip-problem">
                {p}
              </span>
            ))
          )}
        </span>
        <button type="button" onClick={() => void refresh()} disabled={load.refreshing}>
          {load.refreshing ? t('pages.refreshing') : t('pages.refresh')}
        </button>
      </div>
      <GlyphDefs defs={defs} />
      <div className="ip-spreads">
        {spreads(pages).map((spread) => (
          <div className="ip-spread" key={spread[0]?.index} data-testid="spread">
            {spread.map((page) => {
              const { label, carried } = describe(page);
              const first = carried[0];
              const selected = picked === page.index;
              return (
                <figure
                  key={page.index}
                  className={selected ? 'ip-page selected' : 'ip-page'}
                  data-testid="page-thumb"
                  data-label={label}
                  data-kind={page.kind}
                  ref={selected ? (el) => void (selectedRef.current = el) : undefined}
                >
                  <button
                    type="button"
                    className="ip-thumb"
                    onClick={() => (first ? onOpenArticle(first.id) : onPickPage(label))}
                    title={first ? t('pages.openArticle', { title: first.title }) : label}
                  >
                    <ThumbnailPage page={page} scale={THUMB_SCALE} glyphs={glyphs} photos={photos} glyphsVersion={glyphsVersion} label={pageName(t, label)} />
                  </button>
                  <figcaption>
                    <span className="ip-label">{label}</span>
                    <span className="ip-kind">{pageKindName(t, page.kind)}</span>
                    {first && <span className="ip-section">{first.sectionName}</span>}
                    {carried.map((a) => (
                      <span key={a.id} className="ip-article" title={a.title}>
                        {a.title || t('outline.untitled')}
                      </span>
                    ))}
                  </figcaption>
                </figure>
              );
            })}
          </div>
        ))}
      </div>
    </section>
  );
}
