// Files a person sends wait in <library>/uploads for the call that uses them: private to the sender
// and to the kind they were sent as, bounded in size, age and count, and gone once used.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UploadStore, withUpload, uploadsOf } from '../../src/node/uploads/upload-store';
import { MAX_UPLOAD_BYTES } from '../../src/shared/uploads';
import { openSampleLibrary, removeTempDirs, tempDir } from './helpers';

afterEach(() => removeTempDirs());

const WANG = 1;
const LI = 2;

describe('an upload store', () => {
  it('keeps a file for its sender and kind only, private to the user, with a clean name', () => {
    const store = new UploadStore(tempDir('qikan-uploads-'));
    const receipt = store.receiveBytes(Buffer.from('正文'), { kind: 'manuscript', fileName: 'C:\\稿件\\监督\u0007综述.txt', accountId: WANG });
    expect(receipt).toMatchObject({ kind: 'manuscript', fileName: '监督综述.txt', size: 6 });
    expect(receipt.uploadId).toMatch(/^[0-9a-f]{32}$/u);
    const { file } = store.fileOf(receipt.uploadId, 'manuscript', WANG);
    expect(path.dirname(file)).toBe(store.dir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(store.dir).mode & 0o777).toBe(0o700);
    expect(store.bytesOf(receipt.uploadId, 'manuscript', WANG).bytes.toString()).toBe('正文');
    // Someone else, another kind, or an id nobody has: all the same "no such upload".
    for (const [kind, who] of [['manuscript', LI], ['photo', WANG]] as const) {
      expect(() => store.fileOf(receipt.uploadId, kind, who)).toThrow(expect.objectContaining({ code: 'not_found', details: expect.objectContaining({ reason: 'upload_missing' }) }));
    }
    expect(() => store.fileOf('f'.repeat(32), 'manuscript', WANG)).toThrow(expect.objectContaining({ code: 'not_found' }));
    store.discard(receipt.uploadId);
    expect(fs.existsSync(file)).toBe(false);
    expect(store.figures()).toEqual({ uploads: 0, bytes: 0 });
  });

  it('refuses a file past its kind’s limit and keeps nothing of it', () => {
    const store = new UploadStore(tempDir('qikan-uploads-'));
    const tooBig = new Uint8Array(MAX_UPLOAD_BYTES.font + 1);
    expect(() => store.receiveBytes(tooBig, { kind: 'font', fileName: 'big.ttf', accountId: WANG })).toThrow(
      expect.objectContaining({ code: 'invalid_request', details: expect.objectContaining({ reason: 'too_large', limitMb: 64 }) }),
    );
    expect(fs.existsSync(store.dir) ? fs.readdirSync(store.dir) : []).toEqual([]);
  });

  it('streams a body to its file, and stops at the limit with the source left paused and the file removed', async () => {
    const store = new UploadStore(tempDir('qikan-uploads-'));
    const chunks = Array.from({ length: 20 }, (_, k) => Buffer.alloc(64 * 1024, k));
    const receipt = await store.receive(Readable.from(chunks), { kind: 'photo', fileName: 'a.jpg', accountId: WANG });
    expect(receipt.size).toBe(20 * 64 * 1024);
    expect(store.bytesOf(receipt.uploadId, 'photo', WANG).bytes.equals(Buffer.concat(chunks))).toBe(true);

    const endless = new PassThrough();
    const feeding = setInterval(() => endless.write(Buffer.alloc(4 * 1024 * 1024)), 1);
    try {
      await expect(store.receive(endless, { kind: 'font', fileName: 'x.ttf', accountId: WANG })).rejects.toMatchObject({ details: { reason: 'too_large' } });
    } finally {
      clearInterval(feeding);
    }
    expect(endless.isPaused()).toBe(true);
    expect(fs.readdirSync(store.dir)).toEqual([path.basename(store.fileOf(receipt.uploadId, 'photo', WANG).file)]);
  });

  it('keeps nothing of a body whose sender went away mid-file', async () => {
    const store = new UploadStore(tempDir('qikan-uploads-'));
    const cut = new PassThrough();
    const receiving = store.receive(cut, { kind: 'photo', fileName: 'a.jpg', accountId: WANG });
    cut.write(Buffer.alloc(1000));
    setTimeout(() => cut.destroy(), 20);
    await expect(receiving).rejects.toThrow(/interrupted/u);
    expect(fs.readdirSync(store.dir)).toEqual([]);
    expect(store.figures().uploads).toBe(0);
  });

  it('lets an upload live an hour, a person keep a few, and all of them a bounded size, the oldest going first', () => {
    let now = 0;
    const store = new UploadStore(tempDir('qikan-uploads-'), { perPerson: 2, maxTotalBytes: 100, maxAgeMs: 1000, now: () => now });
    const send = (who: number, size: number) => store.receiveBytes(new Uint8Array(size), { kind: 'photo', fileName: 'p.jpg', accountId: who }).uploadId;
    const a = send(WANG, 10);
    const b = send(WANG, 10);
    const c = send(WANG, 10); // the third of two: the first goes
    expect(() => store.fileOf(a, 'photo', WANG)).toThrow();
    expect(store.fileOf(b, 'photo', WANG).size).toBe(10);
    const d = send(LI, 70); // 10 + 10 + 70 = 90: all fit
    expect(store.figures()).toEqual({ uploads: 3, bytes: 90 });
    const e = send(LI, 20); // 110 > 100: the oldest (b) goes
    expect(() => store.fileOf(b, 'photo', WANG)).toThrow();
    expect(store.figures()).toEqual({ uploads: 3, bytes: 100 });
    now = 1500; // past the hour (here a second)
    expect(store.figures()).toEqual({ uploads: 0, bytes: 0 });
    for (const id of [c, d, e]) expect(() => store.fileOf(id, 'photo', id === c ? WANG : LI)).toThrow();
    expect(fs.readdirSync(store.dir)).toEqual([]);
  });

  it('is used up by the call that succeeds with it, kept when the call fails or asks to keep it', async () => {
    const lib = openSampleLibrary();
    try {
      const store = uploadsOf(lib);
      const ctx = { actor: { accountId: WANG, login: 'wang', displayName: '王', roles: ['主编'] } } as never;
      const id = store.receiveBytes(Buffer.from('x'), { kind: 'manuscript', fileName: 'a.txt', accountId: WANG }).uploadId;
      await expect(withUpload(lib, ctx, id, 'manuscript', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
      expect(await withUpload(lib, ctx, id, 'manuscript', (f) => f.fileName, { keep: true })).toBe('a.txt');
      expect(await withUpload(lib, ctx, id, 'manuscript', (f) => f.bytes.toString())).toBe('x');
      await expect(withUpload(lib, ctx, id, 'manuscript', () => 1)).rejects.toMatchObject({ code: 'not_found' });
      store.receiveBytes(Buffer.from('y'), { kind: 'photo', fileName: 'b.jpg', accountId: WANG });
      store.clear();
      expect(fs.readdirSync(store.dir)).toEqual([]);
    } finally {
      lib.close();
    }
  });
});
