// Fonts measured once per library, not once per process: the engine's data of each face (cmap,
// advances, ASCII pair kerning, runs shaped before; src/engine/fonts/cached-face.ts) is kept in
// <library>/cache/fonts/, named by a SHA-256 of the font's tables other than its outlines (exactly
// what the data is derived from, and read anyway). A later process loads it in a few milliseconds
// instead of having fontkit decode the tables; a file that is missing, stale or damaged is measured
// again from the font and rewritten. Runs fontkit shapes in a process that the data lacked are
// added to it (saveLearnedMetrics), so the next process finds them too.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CachedFace, decodeMetrics, encodeMetrics, measureFont, METRICS_VERSION, type FaceMetrics, type MeasurableFont } from '../../engine/fonts/cached-face';
import type { FontFace } from '../../engine/fonts/font-face';
import { FontkitFace, parseFonts } from '../../engine/fonts/fontkit-face';
import { writeFileAtomically } from '../export/atomic-write';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../library/private-files';

/** Outline tables: not part of what the metrics come from, and most of the file's size. */
const OUTLINE_TABLES = new Set(['glyf', 'CFF ', 'CFF2']);

/** Hex SHA-256 of the table directory and every non-outline table; null for a collection or an unreadable directory. */
export function metricsKeyOf(bytes: Uint8Array): string | null {
  if (bytes.length < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565 && version !== 0x4f54544f) return null; // TrueType, 'true', 'OTTO'
  const numTables = view.getUint16(4);
  const directoryLength = 12 + numTables * 16;
  if (directoryLength > bytes.length) return null;
  const hash = createHash('sha256');
  hash.update(`qkfm${METRICS_VERSION}`);
  hash.update(bytes.subarray(0, directoryLength));
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    if (offset + length > bytes.length) return null;
    if (!OUTLINE_TABLES.has(tag)) hash.update(bytes.subarray(offset, offset + length));
  }
  return hash.digest('hex');
}

interface CacheEntry {
  file: string;
  /** Weak: a registry replaced (fonts reloaded, a library closed) lets its faces go. */
  face: WeakRef<CachedFace>;
  /** Runs already written to the file. */
  saved: number;
}

const entries = new Set<CacheEntry>();

function read(file: string): FaceMetrics | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  try {
    return decodeMetrics(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return null; // damaged or from another version: measured again below
  }
}

function write(file: string, metrics: FaceMetrics): void {
  try {
    // Private like the library's cache/ it normally is in.
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    writeFileAtomically(file, encodeMetrics(metrics), PRIVATE_FILE_MODE);
  } catch {
    // A read-only cache costs speed, never correctness.
  }
}

/**
 * The faces of one font file for the engine: from the cached metrics when `cacheDir` has them (or
 * they can be made and stored there), else plain fontkit faces. `bytes` may be read lazily (outlines
 * on demand): only the other tables are hashed.
 */
export function facesWithCache(bytes: Uint8Array, cacheDir: string | null): FontFace[] {
  const key = cacheDir ? metricsKeyOf(bytes) : null;
  if (!cacheDir || !key) return parseFonts(bytes).map((f) => new FontkitFace(f));
  const file = path.join(cacheDir, `${key}.qkfm`);
  let parsed: FontkitFace | null = null;
  const parse = (): FontkitFace => (parsed ??= new FontkitFace(parseFonts(bytes)[0]!));
  let metrics = read(file);
  if (!metrics) {
    const face = parse();
    const font = parseFontOf(face);
    try {
      metrics = measureFont(font, face.key, (text) => face.shape(text));
    } catch {
      return [face]; // shaping the font does not fit the pair table: keep fontkit for it
    }
    write(file, metrics);
  }
  const face = new CachedFace(metrics, parse);
  entries.add({ file, face: new WeakRef(face), saved: 0 });
  return [face];
}

/** The fontkit font behind a FontkitFace (measureFont reads its tables). */
function parseFontOf(face: FontkitFace): MeasurableFont {
  return face.font as unknown as MeasurableFont;
}

/** Adds the runs the faces shaped with fontkit in this process to their cache files. */
export function saveLearnedMetrics(): void {
  for (const entry of entries) {
    const face = entry.face.deref();
    if (!face) {
      entries.delete(entry);
      continue;
    }
    const learned = Object.keys(face.learned);
    if (learned.length === entry.saved) continue;
    entry.saved = learned.length;
    write(entry.file, { ...face.metrics, shaped: { ...face.metrics.shaped, ...face.learned } });
  }
}
