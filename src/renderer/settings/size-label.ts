// Type sizes as the settings screen shows them: 号 with points ("小五 (9 pt)", "一号 (≈26 pt)"), and
// points with their 号 when one matches.

import type { TFunction } from 'i18next';
import { HAO_TABLE, ptToHao, sizeToPt, type SizeSpec } from '../../engine/styles/sizes';

export interface HaoOption {
  name: string;
  pt: number;
  approximate: boolean;
}

export const HAO_OPTIONS: HaoOption[] = HAO_TABLE.map((r) => ({ name: r.name, pt: r.pt, approximate: r.approximate }));

/** Points of a size, or null for a size the engine does not know. */
export function ptOf(size: SizeSpec): number | null {
  try {
    return sizeToPt(size);
  } catch {
    return null;
  }
}

export function haoOptionLabel(t: TFunction, o: HaoOption): string {
  return t(o.approximate ? 'settings.size.haoApprox' : 'settings.size.hao', { name: o.name, pt: o.pt });
}

/** "小五 (9 pt)" for a 号 or a point size that matches one, else "8 pt". */
export function sizeLabel(t: TFunction, size: SizeSpec): string {
  const pt = ptOf(size);
  if (pt === null) return String(size);
  const hao = typeof size === 'string' && !/pt$/iu.test(size.trim()) ? HAO_OPTIONS.find((o) => o.pt === pt) : ptToHao(pt) ? HAO_OPTIONS.find((o) => o.pt === pt) : undefined;
  return hao ? haoOptionLabel(t, hao) : t('settings.size.pt', { pt });
}
