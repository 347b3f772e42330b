// Export jobs live in memory (jobs.ts), so a killed server forgets the ones it was running. A marker
// file per running job, <library>/cache/export-jobs/<jobId>.running (the issue, the process), is
// removed when the job ends; the next start of the library turns the markers of a process that is
// gone into <jobId>.interrupted, and a poll of such a job is answered "failed" instead of leaving the
// UI on a job that will never end. Markers are best effort: a folder that cannot be written loses
// only this answer, never an export.

import fs from 'node:fs';
import path from 'node:path';
import type { ExportJob } from '../../shared/print';
import { processAlive } from '../process-alive';

const MARKER_FOLDER = path.join('cache', 'export-jobs');
/** An export takes minutes at most: a marker older than a day is from a process whose id was reused. */
const RUNNING_MAX_MS = 24 * 60 * 60 * 1000;
/** How long a poll of an interrupted job is still answered. */
const INTERRUPTED_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

export const INTERRUPTED_MESSAGE = 'the export was interrupted: the app stopped before it finished; start it again';

interface Marker {
  issueId: number;
  pid: number;
  startedAt: string;
}

/** Job ids are ours (pipeline.ts newJobId); anything else never names a file. */
function markerFile(libraryDir: string, jobId: string, state: 'running' | 'interrupted'): string | null {
  if (!/^[A-Za-z0-9-]{1,100}$/u.test(jobId)) return null;
  return path.join(libraryDir, MARKER_FOLDER, `${jobId}.${state}`);
}

function readMarker(file: string): Marker | null {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Marker>;
    return Number.isSafeInteger(m.issueId) && Number.isSafeInteger(m.pid) ? (m as Marker) : null;
  } catch {
    return null;
  }
}

export function markJobRunning(libraryDir: string, jobId: string, issueId: number): void {
  const file = markerFile(libraryDir, jobId, 'running');
  if (!file) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ issueId, pid: process.pid, startedAt: new Date().toISOString() } satisfies Marker));
  } catch {
    // best effort (see above)
  }
}

export function clearJobMarker(libraryDir: string, jobId: string): void {
  const file = markerFile(libraryDir, jobId, 'running');
  if (file) fs.rmSync(file, { force: true });
}

/** At the start of the library: markers of processes that are gone become interrupted ones; old ones go. */
export function sweepJobMarkers(libraryDir: string, now = Date.now()): void {
  const dir = path.join(libraryDir, MARKER_FOLDER);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const age = now - fs.statSync(file).mtimeMs;
      if (name.endsWith('.interrupted')) {
        if (age > INTERRUPTED_KEPT_MS) fs.rmSync(file, { force: true });
      } else if (name.endsWith('.running')) {
        const marker = readMarker(file);
        // A marker cut short by the kill names no issue: nothing can be answered for it.
        if (!marker) fs.rmSync(file, { force: true });
        else if (!processAlive(marker.pid) || age > RUNNING_MAX_MS) fs.renameSync(file, file.slice(0, -'.running'.length) + '.interrupted');
      }
    } catch {
      // gone meanwhile, or not ours to change: left for the next start
    }
  }
}

/** The job an earlier, killed process was running, as a failed job; null when there is no such marker. */
export function interruptedJob(libraryDir: string, jobId: string): ExportJob | null {
  let marker: Marker | null = null;
  const interrupted = markerFile(libraryDir, jobId, 'interrupted');
  if (interrupted) marker = readMarker(interrupted);
  if (!marker) {
    // Still "running", from a process that is gone (killed after this library was opened).
    const running = markerFile(libraryDir, jobId, 'running');
    const m = running ? readMarker(running) : null;
    if (m && !processAlive(m.pid)) marker = m;
  }
  if (!marker) return null;
  return {
    jobId,
    issueId: marker.issueId,
    state: 'failed',
    progress: 0,
    stage: 'layout',
    preflight: null,
    result: null,
    error: { code: 'internal', message: INTERRUPTED_MESSAGE },
  };
}
