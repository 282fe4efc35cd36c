import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Thrown when a sealed value cannot be opened: wrong key, unknown key id, tampering or corruption. */
export class SealedValueError extends Error {
  override readonly name = 'SealedValueError';
}

const FORMAT = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
// 96-bit IVs are GCM's native size; random per record, so a key must not seal more than ~2^32 values.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MASTER_KEY_PATTERN = /^[0-9a-fA-F]{64}$/;

/**
 * Encrypts secrets at rest (members' private keys, enrolment secrets) with AES-256-GCM.
 *
 * A sealed value is the text `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts). The key id is
 * derived from the key, so after a rotation the ring can still open values sealed with an older key
 * while sealing new ones with the current key. `context` is bound as additional authenticated data:
 * a value copied to another row (another member's key) fails to open.
 */
export class KeyRing {
  private readonly current: { id: string; key: Buffer };
  private readonly byId: ReadonlyMap<string, Buffer>;

  /**
   * @param keys - 32-byte master keys; the first seals, all of them open
   * @throws Error when no key is given or a key is not 32 bytes
   */
  constructor(keys: readonly Buffer[]) {
    const entries = keys.map((key) => {
      if (key.length !== KEY_BYTES) {
        throw new Error(`a master key must be ${KEY_BYTES} bytes, got ${key.length}`);
      }
      return { id: keyIdOf(key), key: Buffer.from(key) };
    });
    const first = entries[0];
    if (first === undefined) {
      throw new Error('a key ring needs at least one master key');
    }
    this.current = first;
    this.byId = new Map(entries.map((entry) => [entry.id, entry.key]));
  }

  /** Id of the key that seals new values (stored in every sealed value). */
  get currentKeyId(): string {
    return this.current.id;
  }

  /** Encrypts `plaintext` under the current key, bound to `context`. */
  seal(plaintext: Buffer | string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [FORMAT, this.current.id, b64(iv), b64(ciphertext), b64(cipher.getAuthTag())].join('.');
  }

  /**
   * Decrypts a value made by {@link seal} with the same `context`.
   *
   * @throws {@link SealedValueError} when the value is malformed, sealed by an unknown key,
   *   tampered with, or sealed for another context
   */
  open(sealed: string, context: string): Buffer {
    const [format, keyId, iv, ciphertext, tag, ...rest] = sealed.split('.');
    if (format !== FORMAT || keyId === undefined || iv === undefined || ciphertext === undefined || tag === undefined || rest.length > 0) {
      throw new SealedValueError('not a sealed value');
    }
    const key = this.byId.get(keyId);
    if (key === undefined) {
      throw new SealedValueError(`sealed with unknown key ${keyId}`);
    }
    const tagBytes = Buffer.from(tag, 'base64url');
    const ivBytes = Buffer.from(iv, 'base64url');
    if (tagBytes.length !== TAG_BYTES || ivBytes.length !== IV_BYTES) {
      throw new SealedValueError('not a sealed value');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    } catch (err) {
      throw new SealedValueError('sealed value failed authentication', { cause: err });
    }
  }

  /**
   * `sealed` under the current key: unchanged when the current key sealed it, else the same
   * plaintext sealed again for the same `context`. The value is opened either way, so a value that
   * does not open is never passed on as if it did.
   *
   * @throws {@link SealedValueError} as {@link open}
   */
  reseal(sealed: string, context: string): string {
    const plaintext = this.open(sealed, context);
    try {
      return sealed.split('.')[1] === this.current.id ? sealed : this.seal(plaintext, context);
    } finally {
      plaintext.fill(0);
    }
  }
}

/**
 * Parses a master key file's content: 64 hex digits (32 bytes), surrounding whitespace ignored.
 *
 * @throws Error when the content is not exactly that
 */
export function parseMasterKey(content: string): Buffer {
  const hex = content.trim();
  if (!MASTER_KEY_PATTERN.test(hex)) {
    throw new Error(`expected ${KEY_BYTES * 2} hexadecimal digits`);
  }
  return Buffer.from(hex, 'hex');
}

// A public fingerprint: 8 bytes of a domain-separated hash reveal nothing useful about the key.
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('loulan-master-key-id\0').update(key).digest('hex').slice(0, 16);
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
