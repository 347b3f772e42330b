// Photos for the screen: the page preview and the thumbnails draw a placed photo from a small sRGB
// JPEG the back end makes once and keeps in the library's cache.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Library } from '../../src/node/library/open-library';
import { importPhotoFile } from '../../src/node/photos/photo-store';
import { PREVIEW_MAX_PX } from '../../src/node/photos/screen-preview';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { createLibraryService } from '../../src/node/services/library-service';
import type { PhotoPreview } from '../../src/shared/api';
import { signedIn, type SignedIn } from '../support/people';
import { openSampleLibrary, removeTempDirs } from './helpers';

describe('getPhotoPreview', () => {
  let lib: Library;
  let me: SignedIn;
  let issueId: number;

  beforeEach(async () => {
    lib = openSampleLibrary();
    me = await signedIn(lib);
    issueId = createLibraryService(lib).listIssues({})[0]!.id;
  });
  afterEach(() => {
    lib.close();
    removeTempDirs();
  });

  it('gives a placed photo as an sRGB JPEG no larger than the preview size, from the cache the second time', async () => {
    const placeholder = createLibraryService(lib).listPhotos({ issueId }).find((p) => p.placement === 'back-cover')!;
    const cmyk = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 20, g: 120, b: 200 } } }).toColourspace('cmyk').jpeg().toBuffer();
    const photo = await importPhotoFile(lib, { issueId, articleId: null, placement: 'back-cover', photoId: placeholder.id, fileName: 'back.jpg', bytes: cmyk });
    // The page the preview and the print share now frames the photo itself.
    const frame = getIssueLayout(lib, issueId).document.pages.flatMap((p) => p.items).find((i) => i.kind === 'image' && i.photoId === photo.id);
    expect(frame).toMatchObject({ placeholder: false });

    const first = await me.dispatch('getPhotoPreview', { photoId: photo.id });
    expect(first.ok).toBe(true);
    const preview = (first as { ok: true; value: PhotoPreview }).value;
    expect(preview).toMatchObject({ photoId: photo.id, mime: 'image/jpeg', widthPx: PREVIEW_MAX_PX, heightPx: 800 });
    const meta = await sharp(Buffer.from(preview.dataBase64, 'base64')).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: PREVIEW_MAX_PX, height: 800, channels: 3, space: 'srgb' });

    // The original is only read: with it gone, the cached preview still answers.
    fs.renameSync(path.join(lib.dir, photo.file!), path.join(lib.dir, `${photo.file!}.away`));
    const again = await me.dispatch('getPhotoPreview', { photoId: photo.id });
    expect(again).toEqual(first);
  });

  it('refuses a placeholder and an unknown photo with reasons', async () => {
    const placeholder = createLibraryService(lib).listPhotos({ issueId }).find((p) => p.file === null)!;
    expect(await me.dispatch('getPhotoPreview', { photoId: placeholder.id })).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'placeholder' } } });
    expect(await me.dispatch('getPhotoPreview', { photoId: 999_999 })).toMatchObject({ ok: false, error: { code: 'not_found', details: { entity: 'photo' } } });
  });
});
