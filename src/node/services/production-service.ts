// The API's production methods: photos, preflight and export jobs.

import type { ApiHandlers } from '../api/dispatch';
import { defaultExportEngine } from '../export/default-engine';
import { exportJob, revealExportJob, startExportJob } from '../export/jobs';
import type { ExportEngine } from '../export/pipeline';
import type { ExportWorkerPool } from '../export/worker-pool';
import type { Library } from '../library/open-library';
import { importPhotoFile, updatePhotoText } from '../photos/photo-store';
import { withUpload } from '../uploads/upload-store';
import { photoPreview } from '../photos/screen-preview';
import { preflight } from '../preflight/run-preflight';
import { withSignOffItems } from '../proof/sign-off-gate';

export type ProductionHandlers = Pick<ApiHandlers, 'importPhoto' | 'updatePhoto' | 'getPhotoPreview' | 'preflightIssue' | 'startExport' | 'getExportJob' | 'revealExport'>;

/** `pool`: run export jobs in worker threads (the server); absent, they run in this thread. */
export function createProductionService(lib: Library, engine: ExportEngine = defaultExportEngine, pool: ExportWorkerPool | null = null): ProductionHandlers {
  return {
    importPhoto: ({ upload, ...rest }, ctx) => withUpload(lib, ctx, upload, 'photo', (file) => importPhotoFile(lib, { ...rest, ...file })),
    updatePhoto: (input) => updatePhotoText(lib, input),
    getPhotoPreview: ({ photoId }) => photoPreview(lib, photoId),
    preflightIssue: async ({ issueId, kind }) => {
      // Same layout and fonts as the export, so the dialog shows what the export will check.
      const layout = await engine.layoutIssue(lib, issueId);
      // A print preflight also lists what the 付印 sign-off still lacks, as the export will.
      return withSignOffItems(lib.db, issueId, kind ?? 'print', preflight(lib, issueId, kind ?? 'print', layout, engine.fonts(lib))).result;
    },
    // The export log names who exported: the session's person (dispatch gives every call its context).
    startExport: (input, ctx) => startExportJob(lib, input, engine, ctx?.actor?.accountId ?? null, pool),
    getExportJob: ({ jobId }) => exportJob(lib, jobId),
    revealExport: ({ jobId }) => revealExportJob(lib, jobId),
  };
}
