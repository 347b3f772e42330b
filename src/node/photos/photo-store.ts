// Photos in the library: originals kept in <library>/photos/ under their content hash (written once,
// never changed afterwards; two photos with the same bytes share one file), and the photo rows that
// place them in the issue. A refused file changes nothing: the image is checked completely before the
// file is stored or a row written.

import { assertUnchangedSince } from '../library/unchanged-since';
import fs from 'node:fs';
import path from 'node:path';
import type { ApiInput } from '../../shared/api';
import { QikanError } from '../../shared/errors';
import type { Credit, Photo } from '../../shared/model';
import type { Library } from '../library/open-library';
import { writeFileAtomically } from '../export/atomic-write';
import { createLibraryService } from '../services/library-service';
import { EXTENSION_OF, inspectImage, type ImageInfo } from './image-file';
import { makeDirIn, PRIVATE_FILE_MODE } from '../library/private-files';
import { writeTransaction } from '../library/transaction';

export const PHOTOS_FOLDER = 'photos';

/** Stores the original under its hash (if not there yet); returns its path relative to the library. */
export function storeOriginal(lib: Library, bytes: Uint8Array, info: ImageInfo): string {
  const relative = `${PHOTOS_FOLDER}/${info.sha256}.${EXTENSION_OF[info.format]}`;
  const absolute = path.join(lib.dir, relative);
  if (!fs.existsSync(absolute)) {
    makeDirIn(lib.dir, path.dirname(absolute));
    writeFileAtomically(absolute, bytes, PRIVATE_FILE_MODE);
  }
  return relative;
}

export function photoById(lib: Library, photoId: number): Photo {
  const row = lib.db.prepare('SELECT issue_id FROM photo WHERE id = ?').get(photoId) as { issue_id: number } | undefined;
  if (!row) throw new QikanError('not_found', `photo ${photoId} not found`, { entity: 'photo', id: photoId });
  const photo = createLibraryService(lib).listPhotos({ issueId: row.issue_id }).find((p) => p.id === photoId);
  if (!photo) throw new QikanError('not_found', `photo ${photoId} not found`, { entity: 'photo', id: photoId });
  return photo;
}

function creditColumns(credit: Credit | null | undefined): [string | null, string | null, string | null, string | null] {
  if (!credit) return [null, null, null, null];
  return [credit.kind, credit.name, credit.raw ?? null, credit.scope ?? null];
}

function invalid(pathName: string, expected: string): QikanError {
  return new QikanError('invalid_request', `${pathName}: expected ${expected}`, { path: pathName, expected });
}

export type ImportPhotoInput = Omit<ApiInput<'importPhoto'>, 'upload'> & { fileName: string; bytes: Buffer };

/** Adds a photo to the issue, or replaces the file of an existing one (a placeholder) when photoId is given;
 *  a replaced photo keeps its place (placement, article, position), only its file and, if given, caption and credit change.
 *  `alongside` runs inside the photo's write transaction (a kill between the two leaves neither). */
