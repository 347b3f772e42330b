// The right-hand side of the issue screen: tabs for the open article and the page thumbnails of the
// whole issue, and the button that opens the export dialog. The article editor comes in as children.

import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SectionOutline } from '../../shared/model';
import { navigate, useRoute } from '../app/route';
import { ExportDialog } from '../export/ExportDialog';
import { FlatplanView } from '../flatplan/FlatplanView';
import { IssuePagesView } from './IssuePagesView';
import { ProofPanel } from '../proof/ProofPanel';
import { FrozenBanner } from '../proof/FrozenBanner';
import { ActivityView } from '../activity/ActivityView';
import './pages.css';

export interface IssueWorkspaceProps {
  issueId: number;
  sections: SectionOutline[];
  /** The outline after a change made here (an article moved in the flatplan). */
  onSections?: (sections: SectionOutline[]) => void;
  /** The article pane (editor or its placeholder). */
  children: ReactNode;
}

export function IssueWorkspace({ issueId, sections, onSections, children }: IssueWorkspaceProps) {
  const { t } = useTranslation();
  const route = useRoute();
  const [exporting, setExporting] = useState(false);
  const showPages = route.view === 'issue' && route.pages === true;
  const showFlatplan = route.view === 'issue' && route.flatplan === true;
  const showProof = route.view === 'issue' && route.proof === true;
  const showActivity = route.view === 'issue' && route.activity === true;
  const pickedPage = route.view === 'issue' ? (route.page ?? null) : null;
  // The Article tab returns to the article last open, not to an empty editor.
  const lastArticle = useRef<number | null>(null);
  if (route.view === 'issue' && route.articleId !== null) lastArticle.current = route.articleId;

  const openArticle = (articleId: number) => navigate({ view: 'issue', issueId, articleId });
  const openPage = (page: string) => navigate({ view: 'issue', issueId, articleId: null, pages: true, page });

  return (
    <div className="issue-workspace">
      <FrozenBanner issueId={issueId} refreshKey={window.location.hash} />
      <div className="issue-tabs" role="tablist" aria-label={t('pages.tabs')}>
        <button
          type="button"
          role="tab"
          aria-selected={!showPages && !showFlatplan && !showProof && !showActivity}
          onClick={() => navigate({ view: 'issue', issueId, articleId: lastArticle.current })}
        >
          {t('pages.articleTab')}
        </button>
        <button type="button" role="tab" aria-selected={showPages} onClick={() => navigate({ view: 'issue', issueId, articleId: null, pages: true })}>
          {t('pages.pagesTab')}
        </button>
        <button type="button" role="tab" aria-selected={showFlatplan} onClick={() => navigate({ view: 'issue', issueId, articleId: null, flatplan: true })}>
          {t('plan.flatplanTab')}
        </button>
        <button type="button" role="tab" aria-selected={showProof} onClick={() => navigate({ view: 'issue', issueId, articleId: null, proof: true })}>
          {t('proof.tab')}
        </button>
        <button type="button" role="tab" aria-selected={showActivity} onClick={() => navigate({ view: 'issue', issueId, articleId: null, activity: true })}>
          {t('activity.tab')}
        </button>
        <span className="spacer" />
        <button type="button" className="cover-open" onClick={() => navigate({ view: 'settings', issueId, section: 'cover' })}>
          {t('settings.openCover')}
        </button>
        <button type="button" className="colophon-open" onClick={() => navigate({ view: 'settings', issueId, section: 'colophon' })}>
          {t('settings.openColophon')}
        </button>
        <button type="button" className="export-open" onClick={() => setExporting(true)}>
          {t('export.open')}
        </button>
      </div>
      {showActivity ? (
        <ActivityView issueId={issueId} />
      ) : showProof ? (
        <ProofPanel issueId={issueId} sections={sections} />
      ) : showFlatplan ? (
        <FlatplanView issueId={issueId} sections={sections} onSections={(s) => onSections?.(s)} onOpenArticle={openArticle} />
      ) : showPages ? (
        <IssuePagesView issueId={issueId} sections={sections} selectedPage={pickedPage} onOpenArticle={openArticle} onPickPage={openPage} />
      ) : (
        children
      )}
      {exporting && (
        <ExportDialog issueId={issueId} sections={sections} onClose={() => setExporting(false)} onOpenArticle={openArticle} onOpenPage={openPage} />
      )}
    </div>
  );
}
