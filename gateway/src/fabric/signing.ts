/**
 * ECDSA signatures by Node's own crypto (OpenSSL). fabric-gateway's `signers.newPrivateKeySigner`
 * computes them in JavaScript (@noble/curves): at about 1.5 ms a signature and three signatures
 * a transaction (proposal, envelope, commit-status request), it was the largest single cost of
 * the gateway's CPU per REST write. OpenSSL signs in tens of microseconds, but only over the
 * message (it hashes as it signs), so every gateway connection is made with
 * {@link MESSAGE_DIGEST}: fabric-gateway then passes the message itself where it would pass its
 * SHA-256 digest, and the signer hashes it with SHA-256, which is what Fabric verifies.
 *
 * Fabric accepts low-S signatures only; OpenSSL returns either half, so the signer folds a high
 * S into the low half (S and n − S are both valid signatures of the message).
 *
 * @packageDocumentation
 */
import { type KeyObject, sign } from 'node:crypto';

import { type Hash, hash, type Signer } from '@hyperledger/fabric-gateway';

/**
 * The `hash` option of every gateway connection whose signer comes from {@link messageSigner}:
 * the message is passed to the signer as it is.
 */
export const MESSAGE_DIGEST: Hash = hash.none;

/** Orders of the curves Fabric CAs issue keys on, by OpenSSL's curve name. */
const CURVE_ORDERS: ReadonlyMap<string, bigint> = new Map([
  ['prime256v1', 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n],
  ['secp384r1', 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n],
]);

/**
 * @param privateKey - an EC private key on P-256 or P-384
 * @returns a fabric-gateway `Signer` of messages (use it with {@link MESSAGE_DIGEST}): SHA-256 and
 *   ECDSA, DER-encoded, low S
 * @throws Error when the key is not an EC key on one of those curves
 */
export function messageSigner(privateKey: KeyObject): Signer {
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  const order = curve === undefined ? undefined : CURVE_ORDERS.get(curve);
  if (privateKey.asymmetricKeyType !== 'ec' || order === undefined) {
    throw new Error(`a Fabric signing key must be an EC key on P-256 or P-384, not ${privateKey.asymmetricKeyType ?? '?'} ${curve ?? ''}`);
  }
  const width = (order.toString(16).length + 1) >> 1;
  return async (message) => {
    const raw = sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const r = toBigInt(raw.subarray(0, width));
    const s = toBigInt(raw.subarray(width));
    return Promise.resolve(derSignature(r, s > order >> 1n ? order - s : s));
  };
}

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
}

/** `SEQUENCE { INTEGER r, INTEGER s }`, the encoding Fabric's MSP reads. */
function derSignature(r: bigint, s: bigint): Uint8Array {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) {
    hex = `0${hex}`;
  }
  // A leading 1 bit would read as negative: such a value takes a zero byte in front.
  const bytes = Buffer.from(/^[89a-f]/.test(hex) ? `00${hex}` : hex, 'hex');
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

function derLength(length: number): Buffer {
  return length < 0x80 ? Buffer.from([length]) : Buffer.from([0x81, length]);
}