export async function importPhotoFile(lib: Library, input: ImportPhotoInput, alongside?: (photo: Photo) => void): Promise<Photo> {
  const db = lib.db;
  const issue = db.prepare('SELECT id FROM issue WHERE id = ?').get(input.issueId);
  if (!issue) throw new QikanError('not_found', `issue ${input.issueId} not found`, { entity: 'issue', id: input.issueId });
  if (input.placement === 'article' && input.articleId === null) throw invalid('articleId', 'an article for a photo placed in an article');
  if (input.placement !== 'article' && input.articleId !== null) throw invalid('articleId', `null for a photo placed on the ${input.placement}`);
  if (input.articleId !== null) {
    const article = db.prepare('SELECT issue_id FROM article WHERE id = ?').get(input.articleId) as { issue_id: number } | undefined;
    if (!article) throw new QikanError('not_found', `article ${input.articleId} not found`, { entity: 'article', id: input.articleId });
    if (article.issue_id !== input.issueId) throw new QikanError('conflict', `article ${input.articleId} belongs to another issue`, { reason: 'other_issue', entity: 'article', id: input.articleId });
  }
  if (input.photoId !== undefined) {
    const existing = db.prepare('SELECT issue_id FROM photo WHERE id = ?').get(input.photoId) as { issue_id: number } | undefined;
    if (!existing) throw new QikanError('not_found', `photo ${input.photoId} not found`, { entity: 'photo', id: input.photoId });
    if (existing.issue_id !== input.issueId) throw new QikanError('conflict', `photo ${input.photoId} belongs to another issue`, { reason: 'other_issue', entity: 'photo', id: input.photoId });
  }

  const info = await inspectImage(input.bytes, input.fileName);
  const file = storeOriginal(lib, input.bytes, info);
  const fileColumns = {
    file,
    sha256: info.sha256,
    width_px: info.widthPx,
    height_px: info.heightPx,
    color_space: info.colorSpace,
    original_name: input.fileName,
    format: info.format,
    channels: info.channels,
    has_icc: info.icc ? 1 : 0,
    file_bytes: info.bytes,
  };
  const photoId = writeTransaction(db, (): number => {
    const id = saveRow();
    db.prepare('UPDATE issue SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), input.issueId);
    // What belongs with the photo (its place in the article body) commits with it, or neither does.
    alongside?.(photoById(lib, id));
    return id;
  });
  return photoById(lib, photoId);

  function saveRow(): number {
    if (input.photoId !== undefined) {
      db.prepare(
        `UPDATE photo SET file = @file, sha256 = @sha256, width_px = @width_px, height_px = @height_px, color_space = @color_space,
                          original_name = @original_name, format = @format, channels = @channels, has_icc = @has_icc, file_bytes = @file_bytes
         WHERE id = @id`,
      ).run({ ...fileColumns, id: input.photoId });
      if (input.caption !== undefined) db.prepare('UPDATE photo SET caption = ? WHERE id = ?').run(input.caption, input.photoId);
      if (input.credit !== undefined) {
        db.prepare('UPDATE photo SET credit_kind = ?, credit_name = ?, credit_raw = ?, credit_scope = ? WHERE id = ?').run(...creditColumns(input.credit), input.photoId);
      }
      return input.photoId;
    }
    const { next } = db
      .prepare('SELECT coalesce(max(position) + 1, 0) AS next FROM photo WHERE issue_id = ? AND placement = ? AND article_id IS ?')
      .get(input.issueId, input.placement, input.articleId) as { next: number };
    const [kind, name, raw, scope] = creditColumns(input.credit);
    const inserted = Number(
      db
        .prepare(
          `INSERT INTO photo (issue_id, article_id, placement, position, caption, credit_kind, credit_name, credit_raw, credit_scope,
                              file, sha256, width_px, height_px, color_space, original_name, format, channels, has_icc, file_bytes)
           VALUES (@issue_id, @article_id, @placement, @position, @caption, @kind, @name, @raw, @scope,
                   @file, @sha256, @width_px, @height_px, @color_space, @original_name, @format, @channels, @has_icc, @file_bytes)`,
        )
        .run({
          ...fileColumns,
          issue_id: input.issueId,
          article_id: input.articleId,
          placement: input.placement,
          position: next,
          caption: input.caption ?? '',
          kind,
          name,
          raw,
          scope,
        }).lastInsertRowid,
    );
    return inserted;
  }
}

/** Changes a photo's caption or credit (null removes the credit, which preflight then reports). */
export function updatePhotoText(lib: Library, input: ApiInput<'updatePhoto'>): Photo {
  const db = lib.db;
  // Read, check and write in one immediate transaction: no other process saves in between.
  writeTransaction(db, () => {
    const photo = photoById(lib, input.photoId);
    assertUnchangedSince('photo', input.photoId, { caption: photo.caption, credit: photo.credit }, input.base);
    if (input.caption !== undefined) db.prepare('UPDATE photo SET caption = ? WHERE id = ?').run(input.caption, input.photoId);
    if (input.credit !== undefined) {
      db.prepare('UPDATE photo SET credit_kind = ?, credit_name = ?, credit_raw = ?, credit_scope = ? WHERE id = ?').run(...creditColumns(input.credit), input.photoId);
    }
    db.prepare('UPDATE issue SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), photo.issueId);
  });
  return photoById(lib, input.photoId);
}

/** The file details preflight and export need beyond the API's Photo. */
export interface PhotoFileRow {
  id: number;
  file: string | null;
  sha256: string | null;
  color_space: string | null;
}

export function photoFileRows(lib: Library, issueId: number): Map<number, PhotoFileRow> {
  const rows = lib.db.prepare('SELECT id, file, sha256, color_space FROM photo WHERE issue_id = ?').all(issueId) as PhotoFileRow[];
  return new Map(rows.map((r) => [r.id, r]));
}
