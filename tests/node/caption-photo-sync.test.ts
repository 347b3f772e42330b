// The caption and credit an editor types in a photo block reach the photo's own record when the
// article is saved, however the editor was left (preflight and the export read the record).
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { Library } from '../../src/node/library/open-library';
import { signedIn, type SignedIn } from '../support/people';
import { blocksFromDoc, docFromBlocks } from '../../src/shared/article-doc';
import type { Article, Photo } from '../../src/shared/model';
import type { PreflightResult } from '../../src/shared/print';
import { openSampleLibrary, removeTempDirs } from './helpers';

let lib: Library | null = null;
afterEach(() => {
  lib?.close();
  lib = null;
  removeTempDirs();
});

async function call<T>(handlers: SignedIn, method: string, input: unknown): Promise<T> {
  const envelope = await handlers.dispatch(method, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

describe('photo blocks and photo records', () => {
  it('a save copies the caption and credit of blocks naming photos of the article, and no other photo', async () => {
    lib = openSampleLibrary();
    const handlers = await signedIn(lib);
    const issueId = 1;
    const png = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#808080' } }).png().toBuffer();
    const [first, second] = (await call<{ sections: { articles: { id: number }[] }[] }>(handlers, 'getIssueOutline', { issueId })).sections[2]!.articles;
    const photo = await call<Photo>(handlers, 'importPhoto', { issueId, articleId: first!.id, placement: 'article', upload: handlers.upload('photo', 'meeting.png', png) });
    const other = await call<Photo>(handlers, 'importPhoto', { issueId, articleId: second!.id, placement: 'article', upload: handlers.upload('photo', 'other.png', png) });
    expect(photo.credit).toBeNull();

    const article = await call<Article>(handlers, 'getArticle', { articleId: first!.id });
    const blocks = [
      ...blocksFromDoc(article.body),
      { type: 'caption' as const, text: '选民议事会现场。', credit: { kind: '摄影' as const, name: '赵六' }, photoId: photo.id },
      // A block naming another article's photo changes nothing there.
      { type: 'caption' as const, text: '不属于本文', credit: { kind: '图' as const, name: '某人' }, photoId: other.id },
    ];
    await call(handlers, 'updateArticle', { articleId: first!.id, baseRevision: article.revision, patch: { body: docFromBlocks(blocks) } });

    const photos = await call<Photo[]>(handlers, 'listPhotos', { issueId });
    expect(photos.find((p) => p.id === photo.id)).toMatchObject({ caption: '选民议事会现场。', credit: { kind: '摄影', name: '赵六' } });
    expect(photos.find((p) => p.id === other.id)).toMatchObject({ caption: '', credit: null });
    const preflight = await call<PreflightResult>(handlers, 'preflightIssue', { issueId });
    expect(preflight.errors.filter((e) => e.code === 'missing_credit' && e.target.photoId === photo.id)).toEqual([]);
    expect(preflight.errors.some((e) => e.code === 'missing_credit' && e.target.photoId === other.id)).toBe(true);
  }, 60_000);
});
