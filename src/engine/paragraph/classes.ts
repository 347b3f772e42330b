// Character classes for Chinese composition (typography.md §1.2, §1.3, §2.1). Pure tables.

export type KinsokuLevel = 'none' | 'basic' | 'gb' | 'strict';

/** 点号 set low-left (。，、；：．): full width, adjustable right half. */
const STOPS = new Set([0x3002, 0xff0c, 0x3001, 0xff1b, 0xff1a, 0xff0e]);
/** ？！: set left, adjustable right half (GB). */
const QUESTION_EXCLAIM = new Set([0xff1f, 0xff01]);
/** Full-width closing marks: ink left, adjustable right half. */
const CLOSING_FULL = new Set([0x201d, 0x2019, 0xff09, 0xff3d, 0xff5d, 0x3015, 0x3011, 0x3017, 0x3019, 0x301b, 0x300b, 0x3009, 0x300d, 0x300f]);
/** Full-width opening marks: ink right, adjustable left half. */
const OPENING_FULL = new Set([0x201c, 0x2018, 0xff08, 0xff3b, 0xff5b, 0x3014, 0x3010, 0x3016, 0x3018, 0x301a, 0x300a, 0x3008, 0x300c, 0x300e]);
const CLOSING_ASCII = new Set([0x29, 0x5d, 0x7d]);
const OPENING_ASCII = new Set([0x28, 0x5b, 0x7b]);

/** A break is forbidden before these at level basic and above (§1.2, minus the strict-only row). */
const NO_START_BASE = new Set<number>([
  ...STOPS,
  ...QUESTION_EXCLAIM,
  ...CLOSING_FULL,
  ...CLOSING_ASCII,
  0x2013, 0xff5e, 0x301c, // 连接号 (a single U+2014 is added by the atom builder)
  0x00b7, 0x30fb, 0x2027, 0x2022, 0xff65, // 间隔号 and its look-alikes
  0x002f, 0xff0f, // 分隔号
  0x2047, 0x203c, 0x2048, 0x2049,
  0x0025, 0xff05, 0x2030, 0x2103, 0x00b0, 0x2032, 0x2033,
  0x002c, 0x002e, 0x003b, 0x003a, 0x003f, 0x0021,
  0x25a1, 0x2612, // end mark □ and its extraction variant ☒
]);

/** A break is forbidden after these at level basic and above (§1.3). */
const NO_END_BASE = new Set<number>([
  ...OPENING_FULL,
  ...OPENING_ASCII,
  0x00a5, 0xffe5, 0x0024, 0xff04, 0x00a3, 0xffe1, 0x20ac, 0x2116, 0x0023, 0xff03,
]);
const SEPARATORS = new Set([0x002f, 0xff0f]);

export const NUMBER_PREFIXES = new Set([0x00a5, 0xffe5, 0x0024, 0xff04, 0x00a3, 0xffe1, 0x20ac, 0x2116, 0x0023, 0xff03]);
export const NUMBER_POSTFIXES = new Set([0x0025, 0xff05, 0x2030, 0x2103, 0x00b0, 0x2032, 0x2033]);

export function isStop(cp: number): boolean {
  return STOPS.has(cp);
}
export function isQuestionExclaim(cp: number): boolean {
  return QUESTION_EXCLAIM.has(cp);
}
export function isClosingFull(cp: number): boolean {
  return CLOSING_FULL.has(cp);
}
export function isOpeningFull(cp: number): boolean {
  return OPENING_FULL.has(cp);
}
export function isClosingAscii(cp: number): boolean {
  return CLOSING_ASCII.has(cp);
}
export function isOpeningAscii(cp: number): boolean {
  return OPENING_ASCII.has(cp);
}

/** Whether a line may not start with this code point at the given level. */
export function forbiddenAtLineStart(cp: number, level: KinsokuLevel): boolean {
  return level !== 'none' && NO_START_BASE.has(cp);
}

/** Whether a line may not end with this code point at the given level. */
export function forbiddenAtLineEnd(cp: number, level: KinsokuLevel): boolean {
  if (level === 'none') return false;
  if (NO_END_BASE.has(cp)) return true;
  return (level === 'gb' || level === 'strict') && SEPARATORS.has(cp);
}

/** Latin letters (any script written with spaces between words) and ASCII digits. */
export function isLatinLetterOrDigit(cp: number): boolean {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return true;
  // Latin-1 letters, Latin Extended, Greek and Cyrillic letters.
  return (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) || (cp >= 0x370 && cp <= 0x4ff);
}

export function isAsciiDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}

/** Characters that join two alphanumerics into one unbreakable Latin atom ("11-4553/D", "38.8", "14:12"). */
export function isLatinJoiner(cp: number): boolean {
  return (
    cp === 0x2e || cp === 0x2c || cp === 0x2d || cp === 0x2f || cp === 0x3a || cp === 0x27 || cp === 0x2019 ||
    cp === 0x2009 || cp === 0x202f || cp === 0x2010 || cp === 0x2011 || cp === 0x26 || cp === 0x5f
  );
}

/** No-break joiners (§1.4-6): the atoms on both sides stay together. */
export function isNoBreakGlue(cp: number): boolean {
  return cp === 0xa0 || cp === 0x2060 || cp === 0x202f;
}

/** Characters set as a Han-like full-width box (ideographs, kana, full-width forms, CJK symbols). */
export function isWide(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp >= 0x20000
  );
}
