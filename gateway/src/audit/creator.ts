/**
 * Who created a transaction: the MSP id and the `loulan.role` (and `loulan.account`) attributes of
 * the creator's enrolment certificate. Fabric CA writes attributes as JSON `{"attrs": {...}}` into the certificate extension
 * 1.2.3.4.5.6.7.8.1; Node's X509Certificate does not expose extensions, so the DER is scanned for it.
 */
import { msp } from '@hyperledger/fabric-protos';
import { ACCOUNT_ATTRIBUTE, ROLE_ATTRIBUTE } from '@loulan/protocol';

/** The creator of a transaction as the audit view shows it. */
export interface Creator {
  readonly creatorMsp: string;
  /** `loulan.role` of the certificate; null when absent (e.g. network bootstrap identities). */
  readonly creatorRole: string | null;
}

// DER of OBJECT IDENTIFIER 1.2.3.4.5.6.7.8.1.
const FABRIC_ATTRS_OID = Buffer.from([0x06, 0x08, 0x2a, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01]);

/** Decodes a serialized identity (`msp.SerializedIdentity` bytes) into its MSP id and role. */
export function creatorOf(serializedIdentity: Uint8Array): Creator {
  const identity = msp.SerializedIdentity.deserializeBinary(serializedIdentity);
  return { creatorMsp: identity.getMspid(), creatorRole: roleOf(Buffer.from(identity.getIdBytes_asU8()).toString('utf8')) };
}

/**
 * The account a transaction's creator acts for: the `loulan.account` attribute of its certificate,
 * or null when it carries none (auditors, the network's bootstrap identities).
 */
export function creatorAccountOf(serializedIdentity: Uint8Array): string | null {
  const identity = msp.SerializedIdentity.deserializeBinary(serializedIdentity);
  return attributeOf(Buffer.from(identity.getIdBytes_asU8()).toString('utf8'), ACCOUNT_ATTRIBUTE);
}

/** The `loulan.role` attribute of a PEM certificate, or null when it carries none. */
export function roleOf(certificatePem: string): string | null {
  return attributeOf(certificatePem, ROLE_ATTRIBUTE);
}

/** A Fabric CA attribute of a PEM certificate, or null when it carries none. */
function attributeOf(certificatePem: string, name: string): string | null {
  const base64 = certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  const der = Buffer.from(base64, 'base64');
  const at = der.indexOf(FABRIC_ATTRS_OID);
  if (at < 0) {
    return null;
  }
  let offset = at + FABRIC_ATTRS_OID.length;
  if (der[offset] === 0x01) {
    // The optional "critical" BOOLEAN precedes the value.
    offset += 3;
  }
  const value = octetString(der, offset);
  return value === undefined ? null : attributeFromJson(value.toString('utf8'), name);
}

function octetString(der: Buffer, offset: number): Buffer | undefined {
  if (der[offset] !== 0x04) {
    return undefined;
  }
  const first = der[offset + 1] ?? 0;
  if (first < 0x80) {
    return der.subarray(offset + 2, offset + 2 + first);
  }
  const lengthBytes = first & 0x7f;
  let length = 0;
  for (let index = 0; index < lengthBytes; index++) {
    length = length * 256 + (der[offset + 2 + index] ?? 0);
  }
  const start = offset + 2 + lengthBytes;
  return der.subarray(start, start + length);
}

function attributeFromJson(text: string, name: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const attrs = isObject(parsed) ? parsed['attrs'] : undefined;
  const value = isObject(attrs) ? attrs[name] : undefined;
  return typeof value === 'string' ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
