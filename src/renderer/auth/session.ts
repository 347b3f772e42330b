// The signed-in person as the renderer knows it: the AuthState the back end last answered with. The
// auth gate (AuthGate.tsx) sets it; everything else reads it (useMe, useCan). The actor of every call
// comes from the session on the server, never from here: this only decides what the UI offers.

import { useSyncExternalStore } from 'react';
import type { Actor, AuthState, Role } from '../../shared/auth';
import type { QikanError } from '../../shared/errors';

let state: AuthState | null = null;
const listeners = new Set<() => void>();

export function setAuthState(next: AuthState | null): void {
  state = next;
  for (const l of listeners) l();
}

export function currentAuthState(): AuthState | null {
  return state;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAuthState(): AuthState | null {
  return useSyncExternalStore(subscribe, currentAuthState, () => null);
}

/** The signed-in person, or null. */
export function useMe(): Actor | null {
  return useAuthState()?.me ?? null;
}

/** The roles of the signed-in person (null when nobody is signed in). */
export function useRoles(): readonly Role[] | null {
  return useMe()?.roles ?? null;
}

/** Refusals that mean a wrong password typed now, not a session that ended. */
const PASSWORD_REASONS = new Set(['wrong_password', 'wrong_credentials', 'no_password']);

/** Whether an error says the session is gone (expired, ended by an administrator, never there). */
export function isSessionLost(err: QikanError): boolean {
  return err.code === 'unauthenticated' && !PASSWORD_REASONS.has(String(err.details['reason'] ?? ''));
}
