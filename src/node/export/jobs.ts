// Export jobs for the API: startExport answers at once with a running job; the export runs on (the
// pipeline yields between stages so polls are answered); getExportJob reports its stage and progress.
// Jobs live in memory per library; a finished export is also in the export log under its job id, so
// its download address keeps working after a restart. A job a killed process was running is answered
// as failed after the restart (job-markers.ts), not as a job that never was.

import path from 'node:path';
import { QikanError } from '../../shared/errors';
import type { ExportJob, ExportKind, PdfStandard } from '../../shared/print';
import type { Library } from '../library/open-library';
import { exportOfJob } from './export-log';
import { clearJobMarker, interruptedJob, markJobRunning } from './job-markers';
import { newJobId, runExport, type ExportEngine } from './pipeline';
import type { ExportWorkerPool } from './worker-pool';

/** Browser mode downloads a finished export from here; the server maps it through exportOfJob(). */
export const EXPORT_DOWNLOAD_PREFIX = '/exports/';

export function exportDownloadUrl(jobId: string): string {
  return EXPORT_DOWNLOAD_PREFIX + encodeURIComponent(jobId);
}

const jobsByLibrary = new WeakMap<Library, Map<string, ExportJob>>();

/** Finished jobs kept for their answers (a download, a poll that came late); running ones always stay. */
export const FINISHED_JOBS_KEPT = 50;

/** Drops the oldest finished jobs beyond FINISHED_JOBS_KEPT (the map is in start order). */
function trimFinishedJobs(jobs: Map<string, ExportJob>): void {
  let finished = 0;
  for (const job of jobs.values()) if (job.state !== 'running') finished++;
  for (const [id, job] of jobs) {
    if (finished <= FINISHED_JOBS_KEPT) break;
    if (job.state === 'running') continue;
    jobs.delete(id);
    finished--;
  }
}

/** How many jobs the library's server keeps in memory (for the soak bench and the cache-bound test). */
export function exportJobCount(lib: Library): number {
  return jobsOf(lib).size;
}

function jobsOf(lib: Library): Map<string, ExportJob> {
  let jobs = jobsByLibrary.get(lib);
  if (!jobs) jobsByLibrary.set(lib, (jobs = new Map()));
  return jobs;
}

export interface StartExportInput {
  issueId: number;
  kind: ExportKind;
  standard?: PdfStandard;
  marks?: boolean;
  overrideReason?: string;
}

/** What a job's work ends in: a file written, or (an export) refused by its preflight. */
type JobOutcome = { state: 'refused' } | { state: 'done'; file: string; pages: number; bytes: number; ms: number };

/** Registers a running job and starts `work` on the next turn, so the caller has its answer before the
 *  first (synchronous) layout runs; the job records the work's progress, result or error. */
function launchJob(
  lib: Library,
  issueId: number,
  firstStage: string,
  work: (job: ExportJob, onProgress: (stage: string, progress: number) => void) => Promise<JobOutcome>,
): ExportJob {
  const jobId = newJobId();
  const job: ExportJob = { jobId, issueId, state: 'running', progress: 0, stage: firstStage, preflight: null, result: null, error: null };
  const jobs = jobsOf(lib);
  jobs.set(jobId, job);
  trimFinishedJobs(jobs);
  markJobRunning(lib.dir, jobId, issueId);
  const run = async () => {
    try {
      const outcome = await work(job, (stage, progress) => {
        job.stage = stage;
        job.progress = progress;
      });
      if (outcome.state === 'refused') {
        job.state = 'refused';
        return;
      }
      job.result = { fileName: path.basename(outcome.file), pages: outcome.pages, bytes: outcome.bytes, ms: Math.round(outcome.ms) };
      job.progress = 1;
      job.state = 'done';
    } catch (err) {
      job.state = 'failed';
      job.error = err instanceof QikanError ? { code: err.code, message: err.message } : { code: 'internal', message: err instanceof Error ? err.message : String(err) };
    } finally {
      try {
        clearJobMarker(lib.dir, jobId);
      } catch {
        // a marker left behind is swept as interrupted at the next start; the job's own answer stands
      }
    }
  };
  setImmediate(() => void run());
  return { ...job };
}

/** Starts an export; the returned job is a snapshot, poll exportJob() for the rest. `accountId` is the
 *  signed-in person, written to the export log with the file. */
export function startExportJob(lib: Library, input: StartExportInput, engine: ExportEngine, accountId: number | null = null, pool: ExportWorkerPool | null = null): ExportJob {
  // An unknown issue is refused at once rather than as a failed job.
  if (!lib.db.prepare('SELECT 1 FROM issue WHERE id = ?').get(input.issueId)) {
    throw new QikanError('not_found', `issue ${input.issueId} not found`, { entity: 'issue', id: input.issueId });
  }
  return launchJob(lib, input.issueId, 'layout', async (job, onProgress) => {
    const request = { ...input, jobId: job.jobId, accountId };
    // In a worker when the server has a pool: the main thread keeps answering everyone else.
    const outcome = pool ? await pool.run(lib.dir, request, onProgress) : await runExport(lib, request, engine, onProgress);
    job.preflight = outcome.preflight;
    return outcome;
  });
}

/** Runs another kind of export (a round's proof PDF) as a job that getExportJob polls and the download
 *  route serves like any export; `work` writes the file and its export-log row under the job id. */
export function startFileJob(
  lib: Library,
  issueId: number,
  firstStage: string,
  work: (jobId: string, onProgress: (stage: string, progress: number) => void) => Promise<{ file: string; pages: number; bytes: number; ms: number }>,
): ExportJob {
  return launchJob(lib, issueId, firstStage, async (job, onProgress) => ({ state: 'done', ...(await work(job.jobId, onProgress)) }));
}

export function exportJob(lib: Library, jobId: string): ExportJob {
  const job = jobsOf(lib).get(jobId);
  if (job) return { ...job };
  const logged = exportOfJob(lib, jobId);
  if (logged) {
    return {
      jobId,
      issueId: logged.issueId,
      state: 'done',
      progress: 1,
      stage: 'write',
      preflight: null,
      result: { fileName: path.basename(logged.file), pages: logged.pages, bytes: logged.bytes, ms: logged.ms },
      error: null,
    };
  }
  const interrupted = interruptedJob(lib.dir, jobId);
  if (interrupted) return interrupted;
  throw new QikanError('not_found', `export job ${jobId} not found`, { entity: 'export job', id: jobId });
}

/** Where the file of a finished job is; refuses a job that has not written one. */
export function exportFileOfJob(lib: Library, jobId: string): string {
  const job = exportJob(lib, jobId);
  const logged = exportOfJob(lib, jobId);
  if (job.state !== 'done' || !logged) {
    throw new QikanError('conflict', `export job ${jobId} has no file (${job.state})`, { reason: 'export_not_done', entity: 'export job', id: jobId });
  }
  return logged.file;
}

/** Browser mode: the download address of the file. The desktop app overrides this with
 *  shell.showItemInFolder(exportFileOfJob(...)). */
export function revealExportJob(lib: Library, jobId: string): { revealed: boolean; downloadUrl: string | null } {
  exportFileOfJob(lib, jobId);
  return { revealed: false, downloadUrl: exportDownloadUrl(jobId) };
}
