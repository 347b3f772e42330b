// Files the app writes (exports, cached conversions) appear complete or not at all: written beside the
// target, then renamed over it, so a reader never sees a half-written file. A process killed between
// the two leaves its `<file>.<pid>.<n>.partial`: the next write of the same file removes those whose
// process is gone (a target outside the library, e.g. `export --out`, is cleaned nowhere else), and
// the next start of the library those in its own folders (library/startup-cleanup.ts).

import fs from 'node:fs';
import path from 'node:path';
import { removeStaleTempFiles } from '../library/startup-cleanup';

let counter = 0;

/** Removes the `<file>.<pid>.<n>.partial` left beside `file` by processes that are gone; returns them. */
export function removeStalePartials(file: string): string[] {
  const prefix = `${path.basename(file)}.`;
  return removeStaleTempFiles(path.dirname(file), (name) => name.startsWith(prefix) && /^\d+\.\d+\.partial$/u.test(name.slice(prefix.length)));
}

/** `mode` is the new file's (less the umask): 0600 for a file in the library (library/private-files.ts). */
export function writeFileAtomically(file: string, bytes: Uint8Array, mode = 0o666): void {
  const temporary = `${file}.${process.pid}.${++counter}.partial`;
  removeStalePartials(file);
  try {
    fs.writeFileSync(temporary, bytes, { mode });
    fs.renameSync(temporary, file);
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    throw err;
  }
}
