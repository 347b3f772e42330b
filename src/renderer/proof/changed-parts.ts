// Wording the parts of an issue that changed since a signature. Pure apart from the translator.

import type { TFunction } from 'i18next';
import type { ChangedPart } from '../../shared/proof';

export function changedPartText(t: TFunction, part: ChangedPart): string {
  if (part.kind === 'article') return t('proof.changed.article', { title: part.title });
  if (part.kind === 'article-removed') return t('proof.changed.articleRemoved', { title: part.title });
  return t(`proof.changed.${part.kind}`);
}

export function changedPartsText(t: TFunction, parts: readonly ChangedPart[]): string {
  return parts.map((p) => changedPartText(t, p)).join(t('auth.roleSeparator'));
}
