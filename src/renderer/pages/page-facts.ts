// What the thumbnail view says about each page of the laid-out issue: its label as printed, the
// articles it carries, and how pages pair into spreads. Pure.

import type { TFunction } from 'i18next';
import type { DisplayPage } from '../../shared/display-list';
import type { SectionOutline } from '../../shared/model';

/** Page kinds of unnumbered cover pages and their printed names (封一…封四). */
const COVER_KINDS = ['cover', 'inside-front-cover', 'inside-back-cover', 'back-cover'] as const;

/** The label a page goes by: its folio as printed, or 封一/封二/封三/封四 for the covers. */
export function pageLabel(t: TFunction, page: Pick<DisplayPage, 'folio' | 'kind' | 'index'>): string {
  if (page.folio) return page.folio;
  if ((COVER_KINDS as readonly string[]).includes(page.kind)) return t(`app:pages.coverLabels.${page.kind}`);
  return t('app:pages.unnumbered', { index: page.index + 1 });
}

/** The page kind in the UI language (the raw tag when the engine adds a kind this version does not know). */
export function pageKindName(t: TFunction, kind: string): string {
  return t(`app:pages.kinds.${kind}`, { defaultValue: kind });
}

/** Article ids whose lines are on the page, in the order their first line appears. */
export function articlesOnPage(page: Pick<DisplayPage, 'lines'>): number[] {
  const ids: number[] = [];
  for (const line of page.lines) {
    const owner = line.source.owner;
    if (typeof owner === 'number' && !ids.includes(owner)) ids.push(owner);
  }
  return ids;
}

/** Pages as they face each other in the printed magazine: the front cover alone (a recto), then
 *  verso + recto pairs; a last page without a partner stands alone. */
export function spreads<T>(pages: readonly T[]): T[][] {
  if (pages.length === 0) return [];
  const out: T[][] = [[pages[0] as T]];
  for (let k = 1; k < pages.length; k += 2) out.push(pages.slice(k, k + 2));
  return out;
}

export interface ArticleInfo {
  id: number;
  title: string;
  sectionName: string;
}

/** Article id → title and 栏目, from the issue outline. */
export function articleIndex(sections: readonly SectionOutline[]): Map<number, ArticleInfo> {
  const map = new Map<number, ArticleInfo>();
  for (const s of sections) {
    for (const a of s.articles) {
      map.set(a.id, { id: a.id, title: a.titleLines.filter((l) => l.trim() !== '').join(' '), sectionName: s.name });
    }
  }
  return map;
}

/** A signature of what the layout depends on in the outline: when it changes, the pages are laid out again. */
export function outlineSignature(sections: readonly SectionOutline[]): string {
  return sections.map((s) => `${s.id}:${s.name}[${s.articles.map((a) => `${a.id}@${a.revision}`).join(',')}]`).join('|');
}

/** Page kinds a preflight target may name instead of a label (the photo placements among them). */
const NAMED_KINDS = ['contents', 'colophon'] as const;

/** A page named in a sentence: "第 05 页" for a folio, otherwise as placeName says. */
export function pageName(t: TFunction, label: string): string {
  return /^\d+$/.test(label) ? t('app:pages.pageLabel', { label }) : placeName(t, label);
}

/** 封一…封四 for the covers and 目录/版权页 for those page kinds (preflight names pages and photo
 *  placements that way); anything else as it is. */
export function placeName(t: TFunction, name: string): string {
  if ((COVER_KINDS as readonly string[]).includes(name)) return t(`app:pages.coverLabels.${name}`);
  if ((NAMED_KINDS as readonly string[]).includes(name)) return t(`app:pages.kinds.${name}`);
  return name;
}

/** The page a label or a page kind picks out: the page with that label, else the first of that kind. */
export function pickedPageIndex(pages: readonly Pick<DisplayPage, 'folio' | 'kind' | 'index'>[], t: TFunction, picked: string | null): number | null {
  if (picked === null) return null;
  const byLabel = pages.find((p) => pageLabel(t, p) === picked);
  if (byLabel) return byLabel.index;
  return pages.find((p) => p.kind === picked)?.index ?? null;
}
