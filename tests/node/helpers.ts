// Shared set-up for the store tests: temporary library folders and the sample issue.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import type { LibraryService } from '../../src/node/services/library-service';
import { blocksFromDoc } from '../../src/shared/article-doc';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const RESOURCES_DIR = path.join(REPO_ROOT, 'resources');
export const SAMPLE_FILE = path.join(RESOURCES_DIR, 'sample-issue-2026-01.json');
export const SAMPLE_TEXT = fs.readFileSync(SAMPLE_FILE, 'utf8');

/** The sample issue as plain JSON, for building variants; typed loosely on purpose. */
export function sampleJson(): any {
  return JSON.parse(SAMPLE_TEXT);
}

const made: string[] = [];

export function tempDir(prefix = 'qikan-store-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function openSampleLibrary(dataDir = tempDir()): Library {
  return openLibrary({ dataDir, resourcesDir: RESOURCES_DIR });
}

const USER_TABLES = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'article_search_%' ORDER BY name`;

/** Every row of every table, for "nothing changed" comparisons. */
export function snapshot(db: Database.Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const { name } of db.prepare(USER_TABLES).all() as { name: string }[]) {
    out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
  }
  return out;
}

export function countRows(db: Database.Database, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** An article's printed texts in reading order, read straight from the issue JSON (not through the store):
 *  title lines, subtitle, byline, author info, then each block (a banner's label; a caption then its credit). */
export function jsonArticleTexts(a: any): string[] {
  const out: string[] = [...a.titleLines];
  if (a.subtitle) out.push(a.subtitle);
  if (a.byline) out.push(a.byline);
  if (a.authorInfo) out.push(a.authorInfo);
  for (const b of a.blocks) {
    // A list's items are stored as one text, joined by line breaks.
    out.push(b.type === 'banner' ? b.label : b.type === 'list' ? b.items.join('\n') : b.text);
    if (b.type === 'caption' && b.credit) out.push(b.credit.raw ?? `${b.credit.kind}/${b.credit.name}`);
  }
  return out;
}

/** Every string value inside a value, depth first. */
/** Everything the store gives back of one issue through the library service (the issue list, outline,
 *  colophon, extras and their blocks, printed contents, photos, each article and its blocks), for a
 *  search of the strings an imported file holds. */
export function storedIssueParts(service: LibraryService, issueId: number): unknown[] {
  const found: unknown[] = [service.listIssues({}), service.getIssueOutline({ issueId }), service.getColophon({ issueId })];
  found.push(service.listExtras({ issueId }), service.getPrintedToc({ issueId }), service.listPhotos({ issueId }));
  for (const e of service.listExtras({ issueId })) found.push(blocksFromDoc(e.body));
  for (const s of service.getIssueOutline({ issueId }).sections) {
    for (const a of s.articles) {
      const article = service.getArticle({ articleId: a.id });
      found.push(article, blocksFromDoc(article.body));
    }
  }
  return found;
}

export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) allStrings(v, out);
  return out;
}

/**
 * Gives every placeholder photo of an issue a file: a flat CMYK JPEG at 3:2, the proportions the
 * placeholders are laid out at, so pages do not move. A placeholder is an error in a print export,
 * so the tests about the export mechanics fill them first (the sample issue comes without photos).
 */
export async function fillPlaceholders(lib: Library, issueId = 1): Promise<number> {
  const { default: sharp } = await import('sharp');
  const { importPhotoFile } = await import('../../src/node/photos/photo-store');
  // Over 150 ppi at every frame (a page to the bleed is 612 × 680 pt; an article figure one column).
  const jpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#8899aa' } }).toColourspace('cmyk').jpeg().toBuffer();
  const [large, small] = await Promise.all([jpeg(2400, 1600), jpeg(960, 640)]);
  const rows = lib.db.prepare('SELECT id, placement, article_id FROM photo WHERE issue_id = ? AND file IS NULL').all(issueId) as { id: number; placement: string; article_id: number | null }[];
  for (const r of rows) {
    const bytes = r.placement === 'article' ? small : large;
    await importPhotoFile(lib, { issueId, articleId: r.article_id, placement: r.placement as never, photoId: r.id, fileName: `placeholder-${r.id}.jpg`, bytes });
  }
  return rows.length;
}
