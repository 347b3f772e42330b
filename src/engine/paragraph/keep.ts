// Keep-together units (typography.md §1.4, issue 10): spans of a paragraph's text that no line
// may break inside — personal names (the issue's own and a maintained list of leaders' names),
// words the editor marked 不断行, and a number with its unit ("2026年", "5.6亿元", "第3次").
// The spans are offsets in the text; after the break rules of widths.ts they clear the break
// opportunities inside them, so the breaker treats each span as one unit while justification
// still spaces its characters like any others. Pure.

import { KIND_NEWLINE } from './atoms';
import type { KinsokuLevel } from './classes';
import type { PreparedParagraph } from './widths';

/** [start, end) in UTF-16 units of a paragraph's text. */
export interface TextRange {
  start: number;
  end: number;
}

/** What a paragraph keeps together besides numbers with units. */
export interface KeepInput {
  /** Names never split (built once per list: see nameMatcher). */
  names?: NameMatcher | null;
  /** Spans the editor marked unbreakable. */
  nobreak?: readonly TextRange[];
}

function hashOf(s: string): string {
  // FNV-1a, 32 bits: a short key for the list (the list itself is compared on lookup).
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Finds names in a text: candidates by first UTF-16 unit, longest first, so a scan costs one map
 * look-up per character. Build it once per list (nameMatcher), not per paragraph.
 */
export class NameMatcher {
  /** Identifies the list (for cache keys). */
  readonly key: string;
  readonly names: readonly string[];
  private readonly byFirst = new Map<number, string[]>();
  /** 1 for a UTF-16 unit some name starts with: most characters start none, and a typed-array read
   *  is cheaper than a map look-up while the scan is still cold. */
  private readonly startsName = new Uint8Array(0x10000);

  constructor(names: Iterable<string>) {
    const unique = [...new Set([...names].map((n) => n.trim()).filter((n) => n.length >= 2))].sort();
    this.names = unique;
    for (const n of unique) {
      const c = n.charCodeAt(0);
      let list = this.byFirst.get(c);
      if (!list) this.byFirst.set(c, (list = []));
      list.push(n);
      this.startsName[c] = 1;
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.length - a.length);
    this.key = `${unique.length}:${hashOf(unique.join('\n'))}`;
  }

  /** Pushes start, end of every occurrence (leftmost, longest, not overlapping) onto `out`. */
  collect(text: string, out: number[]): void {
    if (this.byFirst.size === 0) return;
    const startsName = this.startsName;
    let i = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (startsName[c] === 0) {
        i++;
        continue;
      }
      const list = this.byFirst.get(c);
      let step = 1;
      if (list) {
        for (const n of list) {
          if (text.startsWith(n, i)) {
            out.push(i, i + n.length);
            step = n.length;
            break;
          }
        }
      }
      i += step;
    }
  }
}

const matchers = new Map<string, NameMatcher>();
const MAX_MATCHERS = 8;

/** The matcher for a list of names, built once per distinct list. */
export function nameMatcher(names: readonly string[]): NameMatcher {
  const key = names.join('\n');
  let m = matchers.get(key);
  if (!m) {
    m = new NameMatcher(names);
    if (matchers.size >= MAX_MATCHERS) matchers.delete(matchers.keys().next().value!);
    matchers.set(key, m);
  }
  return m;
}

// ---- numbers with their units -------------------------------------------------------------

function isDigitUnit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}
/** Joiners inside a number: . , ． and the thin spaces of 千分空. */
/** A space that may stand between a number and its unit or 第 in text set from Latin-spaced sources. */
function isThinSpace(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x2009 || c === 0x202f;
}

function isNumberJoiner(c: number): boolean {
  return c === 0x2e || c === 0x2c || c === 0xff0e || c === 0x2009 || c === 0x202f;
}
const POSTFIX = new Set([0x25, 0xff05, 0x2030, 0x2103, 0xb0, 0x2032, 0x2033]);
const APPROX = new Set([0x4f59, 0x591a]); // 余 多
const MAGNITUDE = new Set([0x5341, 0x767e, 0x5343, 0x4e07, 0x4ebf]); // 十 百 千 万 亿

/** Counters and units that follow a number (longest first when one starts another). */
export const NUMBER_UNITS: readonly string[] = [
  '平方公里', '平方千米', '平方米', '立方米', '公里', '千米', '厘米', '毫米', '千克', '公斤', '公顷', '千瓦', '兆瓦',
  '小时', '分钟', '周年', '个月', '周岁', '年度', '季度',
  '年', '月', '日', '号', '时', '分', '秒', '天', '周', '岁', '代', '届', '期', '次', '轮', '批', '版', '章', '节', '款',
  '元', '角', '个', '名', '件', '项', '位', '人', '条', '家', '户', '所', '座', '台', '辆', '部', '篇', '本', '页', '册',
  '份', '场', '处', '栋', '层', '种', '类', '支', '队', '组', '对', '倍', '成', '度', '米', '克', '吨', '斤', '亩', '里',
];
const UNITS_BY_FIRST = new Map<number, string[]>();
for (const u of NUMBER_UNITS) {
  const c = u.charCodeAt(0);
  let list = UNITS_BY_FIRST.get(c);
  if (!list) UNITS_BY_FIRST.set(c, (list = []));
  list.push(u);
}
for (const list of UNITS_BY_FIRST.values()) list.sort((a, b) => b.length - a.length);

