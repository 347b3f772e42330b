// Registering a licensed font (e.g. 方正书宋) with the library. A font is checked before anything is
// written: it must be a whole TrueType font, collection or OpenType font that the engine can shape
// and the PDF writer can embed (glyf outlines: the writer refuses CFF), with Han coverage, since
// every font role is a Chinese face. It is then copied into <library>/fonts under a name no other
// file has, so nothing is ever overwritten, and the library's fonts are reloaded.

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { QikanError } from '../../shared/errors';
import { CachedFace } from '../../engine/fonts/cached-face';
import { FontkitFace, parseFonts } from '../../engine/fonts/fontkit-face';
import type { Library } from '../library/open-library';
import { makeDirIn, PRIVATE_FILE_MODE } from '../library/private-files';
import { isCollection } from './default-fonts';
import { libraryFontDir, libraryFonts, reloadLibraryFonts } from './library-fonts';

export const FONT_EXTENSIONS = ['.ttf', '.otf', '.ttc'] as const;

/** Why a font was refused (details.reason; the locale files name each one). */
export type FontRefusal =
  | 'font_type'
  | 'font_empty'
  | 'not_a_font'
  | 'font_truncated'
  | 'font_damaged'
  | 'cff_outlines'
  | 'no_cjk'
  | 'no_postscript_name'
  | 'duplicate_font';

const EXPECTED = 'a TrueType font (.ttf, .otf or .ttc) with glyf outlines and Chinese characters';

function refuse(file: string, reason: FontRefusal, message: string, extra: Record<string, string> = {}): QikanError {
  return new QikanError('import_invalid', `font ${file}: ${message}`, { file, reason, path: 'upload', expected: EXPECTED, ...extra });
}

/** Very common characters every face for a Chinese role must have (a Latin or symbol font has none). */
const HAN_SAMPLE = '的一是在不了有和人这中大为上国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

function readDirectory(bytes: Uint8Array, at: number): Map<string, { offset: number; length: number }> | 'truncated' {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (at + 12 > bytes.length) return 'truncated';
  const numTables = view.getUint16(at + 4);
  if (at + 12 + numTables * 16 > bytes.length) return 'truncated';
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < numTables; i++) {
    const rec = at + 12 + i * 16;
    const tag = String.fromCharCode(bytes[rec]!, bytes[rec + 1]!, bytes[rec + 2]!, bytes[rec + 3]!);
    const offset = view.getUint32(rec + 8);
    const length = view.getUint32(rec + 12);
    if (offset + length > bytes.length) return 'truncated';
    tables.set(tag, { offset, length });
  }
  return tables;
}

const TRUETYPE_TAGS = new Set([0x00010000, 0x74727565 /* 'true' */]);
const CFF_TAG = 0x4f54544f; // 'OTTO'
const COLLECTION_TAG = 0x74746366; // 'ttcf'
const REQUIRED_TABLES = ['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'loca', 'glyf'];

/** The sfnt structure: every table inside the file, glyf outlines present. */
function checkStructure(file: string, bytes: Uint8Array): void {
  if (bytes.length === 0) throw refuse(file, 'font_empty', 'the file is empty');
  if (bytes.length < 12) throw refuse(file, 'not_a_font', 'too short to be a font');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = view.getUint32(0);
  let starts: number[];
  if (tag === COLLECTION_TAG) {
    const count = view.getUint32(8);
    if (count === 0 || 12 + count * 4 > bytes.length) throw refuse(file, 'font_truncated', 'the collection header is cut short');
    starts = Array.from({ length: count }, (_, k) => view.getUint32(12 + k * 4));
  } else if (TRUETYPE_TAGS.has(tag) || tag === CFF_TAG) {
    starts = [0];
  } else {
    throw refuse(file, 'not_a_font', 'not a TrueType or OpenType font');
  }
  for (const start of starts) {
    const inner = start + 4 <= bytes.length ? view.getUint32(start) : -1;
    const tables = readDirectory(bytes, start);
    if (tables === 'truncated') throw refuse(file, 'font_truncated', 'a table reaches past the end of the file');
    if (inner === CFF_TAG || ((tables.has('CFF ') || tables.has('CFF2')) && !tables.has('glyf'))) {
      throw refuse(file, 'cff_outlines', 'CFF (OpenType/PostScript) outlines: the PDF writer embeds TrueType (glyf) outlines only');
    }
    if (!TRUETYPE_TAGS.has(inner)) throw refuse(file, 'not_a_font', 'a collection member is not a TrueType font');
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) throw refuse(file, 'font_damaged', `tables missing: ${missing.join(', ')}`);
  }
}

interface CheckedFace {
  postscriptName: string;
}

