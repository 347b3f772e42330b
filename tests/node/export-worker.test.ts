// Exports in worker threads (src/node/export/worker-pool.ts, export-worker.ts): the PDF a worker
// writes is the one the export writes in the caller's thread, apart from its IDs and dates; two
// exports at once both finish; an export job through the API runs in the pool and is logged.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExportEngine } from '../../src/node/export/default-engine';
import { exportLogOf } from '../../src/node/export/export-log';
import { runExport } from '../../src/node/export/pipeline';
import { ExportWorkerPool } from '../../src/node/export/worker-pool';
import type { Library } from '../../src/node/library/open-library';
import { createServices } from '../../src/node/services';
import { createLibraryService } from '../../src/node/services/library-service';
import type { ExportJob } from '../../src/shared/print';
import { signedIn } from '../support/people';
import { openSampleLibrary, REPO_ROOT, removeTempDirs, tempDir } from './helpers';

let pool: ExportWorkerPool;
let lib: Library;
let issueId: number;

beforeAll(() => {
  // The worker runs from its bundle, as the server runs it.
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'run-node.mjs'), 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
  const file = ExportWorkerPool.besideBundle(path.join(REPO_ROOT, 'out', 'node'));
  expect(file).not.toBeNull();
  pool = new ExportWorkerPool(file!, 2);
  lib = openSampleLibrary();
  issueId = createLibraryService(lib).listIssues({})[0]!.id;
  lib.db.prepare("UPDATE publication SET settings = json_set(settings, '$.proofreading', 'none')").run();
}, 120_000);

afterAll(async () => {
  await pool?.close();
  lib?.close();
  removeTempDirs();
});

/** The file's bytes with what differs between any two exports masked: the document IDs and the dates. */
function masked(file: string): string {
  return fs
    .readFileSync(file)
    .toString('latin1')
    .replace(/\/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]/gu, (m) => 'I'.repeat(m.length))
    .replace(/D:\d{14}(?:Z|[+-]\d{2}'\d{2}'?)?/gu, (m) => 'D'.repeat(m.length))
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/gu, (m) => 'T'.repeat(m.length))
    .replace(/uuid:[0-9a-f-]{36}/gu, (m) => 'U'.repeat(m.length));
}

describe('exports in worker threads', () => {
  it('writes the PDF the caller\'s thread writes, apart from IDs and dates', async () => {
    const dir = tempDir('qikan-worker-out-');
    const request = { issueId, kind: 'print' as const, overrideReason: '比对' };
    const here = await runExport(lib, { ...request, outPath: path.join(dir, 'here.pdf') }, defaultExportEngine);
    const stages: string[] = [];
    const there = await pool.run(lib.dir, { ...request, outPath: path.join(dir, 'there.pdf') }, (stage) => stages.push(stage));
    expect(here.state).toBe('done');
    expect(there.state).toBe('done');
    if (here.state !== 'done' || there.state !== 'done') return;
    expect(there.pages).toBe(here.pages);
    expect(there.bytes).toBe(here.bytes);
    expect(masked(there.file)).toBe(masked(here.file));
    expect(new Set(stages)).toEqual(new Set(['layout', 'preflight', 'images', 'pdf', 'write']));
  }, 120_000);

  it('fails an export that needs more memory than a worker may use, and the pool goes on exporting', async () => {
    const small = new ExportWorkerPool(ExportWorkerPool.besideBundle(path.join(REPO_ROOT, 'out', 'node'))!, 1, 24);
    try {
      const dir = tempDir('qikan-worker-memory-');
      await expect(small.run(lib.dir, { issueId, kind: 'print', overrideReason: '内存', outPath: path.join(dir, 'big.pdf') })).rejects.toMatchObject({
        code: 'internal',
        details: { reason: 'export_memory', limitMb: 24 },
      });
      expect(fs.existsSync(path.join(dir, 'big.pdf'))).toBe(false);
    } finally {
      await small.close();
    }
    const after = await pool.run(lib.dir, { issueId, kind: 'screen', outPath: path.join(tempDir('qikan-worker-after-'), 'after.pdf') });
    expect(after.state).toBe('done');
  }, 120_000);

  it('runs two exports at once, both to the end', async () => {
    const dir = tempDir('qikan-worker-two-');
    const [print, screen] = await Promise.all([
      pool.run(lib.dir, { issueId, kind: 'print', overrideReason: '同时导出', outPath: path.join(dir, 'print.pdf') }),
      pool.run(lib.dir, { issueId, kind: 'screen', outPath: path.join(dir, 'screen.pdf') }),
    ]);
    expect(print.state).toBe('done');
    expect(screen.state).toBe('done');
    for (const f of ['print.pdf', 'screen.pdf']) expect(fs.readFileSync(path.join(dir, f)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);

  it('runs an export job of the API in the pool: the job reports its stages, the log names the person', async () => {
    const me = await signedIn(lib, { handlers: (access) => createServices(lib, access, { exportPool: pool }), name: '美编小王' });
    let job = await me.call<ExportJob>('startExport', { issueId, kind: 'screen' });
    const stages = new Set<string>();
    while (job.state === 'running') {
      stages.add(job.stage);
      await new Promise((r) => setTimeout(r, 10));
      job = await me.call<ExportJob>('getExportJob', { jobId: job.jobId });
    }
    expect(job.state).toBe('done');
    expect(job.result!.pages).toBeGreaterThan(60);
    const log = exportLogOf(lib, issueId).find((l) => l.jobId === job.jobId);
    expect(log).toMatchObject({ kind: 'screen', accountId: me.actor.accountId });
  }, 120_000);

  it('fails a job with the worker\'s reason when the export cannot run', async () => {
    await expect(pool.run(lib.dir, { issueId: 99_999, kind: 'screen' })).rejects.toMatchObject({ code: 'not_found' });
  }, 60_000);
});
