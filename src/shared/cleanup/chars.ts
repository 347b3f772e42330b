// Character classes the cleanup rules test against. Pure.

const HAN = /\p{Script=Han}/u;
/** Full-width Chinese punctuation that may stand where a Han character would (，。：“” …). */
const CJK_PUNCT = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026]/u;

export function isHan(ch: string | undefined): boolean {
  return ch !== undefined && HAN.test(ch);
}

/** Han or Chinese punctuation: the text around the character is Chinese. */
export function isChinese(ch: string | undefined): boolean {
  return ch !== undefined && (HAN.test(ch) || CJK_PUNCT.test(ch));
}

export function isAsciiDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

export function isLatinLetter(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z]/.test(ch);
}

/** The nearest character before `at` that is not a space or tab (undefined at the start). */
export function prevVisible(text: string, at: number): string | undefined {
  for (let k = at - 1; k >= 0; k--) if (text[k] !== ' ' && text[k] !== '\t') return text[k];
  return undefined;
}

/** The nearest character from `at` on that is not a space or tab (undefined at the end). */
export function nextVisible(text: string, at: number): string | undefined {
  for (let k = at; k < text.length; k++) if (text[k] !== ' ' && text[k] !== '\t') return text[k];
  return undefined;
}

const SKIPPED_AROUND = new Set([' ', '\t', '"', "'", '(', ')']);

/** The nearest character before `at` that is not a space, a straight quote or a parenthesis: what a
 *  mark after a quotation (…"...") belongs to. */
export function prevWordChar(text: string, at: number): string | undefined {
  for (let k = at - 1; k >= 0; k--) if (!SKIPPED_AROUND.has(text[k]!)) return text[k];
  return undefined;
}

/** Ranges [start, end) that look like URLs, e-mail addresses or inline code: no rule touches them. */
export function protectedRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const patterns = [/\b(?:https?|ftp):\/\/[^\s\u3000-\u303f\uff00-\uffef]+/giu, /\bwww\.[A-Za-z0-9.-]+[^\s\u3000-\u303f\uff00-\uffef]*/giu, /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu, /`[^`\n]*`/gu];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  return out;
}

export function overlaps(ranges: readonly [number, number][], start: number, end: number): boolean {
  return ranges.some(([s, e]) => start < e && end > s);
}
