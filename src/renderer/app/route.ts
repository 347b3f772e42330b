// Where the user is, kept in location.hash so a reload (or the back button) returns to the same place:
// #/ (library), #/issue/3, #/issue/3/article/17.

import { useEffect, useState } from 'react';

export type Route = { view: 'library' } | { view: 'issue'; issueId: number; articleId: number | null };

export function parseRoute(hash: string): Route {
  const m = /^#\/issue\/(\d+)(?:\/article\/(\d+))?\/?$/.exec(hash);
  if (!m) return { view: 'library' };
  return { view: 'issue', issueId: Number(m[1]), articleId: m[2] ? Number(m[2]) : null };
}

export function routeHash(route: Route): string {
  if (route.view === 'library') return '#/';
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
