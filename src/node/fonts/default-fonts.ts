// Node side of the font registry: find the bundled Noto TTFs in node_modules, read each file once,
// and add the user's licensed fonts from <library>/fonts. The engine itself never touches files.

import fs from 'node:fs';
import path from 'node:path';
import { FontkitFace, facesFromBytes, parseFonts } from '../../engine/fonts/fontkit-face';
import { DEFAULT_FACE_ROLES, FontRegistry, type RoleBinding } from '../../engine/fonts/registry';
import { readFontFileLazily } from './lazy-font-file';
import { facesWithCache } from './metrics-cache';

const DEFAULT_FILES: { pkg: string; file: string }[] = [
  { pkg: 'noto-serif-sc', file: '400Regular/NotoSerifSC_400Regular.ttf' },
  { pkg: 'noto-serif-sc', file: '700Bold/NotoSerifSC_700Bold.ttf' },
  { pkg: 'noto-sans-sc', file: '400Regular/NotoSansSC_400Regular.ttf' },
  { pkg: 'noto-sans-sc', file: '700Bold/NotoSansSC_700Bold.ttf' },
];

/** node_modules/@expo-google-fonts, found by walking up from this file. */
export function findDefaultFontDir(start = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', '@expo-google-fonts');
    if (fs.existsSync(path.join(candidate, 'noto-serif-sc'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find node_modules/@expo-google-fonts (Noto Serif SC / Noto Sans SC)');
    dir = parent;
  }
}

export function defaultFontPaths(fontDir = findDefaultFontDir()): string[] {
  return DEFAULT_FILES.map((f) => path.join(fontDir, f.pkg, f.file));
}

const bytesCache = new Map<string, Uint8Array>();

/** File bytes, read once per process (the PDF writer embeds from the same bytes). */
export function fontBytes(file: string): Uint8Array {
  let b = bytesCache.get(file);
  if (!b) {
    // A view over the buffer readFileSync allocated: copying it would hold each 10–15 MB face twice.
    const read = fs.readFileSync(file);
    b = new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
    bytesCache.set(file, b);
  }
  return b;
}

const lazyBytesCache = new Map<string, Uint8Array>();

/** File bytes with glyph outlines read on first use (lazy-font-file.ts), once per process: the
 *  engine's faces and the PDF writer's subsets share them. */
export function lazyFontBytes(file: string): Uint8Array {
  let b = lazyBytesCache.get(file);
  if (!b) {
    b = readFontFileLazily(file);
    lazyBytesCache.set(file, b);
  }
  return b;
}

/** How a user font maps to roles: <library>/fonts/fonts.json, e.g.
 *  { "FZShuSong-Z01": [{ "role": "song", "weight": 400 }] } keyed by PostScript name. */
export type UserFontRoles = Record<string, RoleBinding[]>;

export interface LoadedFonts {
  registry: FontRegistry;
  /** Font key → file it came from, for the PDF writer. */
  files: Map<string, string>;
  /** User font files that could not be read, with the reason; the defaults still load. */
  problems: { file: string; reason: string }[];
}

/** A TrueType collection (.ttc) starts with the tag 'ttcf'. */
export function isCollection(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x74 && bytes[1] === 0x74 && bytes[2] === 0x63 && bytes[3] === 0x66;
}

/**
 * The key of a user face: its PostScript name, or, when a bundled or earlier face has that name
 * (a user's copy of Noto, say), the name qualified by the file (`NotoSansSC-Regular@myfile`), so no
 * face hides another. A collection member keeps its name (the PDF writer finds members by it) and
 * is skipped (null) on a clash.
 */
export function userFaceKey(postscriptName: string, fileName: string, inCollection: boolean, taken: (key: string) => boolean): string | null {
  if (!taken(postscriptName)) return postscriptName;
  if (inCollection) return null;
  const qualified = `${postscriptName}@${path.parse(fileName).name}`;
  return taken(qualified) ? null : qualified;
}

export function loadFontRegistry(opts: { userFontDir?: string; /** Where measured font data is kept (metrics-cache.ts); none: parse with fontkit. */ metricsCacheDir?: string } = {}): LoadedFonts {
  const registry = new FontRegistry();
  const files = new Map<string, string>();
  const problems: { file: string; reason: string }[] = [];
  for (const file of defaultFontPaths()) {
    for (const face of opts.metricsCacheDir ? facesWithCache(lazyFontBytes(file), opts.metricsCacheDir) : facesFromBytes(lazyFontBytes(file))) {
      registry.register(face, DEFAULT_FACE_ROLES[face.key] ?? []);
      files.set(face.key, file);
    }
  }
  if (opts.userFontDir && fs.existsSync(opts.userFontDir)) {
    let roles: UserFontRoles = {};
    const rolesFile = path.join(opts.userFontDir, 'fonts.json');
    if (fs.existsSync(rolesFile)) {
      try {
        roles = JSON.parse(fs.readFileSync(rolesFile, 'utf8')) as UserFontRoles;
      } catch (e) {
        problems.push({ file: rolesFile, reason: (e as Error).message });
      }
    }
    for (const name of fs.readdirSync(opts.userFontDir).sort()) {
      if (!/\.(ttf|otf|ttc)$/iu.test(name)) continue;
      const file = path.join(opts.userFontDir, name);
      try {
        const bytes = lazyFontBytes(file);
        const collection = isCollection(bytes);
        for (const font of parseFonts(bytes)) {
          const face = new FontkitFace(font);
          const key = userFaceKey(face.key, name, collection, (k) => registry.get(k) !== undefined);
          if (key === null) {
            problems.push({ file, reason: `a face named ${face.key} is already loaded` });
            continue;
          }
          const keyed = key === face.key ? face : new FontkitFace(font, key);
          registry.register(keyed, roles[key] ?? []);
          files.set(key, file);
        }
      } catch (e) {
        problems.push({ file, reason: (e as Error).message });
      }
    }
  }
  return { registry, files, problems };
}
