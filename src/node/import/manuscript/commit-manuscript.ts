// Saving a reviewed manuscript: as a new article at the end of a section, or over an existing article's
// body (an empty slot also takes the manuscript's title, subtitle and byline). The manuscript is read again from the same bytes (with the joins the editor undid), its images
// are stored under their content hash first (an unused file there is harmless), and then every row
// (article, photos, body) is written in one transaction: a failure leaves the library as it was.

import { writeTransaction } from '../../library/transaction';
import type { ApiInput } from '../../../shared/api';
import { isEmptySlot } from '../../../shared/article-slots';
import { QikanError } from '../../../shared/errors';
import type { ArticleSummary } from '../../../shared/model';
import { articleCharCount } from '../../../shared/text-stats';
import type { Library } from '../../library/open-library';
import { storeOriginal } from '../../photos/photo-store';
import { createLibraryService } from '../../services/library-service';
import { readManuscriptFile, type ReadManuscript } from './read-manuscript';
import { toArticleDoc } from './rich-blocks';

export type CommitManuscriptInput = Omit<ApiInput<'commitManuscript'>, 'upload'> & { fileName: string; bytes: Buffer };

export interface CommittedManuscript {
  article: ArticleSummary;
  read: ReadManuscript;
  photoIds: number[];
}

export async function commitManuscriptFile(lib: Library, input: CommitManuscriptInput): Promise<CommittedManuscript> {
  const db = lib.db;
  const service = createLibraryService(lib);
  const section = db.prepare('SELECT id, issue_id FROM section WHERE id = ?').get(input.sectionId) as { id: number; issue_id: number } | undefined;
  if (!section) throw new QikanError('not_found', `section ${input.sectionId} not found`, { entity: 'section', id: input.sectionId });
  if (input.articleId !== undefined) {
    const article = db.prepare('SELECT issue_id, revision FROM article WHERE id = ?').get(input.articleId) as { issue_id: number; revision: number } | undefined;
    if (!article) throw new QikanError('not_found', `article ${input.articleId} not found`, { entity: 'article', id: input.articleId });
    if (article.issue_id !== section.issue_id) throw new QikanError('conflict', `article ${input.articleId} belongs to another issue`, { reason: 'other_issue', entity: 'article', id: input.articleId });
  }

  const read = await readManuscriptFile(input.fileName, input.bytes, { rejectedJoins: input.rejectedJoins ?? [] });
  const stored = read.images.map((image) => (image ? storeOriginal(lib, image.bytes, image.info) : null));

  // BEGIN IMMEDIATE: another process (the server, the command line) may be writing the library.
  const result = writeTransaction(db, (): { articleId: number; photoIds: number[] } => {
    let articleId = input.articleId;
    let revision: number;
    if (articleId === undefined) {
      const created = service.createArticle({ sectionId: section.id, title: read.preview.titleLines[0]! });
      articleId = created.id;
      revision = created.revision;
    } else {
      const current = service.getArticle({ articleId });
      revision = current.revision;
      // Replacing a body is an edit like any save: it names the revision it replaces.
      if (input.baseRevision === undefined) {
        throw new QikanError('invalid_request', 'replacing an article body needs the revision it replaces (baseRevision)', {
          path: 'baseRevision',
          expected: 'the revision of the article as read',
        });
      }
      if (input.baseRevision !== revision) {
        throw new QikanError('conflict', `article ${articleId} was saved elsewhere (revision ${revision}, import based on ${input.baseRevision})`, {
          reason: 'stale_revision',
          entity: 'article',
          id: articleId,
          revision,
        });
      }
    }

    const photoIds: number[] = [];
    const nextPosition = db.prepare("SELECT coalesce(max(position) + 1, 0) AS next FROM photo WHERE issue_id = ? AND placement = 'article' AND article_id = ?");
    const insertPhoto = db.prepare(
      `INSERT INTO photo (issue_id, article_id, placement, position, caption, file, sha256, width_px, height_px, color_space,
                          original_name, format, channels, has_icc, file_bytes)
       VALUES (?, ?, 'article', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    read.images.forEach((image, i) => {
      if (!image) return;
      const caption = read.blocks.find((b) => b.type === 'image' && b.image === i);
      const { next } = nextPosition.get(section.issue_id, articleId) as { next: number };
      const info = image.info;
      photoIds[i] = Number(
        insertPhoto.run(section.issue_id, articleId, next, caption?.type === 'image' ? caption.caption : '', stored[i], info.sha256, info.widthPx, info.heightPx,
          info.colorSpace, `${input.fileName} › ${image.name}`, info.format, info.channels, info.icc ? 1 : 0, info.bytes).lastInsertRowid,
      );
    });

    const body = toArticleDoc(read.blocks, photoIds);
    const p = read.preview;
    if (input.articleId === undefined) {
      service.updateArticle({ articleId, baseRevision: revision, patch: { titleLines: p.titleLines, subtitle: p.subtitle, byline: p.byline, body } });
    } else {
      const current = service.getArticle({ articleId });
      if (isEmptySlot({ ...current, charCount: articleCharCount(current) })) {
        // An empty slot takes the manuscript whole; it keeps its position and page budget.
        service.updateArticle({ articleId, baseRevision: revision, patch: { titleLines: p.titleLines, subtitle: p.subtitle, byline: p.byline, body } });
        return { articleId, photoIds: photoIds.filter((id) => id !== undefined) };
      }
      // Onto an existing article only the body is replaced; its subtitle and byline are filled only when empty.
      service.updateArticle({
        articleId,
        baseRevision: revision,
        patch: { body, ...(current.subtitle === null && p.subtitle ? { subtitle: p.subtitle } : {}), ...(current.byline === null && p.byline ? { byline: p.byline } : {}) },
      });
    }
    return { articleId, photoIds: photoIds.filter((id) => id !== undefined) };
  });

  const article = service
    .getIssueOutline({ issueId: section.issue_id })
    .sections.flatMap((s) => s.articles)
    .find((a) => a.id === result.articleId)!;
  return { article, read, photoIds: result.photoIds };
}
