// The single entry both transports call: validate the payload, call the service, wrap the answer.
// IPC (src/main/ipc.ts) and HTTP (src/node/server) add only their own sender checks around it.

import { type ApiInput, type ApiMethod, type ApiOutputs } from '../../shared/api';
import { QikanError, type Envelope } from '../../shared/errors';
import { assertMethod, validateInput } from '../../shared/validate';

export type ApiHandlers = {
  [M in ApiMethod]: (input: ApiInput<M>) => ApiOutputs[M] | Promise<ApiOutputs[M]>;
};

export type Logger = (message: string, error?: unknown) => void;

const defaultLogger: Logger = (message, error) => console.error(message, error ?? '');

export async function dispatch(
  handlers: ApiHandlers,
  method: string,
  raw: unknown,
  log: Logger = defaultLogger,
): Promise<Envelope<unknown>> {
  try {
    const m = assertMethod(method);
    const input = validateInput(m, raw);
    const handler = handlers[m] as (input: unknown) => unknown;
    const value = await handler(input);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof QikanError) return { ok: false, error: err.toPayload() };
    log(`qikan: ${method} failed`, err);
    return {
      ok: false,
      error: { code: 'internal', message: err instanceof Error ? err.message : String(err), details: {} },
    };
  }
}