function unitAt(text: string, i: number): number {
  const list = UNITS_BY_FIRST.get(text.charCodeAt(i));
  if (list) for (const u of list) if (text.startsWith(u, i)) return u.length;
  return 0;
}

/**
 * Pushes start, end of every number that carries a unit or a leading 第: the digit run with a
 * postfix (％ ‰ ℃), 余/多, a magnitude (十百千万亿) and one counter or unit ("500余名", "1400亿元",
 * "近1.4万条" → "1.4万条", "第3次"). A bare number is one atom already and adds nothing.
 */
export function collectNumberUnits(text: string, out: number[]): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigitUnit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isDigitUnit(c)) i++;
      else if (isNumberJoiner(c) && i + 1 < n && isDigitUnit(text.charCodeAt(i + 1))) i++;
      else break;
    }
    const digitsEnd = i;
    let s = start;
    // 第 before the number, also across one space ("第 1.1.6 节", as text from Latin-spaced sources has it).
    if (s > 0 && text.charCodeAt(s - 1) === 0x7b2c) s--;
    else if (s > 1 && isThinSpace(text.charCodeAt(s - 1)) && text.charCodeAt(s - 2) === 0x7b2c) s -= 2;
    let e = digitsEnd;
    // A unit after one space keeps to the number too ("5 公里", "1.1.6 节").
    if (e + 1 < n && isThinSpace(text.charCodeAt(e)) && unitAt(text, e + 1) > 0) e++;
    if (e < n && POSTFIX.has(text.charCodeAt(e))) e++;
    if (e < n && APPROX.has(text.charCodeAt(e))) e++;
    while (e < n && MAGNITUDE.has(text.charCodeAt(e))) e++;
    if (e < n && APPROX.has(text.charCodeAt(e)) && !APPROX.has(text.charCodeAt(e - 1))) e++;
    e += unitAt(text, e);
    if (e > digitsEnd && isThinSpace(text.charCodeAt(e - 1))) e--; // a space alone is no unit
    if (s < start || e > digitsEnd) out.push(s, e);
    i = Math.max(e, digitsEnd);
  }
}

/** Whether a paragraph with these settings keeps numbers with their units. */
export function keepsNumbers(kinsoku: KinsokuLevel, keepNumberWithUnit: boolean | undefined): boolean {
  return kinsoku !== 'none' && keepNumberWithUnit !== false;
}

/** Every keep-together span of a text as a flat list start0, end0, start1, end1, … sorted by start. */
export function keepSpans(text: string, keep: KeepInput | undefined, numbers: boolean): number[] {
  const out: number[] = [];
  keep?.names?.collect(text, out);
  if (numbers) collectNumberUnits(text, out);
  if (keep?.nobreak) for (const r of keep.nobreak) if (r.end > r.start) out.push(Math.max(0, r.start), Math.min(text.length, r.end));
  if (out.length <= 2) return out;
  // Sort the pairs by start and merge overlapping or touching ones (adjacent marked runs are one word).
  const pairs: [number, number][] = [];
  for (let k = 0; k < out.length; k += 2) pairs.push([out[k]!, out[k + 1]!]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: number[] = [];
  for (const [s, e] of pairs) {
    const last = merged.length - 1;
    if (last > 0 && s <= merged[last]! && (s < merged[last]! || isNobreakJoin(keep, s))) merged[last] = Math.max(merged[last]!, e);
    else merged.push(s, e);
  }
  return merged;
}

/** Two marked runs that touch are one marked word; a name next to a number stays breakable between them. */
function isNobreakJoin(keep: KeepInput | undefined, at: number): boolean {
  if (!keep?.nobreak) return false;
  let endsHere = false;
  let startsHere = false;
  for (const r of keep.nobreak) {
    if (r.end === at) endsHere = true;
    if (r.start === at) startsHere = true;
  }
  return endsHere && startsHere;
}

/** Clears the break opportunities strictly inside the spans (flat, sorted by start). */
export function applyKeepSpans(p: PreparedParagraph, spans: readonly number[]): void {
  if (spans.length === 0) return;
  const { kind, start } = p.atoms;
  let next = 0;
  let reach = -1;
  for (let k = 1; k < p.atoms.length; k++) {
    const at = start[k]!;
    while (next < spans.length && spans[next]! < at) {
      reach = Math.max(reach, spans[next + 1]!);
      next += 2;
    }
    if (reach > at && kind[k - 1] !== KIND_NEWLINE) p.breakable[k] = 0;
  }
}
