import fs from 'node:fs';
import path from 'node:path';
import type { Command } from './command';
import { CliInputError, CliUsageError } from '../context';
import { findIssue } from '../issue-name';
import { figureIndexAfter, paragraphCount, placePhotoInArticle } from '../../photos/place-photo';
import { blocksFromDoc } from '../../../shared/article-doc';
import { importPhotoFile } from '../../photos/photo-store';
import { recordCli, refuseIfFrozen } from '../record';
import type { Credit, PhotoPlacement } from '../../../shared/model';

const PLACEMENTS: readonly PhotoPlacement[] = ['article', 'cover', 'inside-front-cover', 'inside-back-cover', 'back-cover', 'contents'];

/** "摄影/吕亚南", "图/东城区人大", "本版摄影/吕亚南", "本刊资料" as the house style prints them. */
export function parseCredit(value: string): Credit | null {
  const text = value.trim();
  if (text === '本刊资料') return { kind: '资料', name: '本刊', raw: text };
  const m = /^(本版)?(摄影|图|资料)\s*[/／:：]\s*(.+)$/u.exec(text);
  if (!m) return null;
  return { kind: m[2] as Credit['kind'], name: m[3]!.trim(), raw: text, ...(m[1] ? { scope: m[1] } : {}) };
}

export const importPhotoCommand: Command = {
  name: 'import-photo',
  options: ['article', 'placement', 'caption', 'credit', 'photo', 'after'],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, args) {
    const { article, placement: placementOption, caption, credit: creditOption, photo, after } = args.options;
    const photoId = photo === undefined ? undefined : Number(photo);
    if (photoId !== undefined && !(Number.isInteger(photoId) && photoId > 0)) throw new CliUsageError('badNumber', { option: '--photo', value: photo! });
    const afterParagraph = after === undefined ? undefined : Number(after);
    if (afterParagraph !== undefined && !(Number.isInteger(afterParagraph) && afterParagraph > 0)) throw new CliUsageError('badNumber', { option: '--after', value: after! });
    if (afterParagraph !== undefined && article === undefined) throw new CliUsageError('articlePlacement');
    // Replacing a photo's file keeps its place; a new photo needs one.
    const placement = (placementOption ?? (article !== undefined ? 'article' : undefined)) as PhotoPlacement | undefined;
    if (photoId === undefined || placementOption !== undefined) {
      if (placement === undefined || !PLACEMENTS.includes(placement)) throw new CliUsageError('badPlacement', { value: placementOption ?? '', placements: PLACEMENTS.join(', ') });
      if ((placement === 'article') !== (article !== undefined)) throw new CliUsageError('articlePlacement');
    }
    const credit = creditOption === undefined ? undefined : parseCredit(creditOption);
    if (credit === null) throw new CliUsageError('badCredit', { value: creditOption! });

    const issue = findIssue(ctx.service().listIssues({}), args.positionals[0]!);
    let articleId: number | null = null;
    if (article !== undefined) {
      // The article's number in issue order (1 = the first article), or its key from the issue JSON (a04).
      const articles = ctx.service().getIssueOutline({ issueId: issue.id }).sections.flatMap((s) => s.articles);
      const found = /^\d+$/.test(article) ? articles[Number(article) - 1] : articles.find((a) => a.key === article);
      if (!found) throw new CliInputError('articleNotFound', { value: article, count: articles.length });
      articleId = found.id;
      // Checked before anything is stored: a refused --after leaves no photo behind.
      if (afterParagraph !== undefined) {
        const blocks = blocksFromDoc(ctx.service().getArticle({ articleId }).body);
        if (figureIndexAfter(blocks, afterParagraph) === null) throw new CliInputError('noSuchParagraph', { paragraph: afterParagraph, count: paragraphCount(blocks) });
      }
    }
    let place = { placement: placement ?? 'article', articleId };
    if (photoId !== undefined && placementOption === undefined && article === undefined) {
      const existing = ctx.service().listPhotos({ issueId: issue.id }).find((p) => p.id === photoId);
      if (!existing) throw new CliInputError('photoNotFound', { id: photoId });
      place = { placement: existing.placement, articleId: existing.articleId };
    }
    refuseIfFrozen(ctx.library().db, issue.id);
    const file = path.resolve(args.positionals[1]!);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (err) {
      throw new CliInputError('cannotReadFile', { file, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
    }
    // Assigned inside the import's transaction (a box: the compiler cannot see the callback run).
    const placing = { placed: null as ReturnType<typeof placePhotoInArticle> };
    const imported = await importPhotoFile(
      ctx.library(),
      {
        issueId: issue.id,
        ...place,
        fileName: path.basename(file),
        bytes,
        ...(caption !== undefined ? { caption } : {}),
        ...(credit ? { credit } : {}),
        ...(photoId !== undefined ? { photoId } : {}),
      },
      // A photo for an article prints only where its body shows it: place it unless a caption shows it already.
      (photo) => (placing.placed = placePhotoInArticle(ctx.library(), photo, afterParagraph)),
    );
    const { placed } = placing;
    recordCli(ctx.library().db, {
      action: 'cli:import-photo',
      issueId: issue.id,
      articleId: imported.articleId,
      params: {
        photo: imported.id,
        placement: imported.placement,
        file: path.basename(file),
        ...(photoId !== undefined ? { replaced: true } : {}),
        ...(placed ? { placedAtBlock: placed.blockIndex } : {}),
      },
    });
    ctx.io.out(ctx.t('photoImported', { id: imported.id, width: imported.widthPx ?? 0, height: imported.heightPx ?? 0, colorSpace: imported.colorSpace ?? '', file: imported.file ?? '' }));
    if (placed) ctx.io.out(placed.afterParagraph === null ? ctx.t('photoPlacedAtEnd', { id: imported.id }) : ctx.t('photoPlacedAfter', { id: imported.id, paragraph: placed.afterParagraph }));
    if (!imported.credit) ctx.io.out(ctx.t('photoWithoutCredit'));
  },
};
