// The library: every issue with its status and article count; open one; start a new issue (新建一期);
// import an issue from JSON.

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssueSummary } from '../../shared/model';
import { getApi } from '../api/client';
import { useCan } from '../auth/can';
import { issueLabel } from '../app/issue-label';
import { navigate } from '../app/route';
import { useErrorText } from '../i18n/messages';
import { ImportIssueButton } from './ImportIssueButton';
import { NewIssueDialog } from './NewIssueDialog';
import { latestIssue } from './new-issue-proposal';

type Load = { kind: 'loading' } | { kind: 'ready'; issues: IssueSummary[] } | { kind: 'failed'; error: unknown };

export function LibraryView() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [creating, setCreating] = useState(false);
  const mayCreate = useCan('createIssue');

  const refresh = useCallback(async () => {
    try {
      setLoad({ kind: 'ready', issues: await getApi().listIssues({}) });
    } catch (error) {
      setLoad({ kind: 'failed', error });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <main className="library">
      <div className="library-head">
        <h1>{t('library.title')}</h1>
        <div className="library-actions">
          <button type="button" className="primary" data-testid="new-issue" disabled={load.kind !== 'ready' || !mayCreate.allowed} title={mayCreate.reason ?? undefined} onClick={() => setCreating(true)}>
            {t('plan.newIssue')}
          </button>
          <ImportIssueButton onImported={refresh} onFailed={refresh} />
        </div>
      </div>
      {creating && load.kind === 'ready' && (
        <NewIssueDialog
          latest={latestIssue(load.issues)}
          onClose={() => setCreating(false)}
          onCreated={(issue) => {
            setCreating(false);
            navigate({ view: 'issue', issueId: issue.id, articleId: null, flatplan: true });
          }}
        />
      )}
      {load.kind === 'loading' && <p className="muted">{t('library.loading')}</p>}
      {load.kind === 'failed' && (
        <p className="error" role="alert">
          {t('library.loadFailed', { reason: errorText(load.error) })}
        </p>
      )}
      {load.kind === 'ready' && load.issues.length === 0 && <p className="muted">{t('library.empty')}</p>}
      {load.kind === 'ready' && load.issues.length > 0 && (
        <table className="issue-table">
          <thead>
            <tr>
              <th>{t('library.columns.issue')}</th>
              <th>{t('library.columns.status')}</th>
              <th className="num">{t('library.columns.sections')}</th>
              <th className="num">{t('library.columns.articles')}</th>
              <th>{t('library.columns.updated')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {load.issues.map((issue) => (
              <tr key={issue.id} data-issue-id={issue.id} onDoubleClick={() => navigate({ view: 'issue', issueId: issue.id, articleId: null })}>
                <td className="issue-name">{issueLabel(t, issue)}</td>
                <td>
                  <span className={`status status-${issue.status}`}>{t(`issue.status.${issue.status}`)}</span>
                </td>
                <td className="num">{t('issue.sectionCount', { count: issue.sectionCount })}</td>
                <td className="num">{t('issue.articleCount', { count: issue.articleCount })}</td>
                <td className="muted">{formatDate(dateFormat, issue.updatedAt)}</td>
                <td>
                  <button type="button" onClick={() => navigate({ view: 'issue', issueId: issue.id, articleId: null })}>
                    {t('library.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function formatDate(format: Intl.DateTimeFormat, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : format.format(d);
}
