// A .docx is a zip. Before any library unpacks it, its central directory is read here and checked:
// a file that is not a zip, a truncated one, or one whose entries would unpack to more than the limits
// (a zip bomb) is refused without inflating anything. Declared sizes can lie, so each entry is then
// inflated with a hard output cap equal to what it declared: a liar is refused as soon as it overruns.

import zlib from 'node:zlib';
import { refuseManuscript } from './refusal';

/** Most a manuscript may unpack to, all entries together. */
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
/** Largest compression ratio accepted for an entry that unpacks to more than RATIO_FLOOR_BYTES. */
export const MAX_COMPRESSION_RATIO = 100;
const RATIO_FLOOR_BYTES = 1024 * 1024;
const MAX_ENTRIES = 10_000;

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= earliest; i--) {
    if (bytes.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  return -1;
}

/** Reads and checks the central directory; throws import_invalid (docx_not_zip, docx_damaged, docx_zip_bomb). */
export function readZipDirectory(bytes: Buffer, file: string): ZipEntry[] {
  const looksLikeZip = bytes.length >= 4 && bytes.readUInt32LE(0) === LOCAL_SIGNATURE;
  if (!looksLikeZip) throw refuseManuscript('docx_not_zip', file, 'not a zip archive, so not a .docx');
  const eocd = bytes.length >= 22 ? findEndOfCentralDirectory(bytes) : -1;
  if (eocd < 0) throw refuseManuscript('docx_damaged', file, 'the zip has no central directory (truncated?)');
  const count = bytes.readUInt16LE(eocd + 10);
  const directorySize = bytes.readUInt32LE(eocd + 12);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw refuseManuscript('docx_zip_bomb', file, 'ZIP64 archive: far larger than any manuscript');
  if (count > MAX_ENTRIES) throw refuseManuscript('docx_zip_bomb', file, `${count} entries`);
  if (directoryOffset + directorySize > eocd) throw refuseManuscript('docx_damaged', file, 'the central directory lies outside the file');

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || bytes.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw refuseManuscript('docx_damaged', file, `central directory entry ${i} is damaged`);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const uncompressedSize = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localHeaderOffset = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) throw refuseManuscript('docx_zip_bomb', file, `${name}: ZIP64 sizes`);
    total += uncompressedSize;
    if (total > MAX_UNPACKED_BYTES) throw refuseManuscript('docx_zip_bomb', file, `unpacks to more than ${MAX_UNPACKED_BYTES} bytes`, { entry: name });
    if (uncompressedSize > RATIO_FLOOR_BYTES && uncompressedSize > Math.max(1, compressedSize) * MAX_COMPRESSION_RATIO) {
      throw refuseManuscript('docx_zip_bomb', file, `${name} would unpack ${uncompressedSize} bytes from ${compressedSize}`, { entry: name });
    }
    if (localHeaderOffset + 30 + compressedSize > directoryOffset) throw refuseManuscript('docx_damaged', file, `${name}: data lies outside the file`);
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one entry, never producing more than it declared; throws import_invalid on any mismatch. */
export function readZipEntry(bytes: Buffer, entry: ZipEntry, file: string): Buffer {
  const at = entry.localHeaderOffset;
  if (bytes.readUInt32LE(at) !== LOCAL_SIGNATURE) throw refuseManuscript('docx_damaged', file, `${entry.name}: local header missing`);
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw refuseManuscript('docx_damaged', file, `${entry.name}: data cut short`);
  let out: Buffer;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) {
    try {
      // One byte of headroom: an entry that inflates past its declared size fails here instead of filling memory.
      out = zlib.inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch (err) {
      const overrun = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw refuseManuscript(overrun ? 'docx_zip_bomb' : 'docx_damaged', file, `${entry.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  } else throw refuseManuscript('docx_damaged', file, `${entry.name}: compression method ${entry.method}`);
  if (out.length !== entry.uncompressedSize) {
    throw refuseManuscript(out.length > entry.uncompressedSize ? 'docx_zip_bomb' : 'docx_damaged', file, `${entry.name}: ${out.length} bytes, ${entry.uncompressedSize} declared`);
  }
  return out;
}

/** Checks the whole archive (directory, then every entry under its cap); returns the entries by name. */
export function checkZip(bytes: Buffer, file: string): Map<string, Buffer> {
  const entries = readZipDirectory(bytes, file);
  return new Map(entries.map((e) => [e.name, readZipEntry(bytes, e, file)]));
}
