// Who has which article of the issue open, for the outline's badges: asked every 15 s while the page is
// visible, at once when it becomes visible again, and shortly after the open article changes (so the
// person's own seat shows). A failed poll keeps the last answer; presence is a hint, the lock is on the server.

import { useEffect, useState } from 'react';
import type { ArticlePresence } from '../../shared/auth';
import { getApi } from '../api/client';

export const PRESENCE_POLL_MS = 15_000;
/** After opening an article, its editor enters the presence first; then the outline asks. */
const AFTER_OPEN_MS = 1_500;

export function useIssuePresence(issueId: number, openArticleId: number | null): Map<number, ArticlePresence> {
  const [byArticle, setByArticle] = useState<Map<number, ArticlePresence>>(new Map());
  useEffect(() => {
    let stopped = false;
    const visible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';
    const poll = () => {
      if (!visible()) return;
      getApi()
        .getPresence({ issueId })
        .then(
          (list) => {
            if (!stopped) setByArticle(new Map(list.map((p) => [p.articleId, p])));
          },
          () => undefined,
        );
    };
    poll();
    const soon = setTimeout(poll, AFTER_OPEN_MS);
    const timer = setInterval(poll, PRESENCE_POLL_MS);
    const onVisibility = () => visible() && poll();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      clearTimeout(soon);
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [issueId, openArticleId]);
  return byArticle;
}
