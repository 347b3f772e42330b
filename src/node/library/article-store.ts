// Writes shared by the import and the service: an article's derived columns (character count) and its
// row in the full-text index must change together with the article.

import type Database from 'better-sqlite3';
import { blocksFromDoc, type ArticleDoc } from '../../shared/article-doc';
import { articleCharCount } from '../../shared/text-stats';
import { articleSearchText } from './migrations';

export interface ArticleTextColumns {
  titleLines: string[];
  subtitle: string | null;
  byline: string | null;
  authorInfo: string | null;
  body: ArticleDoc;
}

export function charCountOf(a: ArticleTextColumns): number {
  return articleCharCount(a);
}

/** Replaces the article's row in the full-text index. */
export function indexArticle(db: Database.Database, articleId: number, titleLines: string[], body: ArticleDoc): void {
  // The index arrives with migration 2; tests build version-1 libraries through the same import.
  if ((db.pragma('user_version', { simple: true }) as number) < SEARCH_INDEX_VERSION) return;
  db.prepare('DELETE FROM article_search WHERE rowid = ?').run(articleId);
  db.prepare('INSERT INTO article_search (rowid, title, body) VALUES (?, ?, ?)').run(
    articleId,
    titleLines.join(''),
    articleSearchText({ body: JSON.stringify(body) }),
  );
}

const SEARCH_INDEX_VERSION = 2;

export function nowIso(): string {
  return new Date().toISOString();
}

/** Rewrites positions 0..n-1 in the given order. Two passes because (parent, position) is UNIQUE. */
export function renumber(db: Database.Database, table: 'section' | 'article', orderedIds: readonly number[]): void {
  const set = db.prepare(`UPDATE ${table} SET position = ? WHERE id = ?`);
  orderedIds.forEach((id, i) => set.run(-1 - i, id));
  orderedIds.forEach((id, i) => set.run(i, id));
}

/** The article body is where an editor types a photo's caption and credit: after every save, the photo
 *  rows its caption blocks name (photoId, photos of this article only) take them over, so preflight,
 *  the contents and the export see what the editor sees however the editor was left. */
export function syncCaptionPhotos(db: Database.Database, articleId: number, body: ArticleDoc): void {
  const update = db.prepare(
    `UPDATE photo SET caption = ?, credit_kind = ?, credit_name = ?, credit_raw = ?, credit_scope = ?
     WHERE id = ? AND article_id = ?`,
  );
  for (const block of blocksFromDoc(body)) {
    if (block.type !== 'caption' || !block.photoId) continue;
    const c = block.credit;
    update.run(block.text, c?.kind ?? null, c?.name ?? null, c?.raw ?? null, c?.scope ?? null, block.photoId, articleId);
  }
}
