// IPC transport, desktop side: one ipcMain.handle per API method. Each call is checked against the
// sender frame before dispatch() checks the person, validates the payload and reaches the service.
// The session lives here, per window (web-contents), never in the renderer. A library whose only
// account is one person logs that person in on the desktop without a password (never over HTTP).
// Takes its electron parts injected (only `import type` here) so tests can drive it under Node.

import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { API_METHODS, channelOf } from '../shared/api';
import type { Envelope } from '../shared/errors';
import { dispatch, type ApiHandlers, type Logger } from '../node/api/dispatch';
import type { Access } from '../node/auth/access';
import { desktopAutoLogin } from '../node/auth/desktop-login';

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  handlers: ApiHandlers;
  access: Access;
  /** True when a frame at this URL is the app's own page. */
  isTrustedSenderUrl: (url: string) => boolean;
  log?: Logger;
}

export function forbiddenEnvelope(url: string | undefined): Envelope<never> {
  return {
    ok: false,
    error: { code: 'forbidden', message: `IPC from a frame that is not the app's (${url ?? 'no frame'})`, details: { reason: 'sender' } },
  };
}

/** Registers every method; returns a function that removes the handlers again. */
export function registerIpcHandlers(deps: IpcDeps): () => void {
  const channels: string[] = [];
  // Session token per web-contents id.
  const tokens = new Map<number, string>();
  // A window whose person logged out is not logged in again by itself (until the app restarts).
  const loggedOut = new Set<number>();
  for (const method of API_METHODS) {
    const channel = channelOf(method);
    deps.ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
      // senderFrame is null once the frame has navigated away or been destroyed.
      const url = event.senderFrame?.url;
      if (!url || !deps.isTrustedSenderUrl(url)) return forbiddenEnvelope(url);
      const contentsId = (event.sender as { id?: number } | undefined)?.id ?? 0;
      let token = tokens.get(contentsId) ?? null;
      if (!loggedOut.has(contentsId) && (token === null || deps.access.sessions.resolve(token).actor === null)) {
        token = desktopAutoLogin(deps.access);
        if (token) tokens.set(contentsId, token);
      }
      const result = await dispatch(deps.handlers, deps.access, method, input, { token, origin: 'desktop', userAgent: 'desktop', setupAllowed: true }, deps.log);
      if (result.session) {
        if (result.session.token === null) {
          tokens.delete(contentsId);
          loggedOut.add(contentsId);
        } else tokens.set(contentsId, result.session.token);
      }
      return result.envelope;
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) deps.ipcMain.removeHandler(channel);
  };
}
