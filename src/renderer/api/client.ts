// The renderer's one door to the back end. It wraps window.qikanTransport (provided by the preload in
// the desktop app, by /qikan-transport.js in browser mode), unwraps envelopes and throws QikanError.
// Nothing else in the renderer touches window.qikanTransport.

import { API_METHODS, type ApiMethod, type QikanApi, type QikanTransport } from '../../shared/api';
import { QikanError, type Envelope } from '../../shared/errors';

declare global {
  interface Window {
    qikanTransport?: QikanTransport;
  }
}

/** Thrown (as a QikanError with code 'internal' and details.reason 'no_transport') when the page runs
 *  without a transport, e.g. index.html opened straight from disk. */
export const NO_TRANSPORT = 'no_transport';

function isEnvelope(x: unknown): x is Envelope<unknown> {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false;
  const e = x as { ok: unknown; error?: unknown };
  if (e.ok === true) return 'value' in x;
  return e.ok === false && typeof e.error === 'object' && e.error !== null && 'code' in e.error;
}

export function unwrapEnvelope<T>(method: ApiMethod | 'upload', envelope: unknown): T {
  if (!isEnvelope(envelope)) {
    throw new QikanError('internal', `${method}: the transport answered without an envelope`, { reason: 'bad_envelope' });
  }
  if (envelope.ok) return envelope.value as T;
  throw QikanError.fromPayload(envelope.error);
}

type ApiErrorListener = (method: ApiMethod | 'upload', error: QikanError) => void;
const errorListeners = new Set<ApiErrorListener>();

/** Hears every refusal the back end answers with (the auth gate watches for a session that ended). */
export function onApiError(listener: ApiErrorListener): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}

/** Builds the typed API over a transport. */
export function createApi(transport: QikanTransport | undefined): QikanApi {
  const api = {} as Record<ApiMethod, (input: unknown) => Promise<unknown>>;
  for (const method of API_METHODS) {
    api[method] = async (input: unknown) => {
      const call = transport?.[method];
      if (typeof call !== 'function') {
        throw new QikanError('internal', 'no window.qikanTransport: the page must be loaded by the app or its server', {
          reason: NO_TRANSPORT,
        });
      }
      let envelope: unknown;
      try {
        envelope = await call(input);
      } catch (err) {
        // A transport that rejects (network down, server gone) reports the cause in the same shape.
        throw new QikanError('internal', `${method}: ${err instanceof Error ? err.message : String(err)}`, {
          reason: err instanceof Error ? err.message : String(err),
        });
      }
      try {
        return unwrapEnvelope(method, envelope);
      } catch (err) {
        for (const l of errorListeners) l(method, err as QikanError);
        throw err;
      }
    };
  }
  const uploadFile: QikanApi['uploadFile'] = async (kind, file) => {
    if (typeof transport?.upload !== 'function') {
      throw new QikanError('internal', 'no window.qikanTransport: the page must be loaded by the app or its server', { reason: NO_TRANSPORT });
    }
    let data: ArrayBuffer;
    try {
      data = await file.arrayBuffer();
    } catch {
      throw new QikanError('invalid_request', `cannot read ${file.name}`, { reason: 'file_unreadable', file: file.name });
    }
    let envelope: unknown;
    try {
      envelope = await transport.upload(kind, file.name, data);
    } catch (err) {
      throw new QikanError('internal', `upload: ${err instanceof Error ? err.message : String(err)}`, {
        reason: err instanceof Error ? err.message : String(err),
      });
    }
    try {
      return unwrapEnvelope('upload', envelope);
    } catch (err) {
      for (const l of errorListeners) l('upload', err as QikanError);
      throw err;
    }
  };
  return Object.assign(api, { uploadFile }) as unknown as QikanApi;
}

let shared: QikanApi | null = null;

/** The app's API, built lazily from window.qikanTransport. */
export function getApi(): QikanApi {
  if (!shared) shared = createApi(typeof window === 'undefined' ? undefined : window.qikanTransport);
  return shared;
}

/** Tests swap the transport. */
export function resetApiForTests(): void {
  shared = null;
}
