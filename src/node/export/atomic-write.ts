// Files the app writes (exports, cached conversions) appear complete or not at all: written beside the
// target, then renamed over it, so a reader never sees a half-written file.

import fs from 'node:fs';

let counter = 0;

export function writeFileAtomically(file: string, bytes: Uint8Array): void {
  const temporary = `${file}.${process.pid}.${++counter}.partial`;
  try {
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, file);
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    throw err;
  }
}
