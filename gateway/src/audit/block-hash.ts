/**
 * Fabric's block hashes, computed the way the peer and orderer compute them, so the gateway can check the
 * hash chain of the blocks it reads. The integration tests use these same functions.
 */
import { createHash } from 'node:crypto';

/**
 * Header hash of a block: SHA-256 over the ASN.1 DER of SEQUENCE(INTEGER number, OCTET STRING previousHash,
 * OCTET STRING dataHash). The next block's `previousHash` must equal it.
 */
export function blockHeaderHash(number: bigint | number, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  const body = Buffer.concat([derInteger(BigInt(number)), derElement(0x04, previousHash), derElement(0x04, dataHash)]);
  return createHash('sha256').update(derElement(0x30, body)).digest();
}

/** Data hash of a block: SHA-256 of its `data.data` entries concatenated. */
export function blockDataHash(entries: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  entries.forEach((entry) => hash.update(entry));
  return hash.digest();
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) {
    hex = `0${hex}`;
  }
  const bytes = Buffer.from(hex, 'hex');
  // A set top bit would read as negative: DER then needs a leading zero byte.
  return derElement(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function derElement(tag: number, content: Uint8Array): Buffer {
  const length = content.length;
  if (length < 0x80) {
    return Buffer.concat([Buffer.from([tag, length]), content]);
  }
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) {
    lengthBytes.unshift(rest & 0xff);
  }
  return Buffer.concat([Buffer.from([tag, 0x80 | lengthBytes.length, ...lengthBytes]), content]);
}
