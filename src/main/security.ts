// Hardening applied to every web-contents the app ever creates: no new windows, no navigation away
// from the app's own page, no <webview>, no permissions. Electron parts are injected (types only).

import type { App, Session, WebContents } from 'electron';

export interface SecurityDeps {
  app: Pick<App, 'on'>;
  defaultSession: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
  isAppUrl: (url: string) => boolean;
  log?: (line: string) => void;
}

function denyPermissions(session: SecurityDeps['defaultSession']): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenWebContents(contents: WebContents, deps: Pick<SecurityDeps, 'isAppUrl' | 'log'>): void {
  const log = deps.log ?? (() => undefined);
  // The UI has no reason to open windows; links to the outside world stay closed rather than
  // trusting a URL the page produced.
  contents.setWindowOpenHandler(({ url }) => {
    log(`qikan: blocked window.open to ${url}`);
    return { action: 'deny' };
  });
  // Electron passes the target as event.url (the positional url argument is deprecated).
  const blockForeignNavigation = (event: { preventDefault(): void; url?: string }, legacyUrl?: string): void => {
    const url = event.url ?? legacyUrl ?? '';
    if (deps.isAppUrl(url)) return;
    event.preventDefault();
    log(`qikan: blocked navigation to ${url}`);
  };
  contents.on('will-navigate', blockForeignNavigation);
  contents.on('will-frame-navigate', blockForeignNavigation);
  contents.on('will-redirect', blockForeignNavigation);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('qikan: blocked a <webview>');
  });
}

/** Call before the first window: covers the default session and every later web-contents. */
export function installSecurity(deps: SecurityDeps): void {
  denyPermissions(deps.defaultSession);
  deps.app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, deps);
    // A web-contents may live in a partition of its own; deny permissions there too.
    if (contents.session) denyPermissions(contents.session);
  });
}
