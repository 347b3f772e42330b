// One row per finished export: what was written, and whether an editor exported in spite of preflight
// errors (and why). The row is written after the file is in place, so the log never names a file that
// does not exist.

import type { ExportKind, PdfStandard } from '../../shared/print';
import type { Library } from '../library/open-library';

/** 'proof': a round's proof PDF (校样), written by src/node/proof-export. */
export type ExportLogKind = ExportKind | 'proof';

export interface ExportLogEntry {
  id: number;
  issueId: number;
  jobId: string;
  exportedAt: string;
  kind: ExportLogKind;
  standard: PdfStandard | null;
  marks: boolean;
  /** Absolute path of the file written. */
  file: string;
  pages: number;
  bytes: number;
  preflightErrors: number;
  preflightWarnings: number;
  overrideReason: string | null;
  ms: number;
  /** The account that exported; null from the command line and for exports logged before accounts. */
  accountId: number | null;
}

interface ExportLogRow {
  id: number;
  issue_id: number;
  job_id: string;
  exported_at: string;
  kind: ExportLogKind;
  standard: PdfStandard | null;
  marks: number;
  file: string;
  pages: number;
  bytes: number;
  preflight_errors: number;
  preflight_warnings: number;
  override_reason: string | null;
  ms: number;
  account_id: number | null;
}

function entryOf(r: ExportLogRow): ExportLogEntry {
  return {
    id: r.id,
    issueId: r.issue_id,
    jobId: r.job_id,
    exportedAt: r.exported_at,
    kind: r.kind,
    standard: r.standard,
    marks: r.marks === 1,
    file: r.file,
    pages: r.pages,
    bytes: r.bytes,
    preflightErrors: r.preflight_errors,
    preflightWarnings: r.preflight_warnings,
    overrideReason: r.override_reason,
    ms: r.ms,
    accountId: r.account_id,
  };
}

export function recordExport(lib: Library, given: Omit<ExportLogEntry, 'id' | 'accountId'> & { accountId?: number | null }): ExportLogEntry {
  const entry = { ...given, accountId: given.accountId ?? null };
  const id = Number(
    lib.db
      .prepare(
        `INSERT INTO export_log (issue_id, job_id, exported_at, kind, standard, marks, file, pages, bytes, preflight_errors, preflight_warnings, override_reason, ms, account_id)
         VALUES (@issueId, @jobId, @exportedAt, @kind, @standard, @marks, @file, @pages, @bytes, @preflightErrors, @preflightWarnings, @overrideReason, @ms, @accountId)`,
      )
      .run({ ...entry, marks: entry.marks ? 1 : 0, ms: Math.round(entry.ms) }).lastInsertRowid,
  );
  return { ...entry, id };
}

export function exportLogOf(lib: Library, issueId: number): ExportLogEntry[] {
  return (lib.db.prepare('SELECT * FROM export_log WHERE issue_id = ? ORDER BY exported_at, id').all(issueId) as ExportLogRow[]).map(entryOf);
}

/** The logged export of a job, also after the app restarted (the download route uses it). */
export function exportOfJob(lib: Library, jobId: string): ExportLogEntry | null {
  const row = lib.db.prepare('SELECT * FROM export_log WHERE job_id = ?').get(jobId) as ExportLogRow | undefined;
  return row ? entryOf(row) : null;
}
