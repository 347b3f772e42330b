// The copy-cleanup rules, one small function each: a rule reads a block's plain text and returns
// what it would change (fixes) or what the editor should look at (hints, never applied). Pure.
// Punctuation follows GB/T 15834-2011, number usage GB/T 15835-2011.

import { isAsciiDigit, isChinese, isHan, isLatinLetter, nextVisible, prevVisible, prevWordChar } from './chars';

export type FixRuleId =
  | 'comma'
  | 'period'
  | 'colonSemicolon'
  | 'questionExclamation'
  | 'parentheses'
  | 'doubleQuotes'
  | 'singleQuotes'
  | 'ellipsis'
  | 'dash'
  | 'hanSpace'
  | 'fullWidthAlnum';

export type HintRuleId = 'mixedYearForms' | 'mixedPercentForms' | 'numberRange';

export type RuleId = FixRuleId | HintRuleId;

/** One finding in one text: [start, end) is replaced by `proposed` when accepted (fixes only). */
export interface Finding {
  rule: RuleId;
  start: number;
  end: number;
  proposed: string;
  /** false for hints: shown with their proposal, never applied. */
  applicable: boolean;
}

export type TextRule = (text: string) => Finding[];

function fix(rule: FixRuleId, start: number, end: number, proposed: string): Finding {
  return { rule, start, end, proposed, applicable: true };
}

/** A half-width mark next to Chinese text becomes its full-width form; the spaces after it go too
 *  (full-width marks carry their own space). Digits on both sides (1,000 · 10:30 · 3.14) stay. */
function markNextToChinese(rule: FixRuleId, marks: Record<string, string>): TextRule {
  return (text) => {
    const out: Finding[] = [];
    for (let k = 0; k < text.length; k++) {
      const mark = marks[text[k]!];
      if (!mark) continue;
      const before = prevVisible(text, k);
      const after = nextVisible(text, k + 1);
      if (isAsciiDigit(text[k - 1]) && isAsciiDigit(text[k + 1])) continue;
      if (!isChinese(before) && !isHan(after)) continue;
      let end = k + 1;
      while (text[end] === ' ') end++;
      out.push(fix(rule, k, end, mark));
    }
    return out;
  };
}

export const comma: TextRule = markNextToChinese('comma', { ',': '，' });
export const colonSemicolon: TextRule = markNextToChinese('colonSemicolon', { ':': '：', ';': '；' });
export const questionExclamation: TextRule = markNextToChinese('questionExclamation', { '?': '？', '!': '！' });

/** A full stop after Chinese text, where the sentence ends (end of text, a space, a line break or more Chinese). */
export const period: TextRule = (text) => {
  const out: Finding[] = [];
  for (let k = 0; k < text.length; k++) {
    if (text[k] !== '.' || text[k - 1] === '.' || text[k + 1] === '.') continue; // runs of dots are ellipses
    const before = text[k - 1];
    if (!isHan(before) && !(before !== undefined && '”’）)'.includes(before) && isChinese(text[k - 2]))) continue;
    const after = text[k + 1];
    if (after !== undefined && !/\s/.test(after) && !isChinese(after) && after !== '"') continue;
    let end = k + 1;
    while (text[end] === ' ') end++;
    out.push(fix('period', k, end, '。'));
  }
  return out;
};

/** Half-width parentheses around or next to Chinese text: f(x) and (a) stay. */
export const parentheses: TextRule = (text) => {
  const out: Finding[] = [];
  const stack: number[] = [];
  const pairs: [number, number][] = [];
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '(') stack.push(k);
    else if (text[k] === ')' && stack.length > 0) pairs.push([stack.pop()!, k]);
  }
  for (const [open, close] of pairs.sort((a, b) => a[0] - b[0])) {
    const inner = text.slice(open + 1, close);
    const chineseInside = [...inner].some((ch) => isHan(ch));
    const chineseOutside = isChinese(text[open - 1]) || isChinese(text[close + 1]);
    if (!chineseInside && !chineseOutside) continue;
    // A function call or an index in Latin text: a letter right before "(" with no Chinese inside.
    if (!chineseInside && isLatinLetter(text[open - 1])) continue;
    out.push(fix('parentheses', open, open + 1, '（'), fix('parentheses', close, close + 1, '）'));
  }
  return out;
};

/** Straight quotes paired into curly ones when the quoted text or its surroundings are Chinese. */
function pairedQuotes(rule: FixRuleId, mark: string, open: string, close: string): TextRule {
  return (text) => {
    const out: Finding[] = [];
    const at: number[] = [];
    for (let k = 0; k < text.length; k++) {
      if (text[k] !== mark) continue;
      // An apostrophe inside a word (don't, O'Brien) is no quote.
      if (mark === "'" && isLatinLetter(text[k - 1]) && isLatinLetter(text[k + 1])) continue;
      at.push(k);
    }
    for (let p = 0; p + 1 < at.length; p += 2) {
      const s = at[p]!;
      const e = at[p + 1]!;
      const inner = text.slice(s + 1, e);
      if (![...inner].some((ch) => isHan(ch)) && !isChinese(prevVisible(text, s)) && !isChinese(nextVisible(text, e + 1))) continue;
      out.push(fix(rule, s, s + 1, open), fix(rule, e, e + 1, close));
    }
    return out;
  };
}

