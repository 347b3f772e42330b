// A photo imported for an article is only printed when the article's body shows it: a caption
// block (qk-caption) naming its photoId, or — for bodies imported before photos had files — the
// n-th caption without a photoId showing the n-th photo no caption names (flow/blocks.ts). This
// places a photo that nothing shows yet: a caption block naming it, at the end of the body or
// after a given paragraph, saved as an edit of the article (revision, search index, record).

import { blocksFromDoc, blockToNode, type ArticleDoc, type DocBlock } from '../../shared/article-doc';
import { QikanError } from '../../shared/errors';
import type { Photo } from '../../shared/model';
import type { Library } from '../library/open-library';
import { createLibraryService } from '../services/library-service';

/** Whether the body shows the photo, by the rule the layout follows (flow/blocks.ts bodyBlocks). */
export function bodyShowsPhoto(blocks: readonly DocBlock[], articlePhotos: readonly Pick<Photo, 'id' | 'position'>[], photoId: number): boolean {
  const captions = blocks.filter((b): b is Extract<DocBlock, { type: 'caption' }> => b.type === 'caption');
  const named = new Set(captions.flatMap((c) => (c.photoId ? [c.photoId] : [])));
  if (named.has(photoId)) return true;
  const unnamedCaptions = captions.filter((c) => !c.photoId).length;
  const unnamedPhotos = [...articlePhotos].sort((a, b) => a.position - b.position).filter((p) => !named.has(p.id));
  const k = unnamedPhotos.findIndex((p) => p.id === photoId);
  return k >= 0 && k < unnamedCaptions;
}

/** Paragraphs with text: what --after counts. */
export function paragraphCount(blocks: readonly DocBlock[]): number {
  return blocks.filter((b) => b.type === 'paragraph' && b.text.trim() !== '').length;
}

/** Where a figure after the given paragraph (1 = the first with text) goes in the body, or null when
 *  the body has fewer paragraphs. */
export function figureIndexAfter(blocks: readonly DocBlock[], afterParagraph: number): number | null {
  const paragraphs = blocks.flatMap((b, i) => (b.type === 'paragraph' && b.text.trim() !== '' ? [i] : []));
  const index = paragraphs[afterParagraph - 1];
  return index === undefined ? null : index + 1;
}

export interface PlacedPhoto {
  /** Index of the caption block in the body. */
  blockIndex: number;
  /** The paragraph it follows (1 = the first), or null at the end of the body. */
  afterParagraph: number | null;
  revision: number;
}

/**
 * Places a photo of an article in its body unless the body shows it already (then null). The caption
 * block carries the photo's caption and credit. `afterParagraph` counts the body's paragraphs with
 * text (1 = the first); absent, the figure ends the body.
 */
export function placePhotoInArticle(lib: Library, photo: Photo, afterParagraph?: number): PlacedPhoto | null {
  if (photo.placement !== 'article' || photo.articleId === null) return null;
  const service = createLibraryService(lib);
  const article = service.getArticle({ articleId: photo.articleId });
  const body = article.body as ArticleDoc;
  const blocks = blocksFromDoc(body);
  const photos = service.listPhotos({ issueId: photo.issueId }).filter((p) => p.placement === 'article' && p.articleId === photo.articleId);
  if (bodyShowsPhoto(blocks, photos, photo.id)) return null;
  let at = blocks.length;
  if (afterParagraph !== undefined) {
    const index = figureIndexAfter(blocks, afterParagraph);
    if (index === null) {
      const count = paragraphCount(blocks);
      throw new QikanError('invalid_request', `the article has ${count} paragraphs, so a photo cannot follow paragraph ${afterParagraph}`, {
        path: 'afterParagraph',
        expected: `1–${count}`,
      });
    }
    at = index;
  }
  const caption: DocBlock = { type: 'caption', text: photo.caption, credit: photo.credit, photoId: photo.id };
  // Insert the node itself: every other node keeps its marks (proof corrections, 不断行) as stored.
  const children = [...body.root.children];
  children.splice(at, 0, blockToNode(caption));
  const saved = service.updateArticle({ articleId: article.id, baseRevision: article.revision, patch: { body: { ...body, root: { ...body.root, children } } } });
  return { blockIndex: at, afterParagraph: afterParagraph ?? null, revision: saved.revision };
}
