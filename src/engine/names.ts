// The personal names an issue knows, for keep-together (issue 10): bylines, photo and caption
// credits, the colophon's board and office. With the maintained list of leaders' names
// (resources/names/leaders.txt, read by the node side) they become the engine's NameMatcher, so
// no line breaks inside a name. Pure.

import type { ArticleDoc } from '../shared/article-doc';
import { NODE_TYPES } from '../shared/article-doc';
import type { Colophon, Credit } from '../shared/model';

/** Words of a byline or credit that are roles, not names. */
const ROLE_WORDS = new Set([
  '文', '图', '文图', '图文', '摄', '摄影', '供图', '图片', '本刊', '记者', '本刊记者', '特约记者', '通讯员', '本刊通讯员',
  '编辑', '责编', '整理', '口述', '执笔', '作者', '翻译', '译', '校', '本版', '本版摄影', '视觉', '设计', '插图', '绘', '和', '及', '等',
]);
/** Endings of organisations (课题组, 党组, 委员会 …): not a person. */
const ORGANISATION_END = /(?:会|组|委|局|部|院|站|处|室|办|社|团|所|社区|中心|公司|集团|大学|学校|政府|法院)$/u;
/** A Chinese personal name as printed: 2–4 Han characters, or a transcribed name with a middle dot. */
const PERSONAL_NAME = /^(?:[\u3400-\u9fff]{2,4}|[\u3400-\u9fff]{1,8}[·・•][\u3400-\u9fff]{1,10})$/u;

/** A name in Latin letters as a byline gives it: two to four capitalised words ("Carol Nichols", "Jean-Paul Sartre"). */
const LATIN_NAME = /^\p{Lu}[\p{L}'’.-]*(?:[ \u00a0]\p{Lu}[\p{L}'’.-]*){1,3}$/u;

/** Whether a token reads as a person's name (not a role word or an organisation). */
export function looksLikeName(token: string): boolean {
  const t = token.trim();
  return PERSONAL_NAME.test(t) && !ROLE_WORDS.has(t) && !ORGANISATION_END.test(t);
}

/** The names in a byline or credit line: "文 / 本刊 史健" → 史健, "摄影/吕亚南 张三" → 吕亚南, 张三. */
export function namesInLine(line: string | null | undefined): string[] {
  if (!line) return [];
  const out: string[] = [];
  // A Latin name holds a space, so the line is first cut at list marks only ("Carol Nichols、Chris Krycho 译").
  const latin = line.split(/[/／、，,;；|｜:：()（）]+/u).map((part) => part.replace(/[\s\u3000]*(?:译|著|编译|文|图|摄影?|整理)[\s\u3000]*$/u, '').trim());
  for (const part of latin) if (LATIN_NAME.test(part)) out.push(part);
  for (let token of line.split(/[\s/／、，,;；|｜:：()（）]+/u)) {
    // "本刊记者史健" and "吕亚南摄" carry the role in the same word.
    token = token.replace(/^(?:本刊记者|本刊通讯员|特约记者|通讯员|记者|本刊)/u, '').replace(/(?:摄影|摄|供图|整理|执笔)$/u, '');
    if (looksLikeName(token)) out.push(token);
  }
  return out;
}

function creditNames(credit: Credit | null | undefined): string[] {
  if (!credit) return [];
  return credit.name.split(/[\s、，,/／]+/u).filter(looksLikeName);
}

/** Names a body's captions credit (qk-caption nodes at the top level), without reading the text. */
export function captionCreditNames(body: ArticleDoc | null | undefined): string[] {
  const out: string[] = [];
  for (const node of body?.root?.children ?? []) {
    if (node.type !== NODE_TYPES.caption) continue;
    const name = node.creditName;
    if (typeof name === 'string') out.push(...name.split(/[\s、，,/／]+/u).filter(looksLikeName));
  }
  return out;
}

/** The names an article knows: its byline, its author line's name and its captions' credits. */
export function articleNames(article: { byline: string | null; body: ArticleDoc }): string[] {
  return [...namesInLine(article.byline), ...captionCreditNames(article.body)];
}

/** The names the colophon prints: the board, the chief editor, the office. */
export function colophonNames(colophon: Colophon | null | undefined): string[] {
  if (!colophon) return [];
  const board = colophon.editorialBoard;
  const out = [board?.chair, board?.viceChair, ...(board?.members ?? []), colophon.chiefEditor?.name, ...(colophon.editorialOffice ?? []).flatMap((r) => r.names)];
  return out.filter((n): n is string => typeof n === 'string' && looksLikeName(n));
}

export { creditNames };
