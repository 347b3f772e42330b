// Uploaded files waiting for the call that uses them, in <library>/uploads. The server streams a
// request body straight into a file here (never buffering it, refusing it as soon as it passes its
// kind's limit); the desktop writes the bytes of one IPC message. The method that uses the file names
// it by id: only the person who uploaded it, and only as the kind it was sent as.
//
// Bounded: an upload lives an hour, a person keeps at most a few, all of them at most MAX_TOTAL_BYTES
// (the oldest go first). The registry is in memory: a file named `<pid>-<id>` whose process is gone is
// removed when the library is next opened (library/startup-cleanup.ts).

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { QikanError } from '../../shared/errors';
import { MAX_UPLOAD_BYTES, type UploadKind, type UploadReceipt } from '../../shared/uploads';
import { actorOfCall, type CallContext } from '../api/dispatch';
import type { Library } from '../library/open-library';
import { makeDirIn, PRIVATE_FILE_MODE } from '../library/private-files';
import { STALE_TEMP_MS } from '../library/startup-cleanup';

export const UPLOADS_FOLDER = 'uploads';
/** Long enough to review a manuscript before committing it; the same hour startup cleanup allows. */
export const UPLOAD_MAX_AGE_MS = STALE_TEMP_MS;
export const UPLOADS_PER_PERSON = 8;
export const MAX_TOTAL_UPLOAD_BYTES = 1024 * 1024 * 1024;

export interface UploadStoreOptions {
  maxAgeMs?: number;
  perPerson?: number;
  maxTotalBytes?: number;
  now?: () => number;
}

interface Entry extends UploadReceipt {
  file: string;
  accountId: number;
  at: number;
}

export interface UploadMeta {
  kind: UploadKind;
  fileName: string;
  /** Who sent it: the only person who may use it. */
  accountId: number;
}

export function tooLargeUpload(kind: UploadKind): QikanError {
  const limit = MAX_UPLOAD_BYTES[kind];
  return new QikanError('invalid_request', `upload larger than ${limit} bytes`, {
    path: '(upload)',
    expected: `at most ${limit} bytes`,
    reason: 'too_large',
    limitMb: Math.round((limit / (1024 * 1024)) * 10) / 10,
  });
}

function missing(uploadId: string): QikanError {
  return new QikanError('not_found', `no upload ${uploadId} (expired, used, or sent by someone else)`, {
    entity: 'upload',
    id: uploadId,
    reason: 'upload_missing',
  });
}

/** Keeps a file name a name: no folders, no control characters, at most 255 characters. */
export function cleanUploadName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = path.basename(name.replace(/\\/gu, '/')).replace(/[\u0000-\u001f\u007f]/gu, '').trim();
  return (base || 'upload').slice(0, 255);
}

