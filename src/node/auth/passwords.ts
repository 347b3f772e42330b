// Password hashing: scrypt from Node's own crypto (memory-hard), a random salt per password, the
// parameters stored with the hash so they can be raised later without breaking old accounts.
// Never logged, never returned by any API method.

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** N = 2^15, r = 8: 32 MiB and roughly 50–100 ms per hash on an office machine. */
export const DEFAULT_SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** "scrypt$N$r$p$salt$hash" (salt and hash base64). */
export async function hashPassword(password: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

// Verifying against this when the account is unknown keeps the answer's timing the same.
let decoy: Promise<string> | null = null;

/** True when `password` matches `stored`; false for a missing or malformed hash (after the same work). */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    decoy ??= hashPassword('decoy password');
    await verifyPassword(password, await decoy);
    return false;
  }
  const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((x) => Number.isInteger(x) && x > 0) || params.N > 1 << 20) return false;
  const expected = Buffer.from(hashText, 'base64');
  let key: Buffer;
  try {
    key = await derive(password, Buffer.from(saltText, 'base64'), params);
  } catch {
    // Parameters scrypt refuses (N not a power of two, too much memory): a damaged hash matches nothing.
    return false;
  }
  return key.length === expected.length && timingSafeEqual(key, expected);
}
