// The services both transports (IPC in the desktop app, HTTP in browser mode) dispatch to:
// the issue library, the page preview's layout, the whole issue's pages, and production
// (photos, preflight, export jobs).

import type { ApiHandlers } from '../api/dispatch';
import type { Library } from '../library/open-library';
import { createDeskService } from './desk-service';
import { createIssueLayoutService } from './issue-layout';
import { createLayoutService } from './layout-service';
import { createLibraryService } from './library-service';
import { createManuscriptService } from './manuscript-service';
import { createProductionService } from './production-service';
import { createProofExportService } from './proof-export-service';
import { createProofService } from './proof-service';
import { createSettingsService } from './settings-service';

export function createServices(lib: Library): ApiHandlers {
  return {
    ...createLibraryService(lib),
    ...createLayoutService(lib),
    ...createIssueLayoutService(lib),
    ...createProductionService(lib),
    ...createDeskService(lib),
    ...createSettingsService(lib),
    ...createProofService(lib),
    ...createProofExportService(lib),
    ...createManuscriptService(lib),
  };
}
