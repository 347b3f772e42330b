// IPC transport, desktop side: one ipcMain.handle per API method. Each call is checked against the
// sender frame before dispatch() validates the payload and reaches the service.
// Takes its electron parts injected (only `import type` here) so tests can drive it under Node.

import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { API_METHODS, channelOf } from '../shared/api';
import type { Envelope } from '../shared/errors';
import { dispatch, type ApiHandlers, type Logger } from '../node/api/dispatch';

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  handlers: ApiHandlers;
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
  for (const method of API_METHODS) {
    const channel = channelOf(method);
    deps.ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
      // senderFrame is null once the frame has navigated away or been destroyed.
      const url = event.senderFrame?.url;
      if (!url || !deps.isTrustedSenderUrl(url)) return forbiddenEnvelope(url);
      return dispatch(deps.handlers, method, input, deps.log);
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) deps.ipcMain.removeHandler(channel);
  };
}
