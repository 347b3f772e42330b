// 姓名笔画 order for the editorial board: fewer strokes in the first character first; equal counts
// by the order of the strokes in the five classes 横竖撇点折; then the next characters. Stroke data
// from cnchar + cnchar-order. The board prints in the order the office entered; this order is what
// the layout, preflight and the colophon editor suggest when the two differ. Pure.

import cnchar from 'cnchar';
import cncharOrder from 'cnchar-order';

interface StrokeApi {
  use(...plugins: unknown[]): void;
  stroke(text: string, ...args: string[]): unknown;
}

const api = cnchar as unknown as StrokeApi;
api.use(cncharOrder);

/** Stroke letters of cnchar-order (its README, "笔画名称" table) mapped to the five classes. */
const CLASS_OF_LETTER: Record<string, number> = {
  j: 1, // 横
  i: 1, // 提 (counted with 横)
  f: 2, // 竖
  g: 2, // 竖钩 (counted with 竖 in the GB 13000.1 stroke-order rules)
  s: 3, // 撇
  k: 4, // 点
  d: 4, // 点 (the rising dot, 冫 and 氵 forms)
  l: 4, // 捺 (counted with 点)
};
/** Every other letter is a turning stroke (折): 横折, 竖弯钩, 撇折, 弯钩 … */
const TURN = 5;

export interface StrokeKey {
  count: number;
  /** Stroke classes 1–5 in writing order. */
  classes: number[];
}

const keys = new Map<string, StrokeKey | null>();

/** Stroke count and classes of one character, or null when the data has none (not a Han character). */
export function strokeKey(ch: string): StrokeKey | null {
  let key = keys.get(ch);
  if (key !== undefined) return key;
  key = null;
  if (/^\p{Script=Han}$/u.test(ch)) {
    const count = api.stroke(ch);
    // 'order' alone answers with the letters (their default); naming 'letter' too only adds a warning.
    const order = api.stroke(ch, 'order');
    const letters = Array.isArray(order) && typeof order[0] === 'string' ? order[0] : '';
    if (typeof count === 'number' && count > 0 && letters.length > 0) {
      key = { count, classes: [...letters].map((l) => CLASS_OF_LETTER[l] ?? TURN) };
    }
  }
  keys.set(ch, key);
  return key;
}

function compareChars(a: string, b: string): number {
  if (a === b) return 0;
  const ka = strokeKey(a);
  const kb = strokeKey(b);
  // Characters without stroke data sort after those with, by code point among themselves.
  if (!ka || !kb) return ka ? -1 : kb ? 1 : a.codePointAt(0)! - b.codePointAt(0)!;
  if (ka.count !== kb.count) return ka.count - kb.count;
  for (let i = 0; i < Math.min(ka.classes.length, kb.classes.length); i++) {
    if (ka.classes[i] !== kb.classes[i]) return ka.classes[i]! - kb.classes[i]!;
  }
  // Same count and same stroke classes (e.g. 田/由): a stable order by code point.
  return a.codePointAt(0)! - b.codePointAt(0)!;
}

/** Comparator for names in 姓名笔画 order (spaces ignored). */
export function compareByStrokes(a: string, b: string): number {
  const ca = [...a.replace(/\s+/gu, '')];
  const cb = [...b.replace(/\s+/gu, '')];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = compareChars(ca[i]!, cb[i]!);
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

export function sortByStrokes(names: readonly string[]): string[] {
  return [...names].sort(compareByStrokes);
}

/** Whether names already stand in 姓名笔画 order. */
export function inStrokeOrder(names: readonly string[]): boolean {
  return names.every((name, k) => k === 0 || compareByStrokes(names[k - 1]!, name) <= 0);
}
