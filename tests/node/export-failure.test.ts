// An export that fails part-way leaves what was there before: the earlier PDF at the target path is
// untouched, no half-written file is left beside it, and nothing is logged.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultExportEngine } from '../../src/node/export/default-engine';
import { exportLogOf } from '../../src/node/export/export-log';
import { runExport } from '../../src/node/export/pipeline';
import type { Library } from '../../src/node/library/open-library';
import { openSampleLibrary, removeTempDirs, tempDir } from './helpers';

let lib: Library | null = null;

afterEach(() => {
  lib?.close();
  lib = null;
  removeTempDirs();
});

describe('a failed export', () => {
  it('leaves an earlier PDF untouched, writes no partial file and logs nothing', async () => {
    lib = openSampleLibrary();
    const out = path.join(tempDir('qikan-export-out-'), 'issue.pdf');
    fs.writeFileSync(out, 'earlier export');
    const failing = { ...defaultExportEngine, writePdf: async () => Promise.reject(new Error('disk full while writing')) };
    await expect(runExport(lib, { issueId: 1, kind: 'screen', outPath: out }, failing)).rejects.toThrow('disk full');
    expect(fs.readFileSync(out, 'utf8')).toBe('earlier export');
    expect(fs.readdirSync(path.dirname(out))).toEqual(['issue.pdf']);
    expect(exportLogOf(lib, 1)).toEqual([]);
  });

  it('reports an issue the library does not have, writing nothing', async () => {
    lib = openSampleLibrary();
    const out = path.join(tempDir('qikan-export-out-'), 'x.pdf');
    await expect(runExport(lib, { issueId: 9999, kind: 'print', outPath: out }, defaultExportEngine)).rejects.toMatchObject({ code: 'not_found' });
    expect(fs.existsSync(out)).toBe(false);
  });
});
