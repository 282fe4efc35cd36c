import { createHash, randomBytes } from 'node:crypto';

/** Prefix of every Loulan API key, so leaked keys are easy to recognise (e.g. by secret scanners). */
export const API_KEY_PREFIX = 'llk_';

// 32 random bytes as hex: the same shape the network scripts write for the org admins' keys.
const API_KEY_PATTERN = /^llk_[0-9a-f]{64}$/;

/** A fresh API key: {@link API_KEY_PREFIX} and 32 random bytes in hex. Shown to its owner once, never stored. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('hex')}`;
}

/** True when `value` has the shape of an API key; anything else is refused before touching the database. */
export function isApiKeyFormat(value: string): boolean {
  return API_KEY_PATTERN.test(value);
}

/**
 * The only form in which an API key is stored: SHA-256, hex.
 *
 * A fast unsalted hash is enough because keys are 256-bit random values, not passwords: there is
 * nothing to brute-force, and a deterministic hash is what lets the key be found by index lookup.
 */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/** Public id of a stored API key (`key_` and 16 hex digits): names a key for listing and revocation without showing it. */
export const KEY_ID_PATTERN = /^key_[0-9a-f]{16}$/;

/** A fresh random key id; random rather than derived from the key, so it says nothing about the key. */
export function generateKeyId(): string {
  return `key_${randomBytes(8).toString('hex')}`;
}
