// The ToUnicode CMap of an Identity-H font: maps each CID (2 bytes) to the text its glyph shows,
// so copy, search and text extraction return the Chinese source text. Multi-character clusters
// map to the whole string; a glyph without text maps nothing.
// Pure.

import { hex4, utf16BeHex } from '../pdf-syntax';

/** PDF 32000-1 §9.10.3 limits a bfchar block to 100 entries. */
const MAX_BFCHAR_BLOCK = 100;

export function buildToUnicodeCMap(textByCid: ReadonlyMap<number, string>): string {
  const entries = [...textByCid.entries()].filter(([, text]) => text.length > 0).sort((a, b) => a[0] - b[0]);
  const lines: string[] = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
  ];
  for (let start = 0; start < entries.length; start += MAX_BFCHAR_BLOCK) {
    const block = entries.slice(start, start + MAX_BFCHAR_BLOCK);
    lines.push(`${block.length} beginbfchar`);
    for (const [cid, text] of block) lines.push(`<${hex4(cid)}> <${utf16BeHex(text)}>`);
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end', '');
  return lines.join('\n');
}
