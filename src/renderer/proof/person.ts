// The current person (name and role), chosen in the app and remembered per browser in localStorage.
// Every proof call carries it as `actor`; proof actions are offered only once a person is chosen.

import { useSyncExternalStore } from 'react';
import { PERSON_ROLES, type Person, type PersonRole } from '../../shared/proof';

export const PERSON_STORAGE_KEY = 'qikan.person';
const MAX_NAME = 40;

const listeners = new Set<() => void>();
let cached: { raw: string | null; person: Person | null } | null = null;

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null; // storage disabled: the person lasts until the page closes
  }
}

let memoryFallback: string | null = null;

function readRaw(): string | null {
  const s = storage();
  return s ? s.getItem(PERSON_STORAGE_KEY) : memoryFallback;
}

/** A stored value read back; anything malformed counts as no person chosen. */
export function parsePerson(raw: string | null): Person | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { name?: unknown; role?: unknown };
    if (typeof v.name !== 'string' || typeof v.role !== 'string') return null;
    const name = v.name.trim();
    if (name === '' || name.length > MAX_NAME || !PERSON_ROLES.includes(v.role as PersonRole)) return null;
    return { name, role: v.role as PersonRole };
  } catch {
    return null;
  }
}

export function currentPerson(): Person | null {
  const raw = readRaw();
  if (!cached || cached.raw !== raw) cached = { raw, person: parsePerson(raw) };
  return cached.person;
}

/** Validates and stores the person; returns the stored value or an error key under proof.person. */
export function choosePerson(name: string, role: PersonRole): { ok: true; person: Person } | { ok: false; reason: 'nameRequired' | 'nameTooLong' } {
  const trimmed = name.trim();
  if (trimmed === '') return { ok: false, reason: 'nameRequired' };
  if (trimmed.length > MAX_NAME) return { ok: false, reason: 'nameTooLong' };
  const person: Person = { name: trimmed, role };
  const raw = JSON.stringify(person);
  const s = storage();
  if (s) s.setItem(PERSON_STORAGE_KEY, raw);
  else memoryFallback = raw;
  for (const l of listeners) l();
  return { ok: true, person };
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another window of the same browser choosing a person.
  const onStorage = (e: StorageEvent) => e.key === PERSON_STORAGE_KEY && listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function usePerson(): Person | null {
  return useSyncExternalStore(subscribe, currentPerson, () => null);
}

/** Opening the chooser from anywhere (a proof action asked for a person). */
const chooserListeners = new Set<() => void>();
export function requestPersonChooser(): void {
  for (const l of chooserListeners) l();
}
export function onPersonChooserRequest(listener: () => void): () => void {
  chooserListeners.add(listener);
  return () => chooserListeners.delete(listener);
}
