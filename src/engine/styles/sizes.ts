// Chinese type sizes (号) and points, typography.md §4.7. Pure.

export type HaoName = '初号' | '小初' | '一号' | '小一' | '二号' | '小二' | '三号' | '小三' | '四号' | '小四' | '五号' | '小五' | '六号' | '小六' | '七号';

/** Both columns of §4.7: clreq's values and the common Word/WPS list; `pt` is what we store. */
export const HAO_TABLE: { name: HaoName; clreq: number | null; wordWps: number; pt: number; approximate: boolean }[] = [
  { name: '初号', clreq: 42, wordWps: 42, pt: 42, approximate: false },
  { name: '小初', clreq: null, wordWps: 36, pt: 36, approximate: false },
  { name: '一号', clreq: 27.5, wordWps: 26, pt: 26, approximate: true },
  { name: '小一', clreq: 24, wordWps: 24, pt: 24, approximate: false },
  { name: '二号', clreq: 22, wordWps: 22, pt: 22, approximate: false },
  { name: '小二', clreq: 18, wordWps: 18, pt: 18, approximate: false },
  { name: '三号', clreq: 16, wordWps: 16, pt: 16, approximate: false },
  { name: '小三', clreq: null, wordWps: 15, pt: 15, approximate: false },
  { name: '四号', clreq: 14, wordWps: 14, pt: 14, approximate: false },
  { name: '小四', clreq: 12, wordWps: 12, pt: 12, approximate: false },
  { name: '五号', clreq: 10.5, wordWps: 10.5, pt: 10.5, approximate: false },
  { name: '小五', clreq: 9, wordWps: 9, pt: 9, approximate: false },
  { name: '六号', clreq: 7.875, wordWps: 7.5, pt: 7.5, approximate: true },
  { name: '小六', clreq: null, wordWps: 6.5, pt: 6.5, approximate: false },
  { name: '七号', clreq: 5.25, wordWps: 5.5, pt: 5.5, approximate: true },
];

/** A size as an editor writes it: a number of points, "9pt", or a 号 name ("五号", "小五"). */
export type SizeSpec = number | string;

export function sizeToPt(size: SizeSpec): number {
  if (typeof size === 'number') {
    if (!(size > 0) || !Number.isFinite(size)) throw new RangeError(`type size must be a positive number of points, got ${size}`);
    return size;
  }
  const trimmed = size.trim();
  const pt = /^(\d+(?:\.\d+)?)\s*pt$/iu.exec(trimmed);
  if (pt) return sizeToPt(Number(pt[1]));
  const name = trimmed.endsWith('号') || trimmed.startsWith('小') ? trimmed : `${trimmed}号`;
  const row = HAO_TABLE.find((r) => r.name === name || r.name === `${name}号`);
  if (!row) throw new RangeError(`unknown type size "${size}" (expected points or a 号 such as 五号, 小五)`);
  return row.pt;
}

/** The 号 for a point size, if one matches exactly. */
export function ptToHao(pt: number): { name: HaoName; approximate: boolean } | null {
  const row = HAO_TABLE.find((r) => Math.abs(r.pt - pt) < 1e-6);
  return row ? { name: row.name, approximate: row.approximate } : null;
}

export const MM_TO_PT = 72 / 25.4;