/** Parse as the engine does and make sure each face has a name, Han glyphs and readable outlines. */
function checkFaces(file: string, bytes: Uint8Array): CheckedFace[] {
  let fonts: ReturnType<typeof parseFonts>;
  try {
    fonts = parseFonts(bytes);
  } catch (e) {
    throw refuse(file, 'not_a_font', (e as Error).message);
  }
  const hanSample = [...HAN_SAMPLE].map((c) => c.codePointAt(0)!);
  return fonts.map((font) => {
    const face = new FontkitFace(font);
    const name = face.names.postscriptName;
    if (!name || name.trim() === '') throw refuse(file, 'no_postscript_name', 'the font has no PostScript name');
    let covered = 0;
    try {
      for (const cp of hanSample) if (face.glyph(cp).gid !== 0) covered++;
      // Shaping a Han run reads glyph records and metrics, which a damaged font fails on.
      face.shape('北京人大');
    } catch (e) {
      throw refuse(file, 'font_damaged', (e as Error).message, { font: name });
    }
    if (covered < hanSample.length * 0.95) throw refuse(file, 'no_cjk', `only ${covered} of ${hanSample.length} common Chinese characters`, { font: name });
    return { postscriptName: name };
  });
}

/** A file name safe on every platform, keeping the font's extension. */
export function safeFontFileName(fileName: string): string {
  const base = path.basename(fileName.replace(/\\/gu, '/'));
  // Not path.extname: it reads ".ttf" alone as a name without an extension.
  const ext = (/\.[^.]*$/u.exec(base)?.[0] ?? '').toLowerCase();
  const stem = base
    .slice(0, base.length - ext.length)
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .replace(/^[.\s]+|[.\s]+$/gu, '')
    .slice(0, 100);
  return `${stem || 'font'}${ext}`;
}

function extensionOf(fileName: string): (typeof FONT_EXTENSIONS)[number] | null {
  const ext = (/\.[^.]*$/u.exec(fileName)?.[0] ?? '').toLowerCase();
  return (FONT_EXTENSIONS as readonly string[]).includes(ext) ? (ext as (typeof FONT_EXTENSIONS)[number]) : null;
}

/** Writes `bytes` as <dir>/<name> or, when taken, <stem>-2<ext>, -3, …; never replaces a file. */
function writeUnder(dir: string, name: string, bytes: Uint8Array): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  // Written whole under a name the loader ignores, then linked into place: link fails on an existing
  // name, so two registrations at once cannot replace each other, and a crash leaves no half font.
  const temp = path.join(dir, `.adding-${process.pid}-${randomBytes(6).toString('hex')}.part`);
  fs.writeFileSync(temp, bytes, { flag: 'wx', mode: PRIVATE_FILE_MODE }); // the link keeps the mode
  try {
    for (let n = 1; n < 10_000; n++) {
      const target = path.join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
      try {
        try {
          fs.linkSync(temp, target);
        } catch (e) {
          // Some file systems (FAT, certain shares) have no hard links: copy, still never over a file.
          if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(String((e as NodeJS.ErrnoException).code))) throw e;
          fs.copyFileSync(temp, target, fs.constants.COPYFILE_EXCL);
        }
        return target;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    throw new Error(`no free file name for ${name} in ${dir}`);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** PostScript names of the faces the user already registered. */
function userFaceNames(lib: Library): Set<string> {
  const loaded = libraryFonts(lib);
  const dir = libraryFontDir(lib) + path.sep;
  const names = new Set<string>();
  for (const [key, file] of loaded.files) {
    if (!file.startsWith(dir)) continue;
    const face = loaded.registry.get(key);
    names.add(face instanceof FontkitFace || face instanceof CachedFace ? (face.names.postscriptName ?? key) : key);
  }
  return names;
}

/**
 * Check a font file and copy it into <library>/fonts; returns the file written. Refusals are
 * QikanError('import_invalid') with details.file and details.reason, and leave the library as it was.
 */
export function addLibraryFont(lib: Library, fileName: string, bytes: Uint8Array): string {
  const shownName = path.basename(fileName.replace(/\\/gu, '/'));
  if (!extensionOf(shownName)) throw refuse(shownName, 'font_type', 'only .ttf, .otf and .ttc files are fonts');
  checkStructure(shownName, bytes);
  const faces = checkFaces(shownName, bytes);
  const taken = userFaceNames(lib);
  const bundled = new Set(libraryFonts(lib).registry.keys());
  const collection = isCollection(bytes);
  for (const face of faces) {
    // A face the user registered already: a second copy would only shadow the first.
    // A collection member named like a bundled face cannot take another key (the PDF writer
    // finds collection members by PostScript name), so it is refused too.
    if (taken.has(face.postscriptName) || (collection && bundled.has(face.postscriptName))) {
      throw refuse(shownName, 'duplicate_font', `the library already has ${face.postscriptName}`, { font: face.postscriptName });
    }
  }
  const dir = libraryFontDir(lib);
  makeDirIn(lib.dir, dir);
  const written = writeUnder(dir, safeFontFileName(shownName), bytes);
  reloadLibraryFonts(lib);
  return written;
}
