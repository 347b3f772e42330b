// Reads a TrueType font without its outlines: every table but glyf is read into place, the glyf
// table stays zero-filled (a fresh zeroed allocation occupies no memory until written), and each
// glyph's outline is read from the file the first time fontkit asks for that glyph (see
// src/engine/fonts/glyph-loader.ts). The four Noto faces are ~50 MB on disk, ~95 % of it outlines,
// of which an issue uses a few thousand glyphs. Collections, CFF fonts and anything unusual are
// read whole.

import fs from 'node:fs';
import { registerGlyphLoader } from '../../engine/fonts/glyph-loader';

interface TableRecord {
  offset: number;
  length: number;
}

const TRUETYPE_VERSIONS = new Set([0x00010000, 0x74727565 /* 'true' */]);

function readExactly(fd: number, target: Uint8Array, offset: number, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, target, offset + done, length - done, position + done);
    if (n === 0) throw new Error(`unexpected end of font file at byte ${position + done}`);
    done += n;
  }
}

function tableDirectory(fd: number, fileSize: number): Map<string, TableRecord> | null {
  if (fileSize < 12) return null;
  const header = new Uint8Array(12);
  readExactly(fd, header, 0, 12, 0);
  const view = new DataView(header.buffer);
  if (!TRUETYPE_VERSIONS.has(view.getUint32(0))) return null;
  const numTables = view.getUint16(4);
  const records = new Uint8Array(numTables * 16);
  if (12 + records.length > fileSize) return null;
  readExactly(fd, records, 0, records.length, 12);
  const recordView = new DataView(records.buffer);
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < numTables; i++) {
    const at = i * 16;
    const tag = String.fromCharCode(records[at]!, records[at + 1]!, records[at + 2]!, records[at + 3]!);
    const offset = recordView.getUint32(at + 8);
    const length = recordView.getUint32(at + 12);
    if (offset + length > fileSize) return null;
    tables.set(tag, { offset, length });
  }
  return tables;
}

/** The bytes of a font file; for a plain TrueType font, with outlines loaded per glyph on demand. */
/** Bytes between two wanted glyphs read along rather than starting a new read. */
const GLYPH_READ_GAP = 4096;

export function readFontFileLazily(file: string): Uint8Array {
  const fd = fs.openSync(file, 'r');
  let keepOpen = false;
  try {
    const size = fs.fstatSync(fd).size;
    const tables = tableDirectory(fd, size);
    const glyf = tables?.get('glyf');
    const loca = tables?.get('loca');
    const head = tables?.get('head');
    if (!tables || !glyf || !loca || !head || head.length < 54) return fs.readFileSync(fd);

    const bytes = new Uint8Array(size);
    const directoryLength = 12 + tables.size * 16;
    readExactly(fd, bytes, 0, directoryLength, 0);
    for (const [tag, table] of tables) if (tag !== 'glyf') readExactly(fd, bytes, table.offset, table.length, table.offset);

    const view = new DataView(bytes.buffer);
    const longOffsets = view.getInt16(head.offset + 50) === 1;
    const glyphCount = Math.floor(loca.length / (longOffsets ? 4 : 2)) - 1;
    const glyphStart = (gid: number): number =>
      longOffsets ? view.getUint32(loca.offset + gid * 4) : view.getUint16(loca.offset + gid * 2) * 2;
    const loaded = new Uint8Array(Math.max(glyphCount, 0));
    keepOpen = true;
    const wanted = (gid: number): boolean => Number.isInteger(gid) && gid >= 0 && gid < glyphCount && !loaded[gid];
    registerGlyphLoader(
      bytes,
      (gid) => {
        if (!wanted(gid)) return;
        loaded[gid] = 1;
        const start = glyphStart(gid);
        const end = Math.min(glyphStart(gid + 1), glyf.length);
        if (end > start) readExactly(fd, bytes, glyf.offset + start, end - start, glyf.offset + start);
      },
      (gids) => {
        // Ranges of the glyf table, in file order, joined across small gaps: one read per range.
        const ranges: [number, number][] = [];
        for (const gid of gids) {
          if (!wanted(gid)) continue;
          loaded[gid] = 1;
          const start = glyphStart(gid);
          const end = Math.min(glyphStart(gid + 1), glyf.length);
          if (end > start) ranges.push([start, end]);
        }
        ranges.sort((a, b) => a[0] - b[0]);
        let k = 0;
        while (k < ranges.length) {
          const from = ranges[k]![0];
          let to = ranges[k]![1];
          while (k + 1 < ranges.length && ranges[k + 1]![0] - to <= GLYPH_READ_GAP) to = Math.max(to, ranges[++k]![1]);
          readExactly(fd, bytes, glyf.offset + from, to - from, glyf.offset + from);
          k++;
        }
      },
    );
    return bytes;
  } finally {
    if (!keepOpen) fs.closeSync(fd);
  }
}
