// How the export dialog lists a preflight result: errors, warnings and placeholder frames, each item
// with the place it concerns. Pure.

import type { TFunction } from 'i18next';
import type { PreflightItem, PreflightResult } from '../../shared/print';
import { pageName, placeName, type ArticleInfo } from '../pages/page-facts';

export interface PreflightGroups {
  errors: PreflightItem[];
  warnings: PreflightItem[];
  /** Placeholder frames (photos still to come), whatever their severity. */
  placeholders: PreflightItem[];
}

export function groupPreflight(result: PreflightResult): PreflightGroups {
  const isPlaceholder = (item: PreflightItem) => item.code === 'placeholder';
  return {
    errors: result.errors.filter((i) => !isPlaceholder(i)),
    warnings: result.warnings.filter((i) => !isPlaceholder(i)),
    placeholders: [...result.errors, ...result.warnings].filter(isPlaceholder),
  };
}

/** What a click on an item opens: its article, else its page; photos open where they are placed. */
export type PreflightDestination = { kind: 'article'; articleId: number } | { kind: 'page'; page: string } | null;

export function destinationOf(item: PreflightItem): PreflightDestination {
  if (item.target.articleId !== undefined) return { kind: 'article', articleId: item.target.articleId };
  if (item.target.page !== undefined && item.target.page !== '') return { kind: 'page', page: item.target.page };
  return null;
}

/** The item's message in the UI language: "preflight.<code>" filled with its params. */
export function preflightText(t: TFunction, item: PreflightItem): string {
  // A photo without a caption is named by its placement ("cover"): say 封一 instead.
  const params = Object.fromEntries(Object.entries(item.params).map(([k, v]) => [k, typeof v === 'string' ? placeName(t, v) : v]));
  // A required item by its field, in the UI language (the English message names it in Chinese).
  const field = item.target.field;
  if (item.code === 'required_item_missing' && field) params.item = t(`app:preflightItems.${field}`, { defaultValue: params.item });
  return t(`app:preflight.${item.code}`, { ...params, defaultValue: item.message });
}

/** Where the item is, in words: the article's title, the section, the page, the photo. (Fields are named by
 *  the message itself.) */
export function targetText(t: TFunction, item: PreflightItem, articles: ReadonlyMap<number, ArticleInfo>, sectionNames: ReadonlyMap<number, string>): string {
  const parts: string[] = [];
  const { articleId, photoId, page, sectionId } = item.target;
  if (articleId !== undefined) {
    const title = articles.get(articleId)?.title;
    parts.push(title ? t('app:export.target.article', { title }) : t('app:export.target.articleId', { id: articleId }));
  }
  if (sectionId !== undefined && articleId === undefined) {
    const name = sectionNames.get(sectionId);
    parts.push(name ? t('app:export.target.section', { name }) : t('app:export.target.sectionId', { id: sectionId }));
  }
  if (page) parts.push(pageName(t, page));
  if (photoId !== undefined) parts.push(t('app:export.target.photo', { id: photoId }));
  return parts.join(' · ');
}
