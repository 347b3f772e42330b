// Which encoding a text manuscript is in. Offices send UTF-8 (with or without the BOM Windows adds),
// and still GBK/GB18030 from older Windows editors. Invalid UTF-8 is tried as GB18030 and kept only
// when the result reads as Chinese text; anything else is refused rather than imported as mojibake.

import iconv from 'iconv-lite';
import { refuseManuscript } from './refusal';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
// Characters Chinese text normally holds besides Han: CJK and full-width punctuation, Latin-1 marks.
const CJK_PUNCTUATION = /[\u3000-\u303f\uff00-\uffef\u2010-\u2027\u00b7]/u;
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/u;

/** GB18030 decodes almost any byte string to something; real Chinese text is mostly Han and CJK punctuation. */
export function isPlausibleChinese(text: string): boolean {
  if (text.includes('\ufffd') || CONTROL.test(text)) return false;
  let han = 0;
  let otherNonAscii = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (HAN.test(ch)) han++;
    else if (!CJK_PUNCTUATION.test(ch)) otherNonAscii++;
  }
  return han > 0 && otherNonAscii <= (han + otherNonAscii) * 0.1;
}

export function decodeText(bytes: Buffer, file: string): { text: string; encoding: TextEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strictUtf8(bytes.subarray(3), file), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  // NUL bytes do not occur in text in any of these encodings: an image or a Word file renamed .txt.
  if (bytes.includes(0)) throw refuseManuscript('text_binary', file, 'the file holds NUL bytes');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const text = iconv.decode(bytes, 'gb18030');
    if (isPlausibleChinese(text)) return { text, encoding: 'gb18030' };
    throw refuseManuscript('text_encoding', file, 'neither valid UTF-8 nor GB18030 Chinese text');
  }
}

function strictUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuseManuscript('text_encoding', file, 'a UTF-8 byte order mark followed by invalid UTF-8');
  }
}
