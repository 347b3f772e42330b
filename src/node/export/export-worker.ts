// A worker thread that runs exports (scripts/run-node.mjs bundles it as out/node/export-worker.cjs):
// the layout, preflight and PDF writing of a whole issue take a second or more of CPU, and on the
// server's main thread every other person's request would wait for them. The worker opens the
// library itself (SQLite in WAL mode takes the second connection; the export log row it writes is
// one short transaction), keeps its fonts and layout caches between jobs, and reports each stage.

import { parentPort } from 'node:worker_threads';
import { QikanError } from '../../shared/errors';
import { openLibrary, type Library } from '../library/open-library';
import { defaultExportEngine } from './default-engine';
import { runExport, type ExportOutcome, type ExportRequest } from './pipeline';

export interface ExportTask {
  taskId: number;
  dataDir: string;
  request: ExportRequest;
}

export type ExportMessage =
  | { taskId: number; kind: 'progress'; stage: string; progress: number }
  | { taskId: number; kind: 'done'; outcome: ExportOutcome }
  | { taskId: number; kind: 'failed'; error: { code: string; message: string; details: Record<string, unknown> } };

const libraries = new Map<string, Library>();

function libraryAt(dataDir: string): Library {
  let lib = libraries.get(dataDir);
  if (!lib) libraries.set(dataDir, (lib = openLibrary({ dataDir, seedSample: false })));
  return lib;
}

async function run(task: ExportTask): Promise<ExportMessage> {
  try {
    const outcome = await runExport(libraryAt(task.dataDir), task.request, defaultExportEngine, (stage, progress) =>
      parentPort!.postMessage({ taskId: task.taskId, kind: 'progress', stage, progress } satisfies ExportMessage),
    );
    return { taskId: task.taskId, kind: 'done', outcome };
  } catch (err) {
    const error = err instanceof QikanError ? { code: err.code, message: err.message, details: err.details } : { code: 'internal', message: err instanceof Error ? err.message : String(err), details: {} };
    return { taskId: task.taskId, kind: 'failed', error };
  }
}

if (parentPort) {
  parentPort.on('message', (task: ExportTask) => {
    void run(task).then((message) => parentPort!.postMessage(message));
  });
}
