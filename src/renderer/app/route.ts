// Where the user is, kept in location.hash so a reload (or the back button) returns to the same place:
// #/ (library), #/issue/3, #/issue/3/article/17, #/issue/3/pages (the page thumbnails), #/issue/3/pages/05
// (the thumbnails with page 05 picked out), #/issue/3/flatplan (the 台版), #/issue/3/proof (校对),
// #/issue/3/activity (the issue's 操作记录).

import { useEffect, useState } from 'react';

export type Route =
  | { view: 'library' }
  /** 出版物设置 (#/settings/info), or from an issue with its 版权页 (#/settings/issue/3/colophon). */
  | { view: 'settings'; issueId: number | null; section: string | null }
  | {
      view: 'issue';
      issueId: number;
      articleId: number | null;
      /** The page-thumbnail view instead of the article editor. */
      pages?: boolean;
      /** The page label ("封一", "05") to pick out in the thumbnail view. */
      page?: string | null;
      /** The flatplan (台版) instead of the article editor. */
      flatplan?: boolean;
      /** The proofreading panel (校对) instead of the article editor. */
      proof?: boolean;
      /** The issue's record (操作记录) instead of the article editor. */
      activity?: boolean;
    };

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // a malformed escape: show the view without picking out a page
  }
}

export function parseRoute(hash: string): Route {
  const settings = /^#\/settings(?:\/issue\/(\d+))?(?:\/(\w+))?\/?$/.exec(hash);
  if (settings) return { view: 'settings', issueId: settings[1] ? Number(settings[1]) : null, section: settings[2] ?? null };
  const m = /^#\/issue\/(\d+)(?:\/article\/(\d+)|\/(pages)(?:\/([^/]+))?|\/(flatplan)|\/(proof)|\/(activity))?\/?$/.exec(hash);
  if (!m) return { view: 'library' };
  if (m[7]) return { view: 'issue', issueId: Number(m[1]), articleId: null, activity: true };
  if (m[6]) return { view: 'issue', issueId: Number(m[1]), articleId: null, proof: true };
  if (m[5]) return { view: 'issue', issueId: Number(m[1]), articleId: null, flatplan: true };
  if (m[3]) return { view: 'issue', issueId: Number(m[1]), articleId: null, pages: true, page: m[4] ? decodeSegment(m[4]) : null };
  return { view: 'issue', issueId: Number(m[1]), articleId: m[2] ? Number(m[2]) : null };
}

export function routeHash(route: Route): string {
  if (route.view === 'library') return '#/';
  if (route.view === 'settings') return `#/settings${route.issueId !== null ? `/issue/${route.issueId}` : ''}${route.section ? `/${route.section}` : ''}`;
  if (route.activity) return `#/issue/${route.issueId}/activity`;
  if (route.proof) return `#/issue/${route.issueId}/proof`;
  if (route.flatplan) return `#/issue/${route.issueId}/flatplan`;
  if (route.pages) return `#/issue/${route.issueId}/pages${route.page ? `/${encodeURIComponent(route.page)}` : ''}`;
  return route.articleId ? `#/issue/${route.issueId}/article/${route.articleId}` : `#/issue/${route.issueId}`;
}

export function navigate(route: Route): void {
  const hash = routeHash(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
