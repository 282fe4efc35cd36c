import { type KeyObject, sign } from 'node:crypto';

/** An identity that authenticates to a Fabric CA with its enrolment certificate, e.g. a registrar. */
export interface CaSigningIdentity {
  readonly certificatePem: string;
  /** The EC private key of `certificatePem`. */
  readonly privateKey: KeyObject;
}

// Group orders of the curves Fabric CA issues keys on; needed to normalise S.
const CURVE_ORDERS: Readonly<Record<string, bigint>> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

/**
 * The `Authorization` header value of a token-authenticated Fabric CA request (register, revoke, ...).
 *
 * Same as fabric-ca's `util.GenECDSAToken` (v1.4 and later): `<b64 cert>.<b64 signature>`, where the
 * signature is ECDSA with SHA-256 over `<METHOD>.<b64 uri>.<b64 body>.<b64 cert>`; base64 is standard
 * base64 with padding, the certificate is the PEM text, and `uri` is the request's path and query.
 * The CA verifies with Fabric's BCCSP, which rejects high-S signatures, hence the normalisation.
 *
 * @throws Error when the key is not an EC key on P-256 or P-384
 */
export function caAuthToken(identity: CaSigningIdentity, method: string, uri: string, body: Buffer): string {
  const b64Cert = Buffer.from(identity.certificatePem, 'utf8').toString('base64');
  const payload = `${method}.${Buffer.from(uri, 'utf8').toString('base64')}.${body.toString('base64')}.${b64Cert}`;
  const curve = identity.privateKey.asymmetricKeyDetails?.namedCurve;
  const order = curve === undefined ? undefined : CURVE_ORDERS[curve];
  if (identity.privateKey.asymmetricKeyType !== 'ec' || order === undefined) {
    throw new Error(`CA tokens need a P-256 or P-384 EC key, got ${identity.privateKey.asymmetricKeyType} ${curve}`);
  }
  const raw = sign('sha256', Buffer.from(payload, 'utf8'), { key: identity.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${b64Cert}.${lowSDerSignature(raw, order).toString('base64')}`;
}

/** Turns an IEEE P1363 (r‖s) signature into DER with s ≤ n/2. */
export function lowSDerSignature(raw: Buffer, order: bigint): Buffer {
  const half = raw.length / 2;
  const r = BigInt(`0x${raw.subarray(0, half).toString('hex')}`);
  let s = BigInt(`0x${raw.subarray(half).toString('hex')}`);
  if (s > order / 2n) {
    s = order - s;
  }
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  // Short-form length suffices: two P-384 integers take at most 2 × 51 bytes.
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) {
    hex = `0${hex}`;
  }
  let bytes = Buffer.from(hex, 'hex');
  // DER integers are signed: a leading 1 bit needs a zero byte in front.
  if ((bytes[0] ?? 0) >= 0x80) {
    bytes = Buffer.concat([Buffer.from([0]), bytes]);
  }
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}
