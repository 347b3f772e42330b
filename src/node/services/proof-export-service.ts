// startProofExport: a round's proof PDF (校样) as an export job, so the UI's progress, getExportJob and
// the download address work as for any export. The export log names the session's person.

import type { ApiHandlers } from '../api/dispatch';
import { QikanError } from '../../shared/errors';
import { startFileJob } from '../export/jobs';
import type { Library } from '../library/open-library';
import { PROOF_STAGES, runProofExport, serviceProofRecords, type ProofRecords } from '../proof-export/run-proof-export';

export function createProofExportService(lib: Library, records: ProofRecords = serviceProofRecords): Pick<ApiHandlers, 'startProofExport'> {
  return {
    async startProofExport({ issueId, roundId }, ctx) {
      // An unknown issue or round is refused at once rather than as a failed job.
      if (!lib.db.prepare('SELECT 1 FROM issue WHERE id = ?').get(issueId)) {
        throw new QikanError('not_found', `issue ${issueId} not found`, { entity: 'issue', id: issueId });
      }
      if (!(await records.rounds(lib, issueId)).some((r) => r.id === roundId)) {
        throw new QikanError('not_found', `round ${roundId} of issue ${issueId} not found`, { entity: 'round', id: roundId });
      }
      return startFileJob(lib, issueId, PROOF_STAGES[0], (jobId, onProgress) => runProofExport(lib, { issueId, roundId, jobId, accountId: ctx?.actor?.accountId ?? null }, records, onProgress));
    },
  };
}
