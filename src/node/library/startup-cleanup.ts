// What a killed process leaves in the library's folders, removed when the library is next opened.
// Files are written whole under a temporary name and then renamed (export/atomic-write.ts:
// `<file>.<pid>.<n>.partial`; fonts/add-font.ts: `.adding-<pid>-<hex>.part`), so a kill -9 between
// the two leaves the temporary file behind for ever. Such a file is removed only when the process
// named in it is gone, or when it is older than any write could take (the pid may have been reused):
// a live process's file in the middle of its write is never touched. Export jobs a killed server left
// running are marked interrupted (export/job-markers.ts). Uploads waiting for their call
// (uploads/upload-store.ts) are of no use once their process is gone.

import fs from 'node:fs';
import path from 'node:path';
import { sweepJobMarkers } from '../export/job-markers';
import { processAlive } from '../process-alive';

/** A temporary file is written by one synchronous call and renamed at once: an hour is far beyond any write. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/** The library's folders that hold files written under a temporary name (not recursive). */
const TEMP_FOLDERS = ['.', 'exports', 'cache', path.join('cache', 'fonts'), 'photos', 'fonts', 'backups', 'uploads'];

/** `<name>.<pid>.<n>.partial` (atomic-write), `.adding-<pid>-<hex>.part` (add-font) and `<pid>-<id>`
 *  (uploads/upload-store.ts, whose registry dies with its process): the writing process's id. */
export function tempFilePid(fileName: string): number | null {
  const m =
    /\.(\d+)\.\d+\.partial$/u.exec(fileName) ?? /^\.adding-(\d+)-[0-9a-f]+\.part$/u.exec(fileName) ?? /^(\d+)-[0-9a-f]{32}$/u.exec(fileName);
  return m ? Number(m[1]) : null;
}

/** Whether a temporary file may go: its process is gone, or it is older than any write takes. */
export function isStaleTempFile(file: string, fileName = path.basename(file), now = Date.now()): boolean {
  const pid = tempFilePid(fileName);
  if (pid === null) return false;
  if (!processAlive(pid)) return true;
  try {
    return now - fs.statSync(file).mtimeMs > STALE_TEMP_MS;
  } catch {
    return false;
  }
}

/** Removes the stale temporary files directly in `dir`; those whose names pass `only` when given. Returns the paths removed. */
export function removeStaleTempFiles(dir: string, only?: (fileName: string) => boolean): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return []; // no such folder (yet)
  }
  const removed: string[] = [];
  const now = Date.now();
  for (const name of names) {
    if (tempFilePid(name) === null || (only && !only(name))) continue;
    const file = path.join(dir, name);
    if (!isStaleTempFile(file, name, now)) continue;
    try {
      fs.rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // Read-only or locked: tried again at the next start.
    }
  }
  return removed;
}

/** Run by openLibrary: the leftovers of killed processes in the library folder `dir`. Never throws. */
export function cleanUpAfterCrash(dir: string): string[] {
  const removed: string[] = [];
  for (const folder of TEMP_FOLDERS) removed.push(...removeStaleTempFiles(path.join(dir, folder)));
  try {
    sweepJobMarkers(dir);
  } catch {
    // Markers only improve what a poll of a lost job answers.
  }
  return removed;
}