export const doubleQuotes: TextRule = pairedQuotes('doubleQuotes', '"', '“', '”');
export const singleQuotes: TextRule = pairedQuotes('singleQuotes', "'", '‘', '’');

/** "..." / "。。。" / a lone "…" in Chinese text → "……". */
export const ellipsis: TextRule = (text) => {
  const out: Finding[] = [];
  for (const m of text.matchAll(/\.{3,}|。{3,}|…+|(?:\.\s){2,}\./g)) {
    if (m[0] === '……') continue;
    const start = m.index;
    const end = start + m[0].length;
    const chinese = m[0][0] === '。' || isChinese(prevWordChar(text, start)) || isChinese(nextVisible(text, end));
    if (!chinese) continue;
    out.push(fix('ellipsis', start, end, '……'));
  }
  return out;
};

/** "--", "――" (U+2015), "──" (box drawing) or a lone "—" in Chinese text → the dash "——". */
export const dash: TextRule = (text) => {
  const out: Finding[] = [];
  for (const m of text.matchAll(/-{2,}|―{1,}|─{1,}|—+/g)) {
    if (m[0] === '——') continue;
    const start = m.index;
    const end = start + m[0].length;
    const before = prevVisible(text, start);
    const after = nextVisible(text, end);
    // A dash between two numbers is a range (the numberRange hint says what to use); "--flag" is code.
    if (isAsciiDigit(before) && isAsciiDigit(after)) continue;
    if (!isChinese(before) && !isChinese(after)) continue;
    let s = start;
    let e = end;
    while (text[s - 1] === ' ') s--;
    while (text[e] === ' ') e++;
    out.push(fix('dash', s, e, '——'));
  }
  return out;
};

/** Spaces (half- or full-width) between two Chinese characters. */
export const hanSpace: TextRule = (text) => {
  const out: Finding[] = [];
  for (const m of text.matchAll(/[ \t\u3000\u00a0]+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start === 0 || end === text.length) continue; // leading indent and trailing spaces are layout, not copy
    if (isChinese(text[start - 1]) && isChinese(text[end]) && (isHan(text[start - 1]) || isHan(text[end]))) out.push(fix('hanSpace', start, end, ''));
  }
  return out;
};

/** Full-width digits and Latin letters → half-width (１２３ → 123, ＡＢＣ → ABC), a run at a time. */
export const fullWidthAlnum: TextRule = (text) => {
  const out: Finding[] = [];
  for (const m of text.matchAll(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+/g)) {
    const half = [...m[0]].map((ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).join('');
    out.push(fix('fullWidthAlnum', m.index, m.index + m[0].length, half));
  }
  return out;
};

// ---- Number usage hints (GB/T 15835): about a whole article, never applied.

const HAN_DIGITS: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
const HAN_YEAR = /[〇零一二三四五六七八九]{4}(?=年)/g;
const ARABIC_YEAR = /(?<![\d.])\d{4}(?=年)/;

function hint(rule: HintRuleId, start: number, end: number, proposed: string): Finding {
  return { rule, start, end, proposed, applicable: false };
}

/** Years written 二〇二六年 in an article that also writes 2026年: one form per article. */
export function mixedYearForms(texts: readonly string[]): Finding[][] {
  if (!texts.some((t) => ARABIC_YEAR.test(t))) return texts.map(() => []);
  return texts.map((t) => [...t.matchAll(HAN_YEAR)].map((m) => hint('mixedYearForms', m.index, m.index + 4, [...m[0]].map((c) => HAN_DIGITS[c]).join(''))));
}

const HAN_NUMBER_VALUES: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 三十五 → 35 for numbers under 100 (the common percentages); null when it is not such a number. */
export function smallHanNumber(s: string): number | null {
  if (s === '百') return 100;
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return null;
  if (!m[2]) return m[1] && !m[3] ? HAN_NUMBER_VALUES[m[1]]! : null;
  return (m[1] ? HAN_NUMBER_VALUES[m[1]]! : 1) * 10 + (m[3] ? HAN_NUMBER_VALUES[m[3]]! : 0);
}

/** 百分之三十 in an article that also writes 30%: statistics take Arabic numerals. */
export function mixedPercentForms(texts: readonly string[]): Finding[][] {
  if (!texts.some((t) => /\d\s*[%％]/.test(t))) return texts.map(() => []);
  return texts.map((t) =>
    [...t.matchAll(/百分之([零〇一二三四五六七八九十百]+)/g)].flatMap((m) => {
      const value = smallHanNumber(m[1]!);
      return value === null ? [] : [hint('mixedPercentForms', m.index, m.index + m[0].length, `${value}%`)];
    }),
  );
}

/** "3—5", "3-5" before a unit or Chinese text: a range of values takes the wave dash "～" (3～5). */
export const numberRange: TextRule = (text) => {
  const out: Finding[] = [];
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*(?:——|—|–|-{1,2})\s*(\d+(?:\.\d+)?)/g)) {
    const end = m.index + m[0].length;
    const before = text[m.index - 1];
    // Dates (2026-01-15), phone numbers and codes (010-1234) are no ranges.
    if (before === '-' || text[end] === '-' || isAsciiDigit(before)) continue;
    // A hyphen is a range only before a unit word or a percent sign (3-5年, 3-5%).
    if (m[0].includes('-') && !isHan(text[end]) && text[end] !== '%') continue;
    out.push(hint('numberRange', m.index, end, `${m[1]}～${m[2]}`));
  }
  return out;
};
