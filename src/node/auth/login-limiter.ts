// Failed logins are limited per account and per address: after `maxFailures` within `windowMs` the
// next attempt waits until the window has passed. In memory: a restart forgives, which is fine for an
// office server, and the record keeps every failed attempt anyway. Bounded: old keys are dropped.

export interface LoginLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
  maxKeys?: number;
}

export interface LoginLimiter {
  /** Seconds to wait before another attempt from this address or for this account, or 0. */
  retryAfter(login: string, address: string): number;
  failed(login: string, address: string): void;
  succeeded(login: string, address: string): void;
  size(): number;
}

export function createLoginLimiter(opts: LoginLimiterOptions = {}): LoginLimiter {
  const maxFailures = opts.maxFailures ?? 5;
  const windowMs = opts.windowMs ?? 15 * 60_000;
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 10_000;
  const failures = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const t = now();
    const list = (failures.get(key) ?? []).filter((at) => t - at < windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };
  const wait = (key: string): number => {
    const list = recent(key);
    if (list.length < maxFailures) return 0;
    return Math.max(1, Math.ceil((list[list.length - maxFailures]! + windowMs - now()) / 1000));
  };
  const add = (key: string) => {
    const list = recent(key);
    list.push(now());
    failures.set(key, list);
    if (failures.size > maxKeys) failures.delete(failures.keys().next().value as string);
  };
  const keys = (login: string, address: string) => [`account:${login.trim().toLowerCase()}`, `address:${address}`];

  return {
    retryAfter: (login, address) => Math.max(...keys(login, address).map(wait)),
    failed: (login, address) => keys(login, address).forEach(add),
    // A good login clears the account's count, not the address's (one person's success must not
    // reset an attacker's count from the same address).
    succeeded: (login) => void failures.delete(keys(login, '')[0]!),
    size: () => failures.size,
  };
}
