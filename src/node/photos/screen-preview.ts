// A photo for the screen: the page preview and the thumbnails draw it in its frame as the PDF
// does. An sRGB JPEG of at most PREVIEW_MAX_PX on its long side, cached under <library>/cache/ by
// the original's content hash (the original in photos/ is only read).

import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { PhotoPreview } from '../../shared/api';
import { QikanError } from '../../shared/errors';
import { writeFileAtomically } from '../export/atomic-write';
import type { Library } from '../library/open-library';
import { makeDirIn, PRIVATE_FILE_MODE } from '../library/private-files';
import { MAX_IMAGE_PIXELS } from './image-file';

export const PREVIEW_MAX_PX = 1200;
const PREVIEW_QUALITY = 80;
/** Bump when the conversion changes, so stale cache files are not reused. */
const PREVIEW_VERSION = 1;

export async function photoPreview(lib: Library, photoId: number): Promise<PhotoPreview> {
  const row = lib.db.prepare('SELECT id, file, sha256 FROM photo WHERE id = ?').get(photoId) as { id: number; file: string | null; sha256: string | null } | undefined;
  if (!row) throw new QikanError('not_found', `photo ${photoId} not found`, { entity: 'photo', id: photoId });
  if (row.file === null || row.sha256 === null) {
    throw new QikanError('conflict', `photo ${photoId} is a placeholder: no file yet`, { reason: 'placeholder', entity: 'photo', id: photoId });
  }
  const cached = path.join(lib.dir, 'cache', `${row.sha256}-preview${PREVIEW_MAX_PX}-v${PREVIEW_VERSION}.jpg`);
  let jpeg: Buffer;
  if (fs.existsSync(cached)) {
    jpeg = fs.readFileSync(cached);
  } else {
    let original: Buffer;
    try {
      original = fs.readFileSync(path.join(lib.dir, row.file));
    } catch {
      throw new QikanError('not_found', `the photo file ${row.file} is missing from the library`, { entity: 'photo file', id: row.file });
    }
    jpeg = await sharp(original, { limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: PREVIEW_MAX_PX, height: PREVIEW_MAX_PX, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .jpeg({ quality: PREVIEW_QUALITY })
      .toBuffer();
    makeDirIn(lib.dir, path.dirname(cached));
    writeFileAtomically(cached, jpeg, PRIVATE_FILE_MODE);
  }
  const meta = await sharp(jpeg).metadata();
  return { photoId, mime: 'image/jpeg', dataBase64: jpeg.toString('base64'), widthPx: meta.width ?? 0, heightPx: meta.height ?? 0 };
}
