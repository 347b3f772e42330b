// A search hit waiting for its article to open: the search box leaves it here and navigates; the
// article editor takes it once its text is loaded and selects the hit the same way a click on a
// preview line does (a LineSource: body block range, or one of the article's fields).

import type { LineSource } from '../../shared/display-list';
import type { SearchHit } from '../../shared/desk';

type Listener = () => void;

let pending: { articleId: number; source: LineSource } | null = null;
const listeners = new Set<Listener>();

/** The line source that selects a hit in the editor. */
export function hitSource(hit: Pick<SearchHit, 'articleId' | 'field' | 'blockIndex' | 'start' | 'end'>): LineSource {
  if (hit.field === 'body') return { owner: hit.articleId, blockIndex: hit.blockIndex, start: hit.start, end: hit.end };
  return { owner: hit.articleId, blockIndex: -1, start: hit.start, end: hit.end, part: hit.field };
}

export function setPendingHit(hit: Pick<SearchHit, 'articleId' | 'field' | 'blockIndex' | 'start' | 'end'>): void {
  pending = { articleId: hit.articleId, source: hitSource(hit) };
  for (const l of listeners) l();
}

/** The hit waiting for `articleId`, removed once taken. */
export function takePendingHit(articleId: number): LineSource | null {
  if (!pending || pending.articleId !== articleId) return null;
  const { source } = pending;
  pending = null;
  return source;
}

export function onPendingHit(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
