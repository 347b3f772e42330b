// The article opener as the issue prints it: the 栏目 label above the title (the article's own
// label, else its section's name), the title on the lines the editor gave, the subtitle led by
// a double dash (——), byline and author information. The flow sets them (flow/blocks.ts). Pure.

import type { FigurePhoto, LayoutArticle } from '../flow/blocks';

export const SUBTITLE_DASH = '——';

export function openerArticle(article: LayoutArticle & { id: number }, sectionName: string, photos: FigurePhoto[]): LayoutArticle {
  const subtitle = article.subtitle && article.subtitle.trim() !== '' ? (article.subtitle.startsWith(SUBTITLE_DASH) ? article.subtitle : SUBTITLE_DASH + article.subtitle) : null;
  return {
    ...article,
    sectionLabel: article.sectionLabel && article.sectionLabel.trim() !== '' ? article.sectionLabel : sectionName,
    subtitle,
    ...(photos.length > 0 ? { photos } : {}),
  };
}
