// The services both transports (IPC in the desktop app, HTTP in browser mode) dispatch to:
// the issue library and the page preview's layout.

import type { ApiHandlers } from '../api/dispatch';
import type { Library } from '../library/open-library';
import { createLayoutService } from './layout-service';
import { createLibraryService } from './library-service';

export function createServices(lib: Library): ApiHandlers {
  return { ...createLibraryService(lib), ...createLayoutService(lib) };
}
