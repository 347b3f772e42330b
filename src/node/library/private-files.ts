// The library is the user's alone: its folder and the folders it makes in it (photos/, fonts/,
// cache/, exports/) are 0700, and library.sqlite (with its -wal and -shm, which SQLite creates with
// the main file's mode) and the files written there are 0600, whatever the umask. A library made by
// an older version with wider modes is tightened when opened. Windows has no such modes: nothing is
// changed there.

import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const POSIX_MODES = process.platform !== 'win32';

/** Whether `p` is `libraryDir` itself or inside it. */
export function insideLibrary(libraryDir: string, p: string): boolean {
  const rel = path.relative(path.resolve(libraryDir), path.resolve(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Takes group and other permissions off an existing file or folder (best effort: a file system
 *  without modes, or someone else's file, is left as it is). */
export function tighten(p: string, mode: number): void {
  if (!POSIX_MODES) return;
  try {
    const st = fs.statSync(p);
    if ((st.mode & 0o777) !== mode && (st.mode & 0o077) !== 0) fs.chmodSync(p, mode);
  } catch {
    // Missing, or not ours to change.
  }
}

/** Creates the folder `dir` private to the user (missing parents as the umask says); tightens it when it exists. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    fs.mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  tighten(dir, PRIVATE_DIR_MODE);
}

/** Creates the folder `dir` for a file the library writes: every folder made from the library down
 *  is private; a folder outside the library (`export --out`) is made as the umask says. */
export function makeDirIn(libraryDir: string, dir: string): void {
  if (!insideLibrary(libraryDir, dir)) {
    fs.mkdirSync(dir, { recursive: true });
    return;
  }
  const rel = path.relative(path.resolve(libraryDir), path.resolve(dir));
  let at = path.resolve(libraryDir);
  for (const part of rel ? rel.split(path.sep) : []) {
    at = path.join(at, part);
    try {
      fs.mkdirSync(at, { mode: PRIVATE_DIR_MODE });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** The mode a new file at `file` gets: private in the library, the usual one (0666 less the umask) outside. */
export function fileModeIn(libraryDir: string, file: string): number {
  return insideLibrary(libraryDir, file) ? PRIVATE_FILE_MODE : 0o666;
}

/** Creates `file` empty with mode 0600 unless it exists (then it is tightened). */
export function makePrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    tighten(file, PRIVATE_FILE_MODE);
  }
}
