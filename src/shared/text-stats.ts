// Character counts (字数) as an editor reads them. Pure.

import { blocksFromDoc, type ArticleDoc } from './article-doc';

/** Characters that count: everything but white space (Chinese offices count every printed mark). */
export function countChars(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

/** Han ideographs only, for the figures publishers quote ("about 69,000 字"). */
export function countHan(text: string): number {
  return (text.match(/\p{Script=Han}/gu) ?? []).length;
}

export interface ArticleTextParts {
  titleLines: string[];
  subtitle: string | null;
  byline: string | null;
  authorInfo: string | null;
  body: ArticleDoc;
}

/** Every printed text of an article in reading order: title lines, subtitle, byline, author info,
 *  then the body blocks (a caption followed by its credit as printed). */
export function articlePrintedTexts(a: ArticleTextParts): string[] {
  const out: string[] = [...a.titleLines];
  if (a.subtitle) out.push(a.subtitle);
  if (a.byline) out.push(a.byline);
  if (a.authorInfo) out.push(a.authorInfo);
  for (const b of blocksFromDoc(a.body)) {
    out.push(b.text);
    if (b.type === 'caption' && b.credit) out.push(b.credit.raw ?? `${b.credit.kind}/${b.credit.name}`);
  }
  return out;
}

export function articleCharCount(a: ArticleTextParts): number {
  return articlePrintedTexts(a).reduce((n, t) => n + countChars(t), 0);
}
