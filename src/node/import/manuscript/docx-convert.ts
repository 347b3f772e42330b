// Word → HTML (mammoth) in a worker thread with a memory cap and a time limit: a manuscript that
// would take the converter gigabytes or minutes ends its own worker, not the server or the command
// line, and never holds up the calls of other people while it converts. The worker runs a small
// script of plain JavaScript, so it needs no bundle and behaves the same in the app, the server,
// the command line and the tests.

import { Worker } from 'node:worker_threads';

export interface ConvertedDocx {
  html: string;
  messages: { type: string; message: string }[];
  /** The embedded images in the order the HTML refers to them (src "qk-image:<index>"). */
  images: { contentType: string; bytes: Buffer }[];
}

/** Why a conversion did not finish: out of its memory, out of time, or the converter's own error. */
export class DocxConversionError extends Error {
  constructor(
    readonly kind: 'memory' | 'time' | 'error',
    message: string,
  ) {
    super(message);
  }
}

/** Far above what converting a 1,000,000-character manuscript takes. */
export const CONVERT_MEMORY_MB = 1024;
export const CONVERT_TIME_MS = 120_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const mammoth = require(workerData.mammoth);
(async () => {
  const images = [];
  const result = await mammoth.convertToHtml({ buffer: Buffer.from(workerData.bytes) }, {
    styleMap: workerData.styleMap,
    externalFileAccess: false,
    convertImage: mammoth.images.imgElement(async (image) => {
      const index = images.length;
      images.push({ contentType: image.contentType || 'application/octet-stream', bytes: await image.readAsBuffer() });
      return { src: 'qk-image:' + index };
    }),
  });
  parentPort.postMessage({ ok: true, html: result.value, messages: result.messages.map((m) => ({ type: m.type, message: m.message })), images });
})().catch((err) => parentPort.postMessage({ ok: false, message: err && err.message ? err.message : String(err) }));
`;

let mammothPath: string | null = null;

export function convertDocxInWorker(
  bytes: Buffer,
  styleMap: readonly string[],
  limits: { memoryMb?: number; timeMs?: number } = {},
): Promise<ConvertedDocx> {
  // The worker loads mammoth by path: the package is resolved here, where node_modules is known.
  mammothPath ??= require.resolve('mammoth');
  const memoryMb = limits.memoryMb ?? CONVERT_MEMORY_MB;
  const timeMs = limits.timeMs ?? CONVERT_TIME_MS;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { mammoth: mammothPath, bytes: new Uint8Array(bytes), styleMap: [...styleMap] },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(4, memoryMb >> 4)) },
    });
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      f();
    };
    const timer = setTimeout(() => finish(() => reject(new DocxConversionError('time', `conversion took longer than ${timeMs} ms`))), timeMs);
    worker.on('message', (m: { ok: true; html: string; messages: ConvertedDocx['messages']; images: { contentType: string; bytes: Uint8Array }[] } | { ok: false; message: string }) =>
      finish(() =>
        m.ok
          ? resolve({ html: m.html, messages: m.messages, images: m.images.map((i) => ({ contentType: i.contentType, bytes: Buffer.from(i.bytes.buffer, i.bytes.byteOffset, i.bytes.byteLength) })) })
          : reject(new DocxConversionError('error', m.message)),
      ),
    );
    worker.on('error', (err: Error & { code?: string }) =>
      finish(() => reject(new DocxConversionError(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'error', err.message))),
    );
    worker.on('exit', (code) => finish(() => reject(new DocxConversionError(code === 0 ? 'error' : 'memory', `the converter stopped (exit ${code})`))));
  });
}
