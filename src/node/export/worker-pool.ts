// Exports off the main thread: a pool of export workers (export-worker.ts), as many as the machine has
// cores, started on first use and kept. Each job goes to the least busy worker; its stages come back
// as progress. Where the worker bundle is not built (the test runner, a desktop build without it) the
// caller runs the export in its own thread as before.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { QikanError } from '../../shared/errors';
import type { ExportMessage, ExportTask } from './export-worker';
import type { ExportOutcome, ExportRequest, ProgressListener, ExportStage } from './pipeline';

interface Pending {
  resolve(outcome: ExportOutcome): void;
  reject(err: Error): void;
  onProgress: ProgressListener;
}

/** The heap an export worker may use: four times what the sample issue's export needs, about what an
 *  issue four times the sample takes. A larger one fails its job instead of growing the server. */
export const EXPORT_WORKER_MEMORY_MB = 1024;

interface PooledWorker {
  worker: Worker;
  busy: number;
}

export class ExportWorkerPool {
  private readonly workers: PooledWorker[] = [];
  private readonly pending = new Map<number, Pending & { worker: PooledWorker }>();
  private nextTask = 1;

  constructor(
    private readonly workerFile: string,
    private readonly size = Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
    private readonly memoryMb = EXPORT_WORKER_MEMORY_MB,
  ) {}

  /** The bundled worker beside this bundle (out/node/export-worker.cjs), or null when it is not built. */
  static besideBundle(dir = __dirname): string | null {
    const file = path.join(dir, 'export-worker.cjs');
    return fs.existsSync(file) ? file : null;
  }

  private pick(): PooledWorker {
    const idle = this.workers.find((w) => w.busy === 0);
    if (idle) return idle;
    if (this.workers.length < this.size) {
      const worker = new Worker(this.workerFile, {
        resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, this.memoryMb >> 4)) },
      });
      const pooled: PooledWorker = { worker, busy: 0 };
      pooled.worker.on('message', (m: ExportMessage) => this.receive(m));
      pooled.worker.on('error', (err: Error & { code?: string }) =>
        this.lost(
          pooled,
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new QikanError('internal', `the export needed more than the ${this.memoryMb} MB an export may use`, { reason: 'export_memory', limitMb: this.memoryMb })
            : err,
        ),
      );
      pooled.worker.on('exit', (code) => this.lost(pooled, new Error(`export worker stopped (exit code ${code})`)));
      // An idle pool must not keep the process alive.
      pooled.worker.unref();
      this.workers.push(pooled);
      return pooled;
    }
    return this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private receive(m: ExportMessage): void {
    const p = this.pending.get(m.taskId);
    if (!p) return;
    if (m.kind === 'progress') {
      p.onProgress(m.stage as ExportStage, m.progress);
      return;
    }
    this.pending.delete(m.taskId);
    p.worker.busy--;
    if (p.worker.busy === 0) p.worker.worker.unref();
    if (m.kind === 'done') p.resolve(m.outcome);
    else p.reject(new QikanError(m.error.code as never, m.error.message, m.error.details as never));
  }

  /** A worker that died fails its jobs (they are reported, never lost silently) and leaves the pool. */
  private lost(pooled: PooledWorker, err: Error): void {
    const at = this.workers.indexOf(pooled);
    if (at < 0) return;
    this.workers.splice(at, 1);
    for (const [taskId, p] of this.pending) {
      if (p.worker !== pooled) continue;
      this.pending.delete(taskId);
      p.reject(err);
    }
  }

  /** Runs one export of the library at `dataDir` in a worker. */
  run(dataDir: string, request: ExportRequest, onProgress: ProgressListener = () => {}): Promise<ExportOutcome> {
    const pooled = this.pick();
    const taskId = this.nextTask++;
    pooled.busy++;
    pooled.worker.ref();
    return new Promise<ExportOutcome>((resolve, reject) => {
      this.pending.set(taskId, { resolve, reject, onProgress, worker: pooled });
      pooled.worker.postMessage({ taskId, dataDir, request } satisfies ExportTask);
    });
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}
