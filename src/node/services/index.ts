// The services both transports (IPC in the desktop app, HTTP in browser mode) dispatch to:
// accounts and the record, the issue library, the page preview's layout, the whole issue's pages,
// production (photos, preflight, export jobs), the desk, settings and proofreading.

import { actorOfCall, type ApiHandlers } from '../api/dispatch';
import type { Access } from '../auth/access';
import type { Library } from '../library/open-library';
import { createAccountService } from './account-service';
import { createDeskService } from './desk-service';
import { createIssueLayoutService } from './issue-layout';
import { createLayoutService } from './layout-service';
import { createLibraryService } from './library-service';
import { createManuscriptService } from './manuscript-service';
import { createPresenceRegistry, createPresenceService, type Presence } from './presence-service';
import { createProductionService } from './production-service';
import type { ExportWorkerPool } from '../export/worker-pool';
import { createProofExportService } from './proof-export-service';
import { createProofService } from './proof-service';
import { createSettingsService } from './settings-service';

export interface ServiceDeps {
  /** Who has which article open; one per server or desktop process. */
  presence?: Presence;
  /** Worker threads for export jobs (the server); absent, exports run in the caller's thread. */
  exportPool?: ExportWorkerPool | null;
}

export function createServices(lib: Library, access: Access, deps: ServiceDeps = {}): ApiHandlers {
  const presence = deps.presence ?? createPresenceRegistry();
  const library = createLibraryService(lib);
  const manuscripts = createManuscriptService(lib);
  return {
    ...createAccountService(lib, access),
    ...library,
    // Saving needs the article's soft lock: someone else editing it is told, not overwritten.
    updateArticle: (input, ctx) => {
      presence.assertMayEdit(input.articleId, actorOfCall(ctx));
      return library.updateArticle(input, ctx);
    },
    ...createPresenceService(lib, presence),
    ...createLayoutService(lib),
    ...createIssueLayoutService(lib),
    ...createProductionService(lib, undefined, deps.exportPool ?? null),
    ...createDeskService(lib),
    ...createSettingsService(lib),
    ...createProofService(lib),
    ...createProofExportService(lib),
    ...manuscripts,
    // Replacing an article's body from a manuscript is a save of that article: the same soft lock.
    commitManuscript: (input, ctx) => {
      if (input.articleId !== undefined) presence.assertMayEdit(input.articleId, actorOfCall(ctx));
      return manuscripts.commitManuscript(input, ctx);
    },
  };
}
