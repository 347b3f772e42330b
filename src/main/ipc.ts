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
import { IPC_UPLOAD_CHANNEL, isUploadKind } from '../shared/uploads';
import { QikanError } from '../shared/errors';
import type { UploadStore } from '../node/uploads/upload-store';

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  handlers: ApiHandlers;
  access: Access;
  /** True when a frame at this URL is the app's own page. */
  isTrustedSenderUrl: (url: string) => boolean;
  /** Where uploaded files wait for the call that uses them (absent: uploads are refused). */
  uploads?: UploadStore;
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
  /** The window's session token (logging the only person in when the library has one). */
  const tokenOf = (contentsId: number): string | null => {
    let token = tokens.get(contentsId) ?? null;
    if (!loggedOut.has(contentsId) && (token === null || deps.access.sessions.resolve(token).actor === null)) {
      token = desktopAutoLogin(deps.access);
      if (token) tokens.set(contentsId, token);
    }
    return token;
  };
  const contentsIdOf = (event: IpcMainInvokeEvent): number => (event.sender as { id?: number } | undefined)?.id ?? 0;
  for (const method of API_METHODS) {
    const channel = channelOf(method);
    deps.ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
      // senderFrame is null once the frame has navigated away or been destroyed.
      const url = event.senderFrame?.url;
      if (!url || !deps.isTrustedSenderUrl(url)) return forbiddenEnvelope(url);
      const contentsId = contentsIdOf(event);
      const token = tokenOf(contentsId);
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
  deps.ipcMain.handle(IPC_UPLOAD_CHANNEL, (event: IpcMainInvokeEvent, kind: unknown, fileName: unknown, data: unknown): Envelope<unknown> => {
    const url = event.senderFrame?.url;
    if (!url || !deps.isTrustedSenderUrl(url)) return forbiddenEnvelope(url);
    try {
      const actor = deps.access.sessions.resolve(tokenOf(contentsIdOf(event))).actor;
      if (!actor) throw new QikanError('unauthenticated', 'log in first', { reason: 'none' });
      if (!deps.uploads || typeof kind !== 'string' || !isUploadKind(kind)) {
        throw new QikanError('invalid_request', 'unknown upload kind', { path: 'kind', expected: 'photo, manuscript, font or issue_json' });
      }
      if (typeof fileName !== 'string' || fileName.trim() === '' || fileName.length > 255) {
        throw new QikanError('invalid_request', 'an upload names its file', { path: 'fileName', expected: 'a file name of at most 255 characters' });
      }
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
      if (!bytes) throw new QikanError('invalid_request', 'an upload carries bytes', { path: 'data', expected: 'ArrayBuffer' });
      return { ok: true, value: deps.uploads.receiveBytes(bytes, { kind, fileName, accountId: actor.accountId }) };
    } catch (err) {
      if (err instanceof QikanError) return { ok: false, error: err.toPayload() };
      deps.log?.('upload failed', err);
      return { ok: false, error: { code: 'internal', message: 'upload failed', details: {} } };
    }
  });
  channels.push(IPC_UPLOAD_CHANNEL);
  return () => {
    for (const channel of channels) deps.ipcMain.removeHandler(channel);
  };
}