export class UploadStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxAgeMs: number;
  private readonly perPerson: number;
  private readonly maxTotalBytes: number;
  private readonly now: () => number;

  constructor(
    readonly libraryDir: string,
    opts: UploadStoreOptions = {},
  ) {
    this.maxAgeMs = opts.maxAgeMs ?? UPLOAD_MAX_AGE_MS;
    this.perPerson = opts.perPerson ?? UPLOADS_PER_PERSON;
    this.maxTotalBytes = opts.maxTotalBytes ?? MAX_TOTAL_UPLOAD_BYTES;
    this.now = opts.now ?? Date.now;
  }

  get dir(): string {
    return path.join(this.libraryDir, UPLOADS_FOLDER);
  }

  /**
   * Streams `source` into a new upload; refuses past the kind's limit, removing what was written. A
   * refused source is left paused, not destroyed: the server still answers on its connection.
   */
  async receive(source: Readable, meta: UploadMeta): Promise<UploadReceipt> {
    const limit = MAX_UPLOAD_BYTES[meta.kind];
    const { uploadId, file } = this.newFile();
    const out = fs.createWriteStream(file, { mode: PRIVATE_FILE_MODE, flags: 'wx' });
    let size = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        let ended = false;
        const stop = (err: unknown): void => {
          source.off('data', onData);
          source.off('end', onEnd);
          source.pause();
          ended = true;
          reject(err);
        };
        const onData = (chunk: Buffer): void => {
          size += chunk.length;
          if (size > limit) return stop(tooLargeUpload(meta.kind));
          // Back pressure: a slow disk pauses the request instead of filling the memory.
          if (!out.write(chunk)) {
            source.pause();
            out.once('drain', () => source.resume());
          }
        };
        const onEnd = (): void => {
          ended = true;
          out.end((err?: Error | null) => (err ? reject(err) : resolve()));
        };
        source.on('data', onData);
        source.once('end', onEnd);
        source.once('error', stop);
        // A client gone mid-upload: what came is not the file.
        source.once('close', () => {
          if (!ended) stop(new Error('upload interrupted'));
        });
        out.once('error', stop);
      });
    } catch (err) {
      out.destroy();
      fs.rmSync(file, { force: true });
      throw err;
    }
    return this.register(uploadId, file, size, meta);
  }

  /** The desktop's upload: the bytes of one IPC message. */
  receiveBytes(bytes: Uint8Array, meta: UploadMeta): UploadReceipt {
    if (bytes.byteLength > MAX_UPLOAD_BYTES[meta.kind]) throw tooLargeUpload(meta.kind);
    const { uploadId, file } = this.newFile();
    fs.writeFileSync(file, bytes, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    return this.register(uploadId, file, bytes.byteLength, meta);
  }

  /** The upload `uploadId` of this person and kind: its file and name. */
  fileOf(uploadId: string, kind: UploadKind, accountId: number): { file: string; fileName: string; size: number } {
    this.sweep();
    const e = this.entries.get(uploadId);
    if (!e || e.kind !== kind || e.accountId !== accountId || !fs.existsSync(e.file)) throw missing(uploadId);
    return { file: e.file, fileName: e.fileName, size: e.size };
  }

  /** The upload's bytes (what the importers read). */
  bytesOf(uploadId: string, kind: UploadKind, accountId: number): { bytes: Buffer; fileName: string } {
    const { file, fileName } = this.fileOf(uploadId, kind, accountId);
    return { bytes: fs.readFileSync(file), fileName };
  }

  /** Removes an upload once used (or never needed). */
  discard(uploadId: string): void {
    const e = this.entries.get(uploadId);
    if (!e) return;
    this.entries.delete(uploadId);
    fs.rmSync(e.file, { force: true });
  }

  /** How many uploads wait, and their bytes (for the cache figures). */
  figures(): { uploads: number; bytes: number } {
    this.sweep();
    let bytes = 0;
    for (const e of this.entries.values()) bytes += e.size;
    return { uploads: this.entries.size, bytes };
  }

  /** Removes every upload (the library closes). */
  clear(): void {
    for (const id of [...this.entries.keys()]) this.discard(id);
  }

  private newFile(): { uploadId: string; file: string } {
    makeDirIn(this.libraryDir, this.dir);
    const uploadId = randomBytes(16).toString('hex');
    // The pid in the name tells startup cleanup whose file it is.
    return { uploadId, file: path.join(this.dir, `${process.pid}-${uploadId}`) };
  }

  private register(uploadId: string, file: string, size: number, meta: UploadMeta): UploadReceipt {
    const entry: Entry = { uploadId, kind: meta.kind, fileName: cleanUploadName(meta.fileName), size, file, accountId: meta.accountId, at: this.now() };
    this.entries.set(uploadId, entry);
    this.sweep(meta.accountId);
    return { uploadId, kind: entry.kind, fileName: entry.fileName, size };
  }

  /** Drops expired uploads, then the oldest beyond a person's count and beyond the total size. */
  private sweep(accountId?: number): void {
    const now = this.now();
    for (const e of [...this.entries.values()]) if (now - e.at > this.maxAgeMs) this.discard(e.uploadId);
    // Map order is insertion order: the oldest first.
    if (accountId !== undefined) {
      const own = [...this.entries.values()].filter((e) => e.accountId === accountId);
      for (const e of own.slice(0, Math.max(0, own.length - this.perPerson))) this.discard(e.uploadId);
    }
    let total = 0;
    for (const e of this.entries.values()) total += e.size;
    for (const e of [...this.entries.values()]) {
      if (total <= this.maxTotalBytes || this.entries.size <= 1) break;
      total -= e.size;
      this.discard(e.uploadId);
    }
  }
}

const stores = new WeakMap<Library, UploadStore>();

/** The library's one upload store in this process (services, the server's route and IPC share it). */
export function uploadsOf(lib: Library): UploadStore {
  let store = stores.get(lib);
  if (!store) {
    store = new UploadStore(lib.dir);
    stores.set(lib, store);
  }
  return store;
}

/**
 * Runs `use` on the caller's upload `uploadId` of `kind`; the upload is used up when `use` succeeds
 * (unless `keep`: a manuscript is read for its preview, then committed). A failure keeps it, so the
 * person can try again without sending the file anew.
 */
export async function withUpload<T>(
  lib: Library,
  ctx: CallContext | undefined,
  uploadId: string,
  kind: UploadKind,
  use: (file: { bytes: Buffer; fileName: string }) => T | Promise<T>,
  opts: { keep?: boolean } = {},
): Promise<T> {
  const store = uploadsOf(lib);
  const result = await use(store.bytesOf(uploadId, kind, actorOfCall(ctx).accountId));
  if (!opts.keep) store.discard(uploadId);
  return result;
}
