// Small helpers for writing PDF syntax by hand (content streams, CMaps).
// Pure: no pdf-lib, no node built-ins.

/** A number as PDF writes it: at most 3 decimals, no exponent, no "-0". */
export function pdfNumber(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  if (rounded === 0) return '0';
  return String(rounded);
}

/** Rounds the way pdfNumber writes, so positions computed from written values add up exactly. */
export function roundAsWritten(value: number): number {
  const rounded = Math.round(value * 1000) / 1000;
  return rounded === 0 ? 0 : rounded;
}

const HEX_DIGITS = '0123456789ABCDEF';

/** A 16-bit code as four uppercase hex digits (CIDs in Identity-H strings, CMap entries). */
export function hex4(code: number): string {
  return (
    HEX_DIGITS[(code >> 12) & 15]! + HEX_DIGITS[(code >> 8) & 15]! + HEX_DIGITS[(code >> 4) & 15]! + HEX_DIGITS[code & 15]!
  );
}

/** UTF-16BE hex of a JS string (surrogate pairs stay as pairs, which is what ToUnicode wants). */
export function utf16BeHex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i));
  return out;
}

const encoder = new TextEncoder();

/** Latin-1 only: content streams and CMaps are ASCII by construction. */
export function asciiBytes(text: string): Uint8Array {
  // ASCII encodes the same in UTF-8, and the native encoder beats a loop over a page's characters;
  // anything else (it should not occur) keeps the low byte of each unit, as it always did.
  const encoded = encoder.encode(text);
  if (encoded.length === text.length) return encoded;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}
