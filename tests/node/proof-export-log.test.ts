import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/node/library/database';
import { importIssueJsonText } from '../../src/node/import/issue-json';
import { libraryFile, openLibrary } from '../../src/node/library/open-library';
import { exportLogOf } from '../../src/node/export/export-log';
import { removeTempDirs, RESOURCES_DIR, SAMPLE_TEXT, tempDir } from './helpers';

afterEach(() => removeTempDirs());

describe('export log migration for proof PDFs', () => {
  it('keeps the rows of a version-5 log, accepts kind proof, and still guards recorded overrides', () => {
    const dir = tempDir();
    const v5 = openDatabase(libraryFile(dir), { migrateUpTo: 5 });
    importIssueJsonText(v5, SAMPLE_TEXT);
    const insert = v5.prepare(
      `INSERT INTO export_log (issue_id, job_id, exported_at, kind, standard, marks, file, pages, bytes, preflight_errors, preflight_warnings, override_reason, ms)
       VALUES (1, ?, '2026-01-20T08:00:00Z', ?, ?, 1, '/x.pdf', 64, 1000, ?, 0, ?, 5)`,
    );
    insert.run('job-print', 'print', 'x1a', 1, '封面待定');
    insert.run('job-screen', 'screen', null, 0, null);
    expect(() => insert.run('job-proof-too-early', 'proof', null, 0, null)).toThrow(/CHECK/);
    v5.close();

    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    try {
      expect(exportLogOf(lib, 1).map((e) => [e.jobId, e.kind, e.overrideReason])).toEqual([
        ['job-print', 'print', '封面待定'],
        ['job-screen', 'screen', null],
      ]);
      lib.db
        .prepare(
          `INSERT INTO export_log (issue_id, job_id, exported_at, kind, standard, marks, file, pages, bytes, preflight_errors, preflight_warnings, override_reason, ms)
           VALUES (1, 'job-proof', '2026-01-21T08:00:00Z', 'proof', NULL, 0, '/p.pdf', 64, 1000, 0, 0, NULL, 5)`,
        )
        .run();
      expect(exportLogOf(lib, 1).map((e) => e.kind)).toEqual(['print', 'screen', 'proof']);
      expect(() => lib.db.prepare(`INSERT INTO export_log (issue_id, job_id, exported_at, kind, marks, file, pages, bytes, preflight_errors, preflight_warnings, ms) VALUES (1, 'j', 'x', 'draft', 0, '/d', 1, 1, 0, 0, 1)`).run()).toThrow(/CHECK/);
      // The append-only guard on overrides survived the rebuild.
      expect(() => lib.db.prepare(`UPDATE export_log SET override_reason = 'changed' WHERE job_id = 'job-print'`).run()).toThrow(/cannot be changed/);
      expect(() => lib.db.prepare(`DELETE FROM export_log WHERE job_id = 'job-print'`).run()).toThrow(/cannot be removed/);
    } finally {
      lib.close();
    }
  });
});
