// Characters no printed text needs and that can hide or rearrange what is shown: C0/C1 controls
// (a terminal's escape sequences, BEL), the bidirectional overrides and isolates ("Trojan Source":
// text that reads one way and is stored another) and zero-width characters (invisible, they split
// words for search and line breaking). Imports remove them and say how many of each kind they
// removed; the command line prints them escaped. Line breaks and tabs stay; U+2060 WORD JOINER stays
// (the engine's deliberate no-break glue), as do U+2028/U+2029. Pure.

export type UnsafeKind = 'control' | 'bidi' | 'zeroWidth';

export type RemovedCounts = Record<UnsafeKind, number>;

const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u180e]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

export function unsafeKindOf(cp: number): UnsafeKind | null {
  if ((cp <= 0x1f && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f)) return 'control';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi';
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0xfeff || cp === 0x180e) return 'zeroWidth';
  return null;
}

export function noneRemoved(): RemovedCounts {
  return { control: 0, bidi: 0, zeroWidth: 0 };
}

export function totalRemoved(r: RemovedCounts): number {
  return r.control + r.bidi + r.zeroWidth;
}

/** The text without its unsafe characters; each one removed is counted into `removed`. */
export function removeUnsafe(text: string, removed: RemovedCounts): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (ch) => {
    removed[unsafeKindOf(ch.codePointAt(0)!)!]++;
    return '';
  });
}

/** Every string in a JSON value cleaned (keys too), for imports of whole documents. */
export function removeUnsafeDeep<T>(value: T, removed: RemovedCounts): T {
  // An explicit stack: imported documents can be deep.
  const root = { value } as { value: unknown };
  const stack: [Record<string, unknown> | unknown[], string | number][] = [[root as Record<string, unknown>, 'value']];
  while (stack.length > 0) {
    const [holder, key] = stack.pop()!;
    const v = (holder as Record<string | number, unknown>)[key];
    if (typeof v === 'string') (holder as Record<string | number, unknown>)[key] = removeUnsafe(v, removed);
    else if (Array.isArray(v)) for (let k = 0; k < v.length; k++) stack.push([v, k]);
    else if (typeof v === 'object' && v !== null) {
      const obj = v as Record<string, unknown>;
      for (const k of Object.keys(obj)) {
        const clean = removeUnsafe(k, removed);
        if (clean !== k) {
          obj[clean] = obj[k];
          delete obj[k];
        }
        stack.push([obj, clean]);
      }
    }
  }
  return root.value as T;
}

/** What a terminal line must not carry raw: the unsafe characters and a carriage return (it would
 *  let the rest of a line print over its start). */
const TERMINAL_UNSAFE = new RegExp(`${UNSAFE.source}|\\r`, 'u');
const TERMINAL_UNSAFE_ALL = new RegExp(TERMINAL_UNSAFE.source, 'gu');

/** The text with every unsafe character shown as \u{…} instead (what a terminal may print). */
export function escapeUnsafe(text: string): string {
  if (!TERMINAL_UNSAFE.test(text)) return text;
  return text.replace(TERMINAL_UNSAFE_ALL, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).padStart(4, '0')}}`);
}
