// Preflight results as command-line lines: one line per item, in the chosen language.

import type { TFunction } from 'i18next';
import type { PreflightItem, PreflightResult } from '../../shared/print';

export function preflightItemLine(t: TFunction, item: PreflightItem): string {
  const page = item.target.page;
  const kindKey = `pageKinds.${page}`;
  // A target page is a page kind (cover, colophon …) or a printed folio ("03").
  const pageName = page === undefined ? null : t(kindKey) !== kindKey ? t(kindKey) : t('pageNumber', { page });
  const where = pageName ? t('preflightWhere', { page: pageName }) : '';
  // The photo's number, so a placeholder can be filled with import-photo --photo N.
  const photo = item.target.photoId !== undefined ? t('photoRef', { id: item.target.photoId }) : '';
  return `${t(`preflightSeverity.${item.severity}`)} ${t(`preflight.${item.code}`, localParams(t, item))}${where}${photo}`;
}

/** The item's params in words: a page kind ("colophon") as the page's name, a required item by its field. */
function localParams(t: TFunction, item: PreflightItem): Record<string, string | number> {
  const params: Record<string, string | number> = { ...item.params };
  const page = params.page;
  if (typeof page === 'string' && t(`pageKinds.${page}`) !== `pageKinds.${page}`) params.page = t(`pageKinds.${page}`);
  const field = item.target.field;
  if (item.code === 'required_item_missing' && field && t(`preflightItems.${field}`) !== `preflightItems.${field}`) params.item = t(`preflightItems.${field}`);
  return params;
}

export function preflightSummaryLine(t: TFunction, result: PreflightResult): string {
  return t('preflightSummary', { errors: result.errors.length, warnings: result.warnings.length, placeholders: result.placeholders });
}

/** Warnings counted by kind ("placeholder ×25"), for the export's short summary. */
export function warningCountsLine(t: TFunction, result: PreflightResult): string | null {
  if (result.warnings.length === 0) return null;
  const counts = new Map<string, number>();
  for (const w of result.warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
  return t('preflightWarningCounts', { list: [...counts].map(([code, n]) => `${t(`preflightCodes.${code}`)} ×${n}`).join(t('listSeparator')) });
}
