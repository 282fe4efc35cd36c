import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';

import { signers } from '@hyperledger/fabric-gateway';

import { MESSAGE_DIGEST, messageSigner } from '../src/fabric/signing';

const P256_HALF_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n >> 1n;

/** The S of a DER `SEQUENCE { INTEGER r, INTEGER s }`. */
function sOf(der: Uint8Array): bigint {
  const bytes = Buffer.from(der);
  const rLength = bytes[3] ?? 0;
  const sLength = bytes[5 + rLength] ?? 0;
  return BigInt(`0x${bytes.subarray(6 + rLength, 6 + rLength + sLength).toString('hex')}`);
}

describe('messageSigner', () => {
  it.each(['P-256', 'P-384'])('signs SHA-256 of the message on %s, DER-encoded, always with a low S', async (namedCurve) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
    const sign = messageSigner(privateKey);
    for (let index = 0; index < 64; index += 1) {
      const message = Buffer.from(`proposal ${index}`);
      const signature = await sign(MESSAGE_DIGEST(message));
      expect(verify('sha256', message, publicKey, signature)).toBe(true);
      if (namedCurve === 'P-256') {
        expect(sOf(signature) <= P256_HALF_ORDER).toBe(true);
      }
    }
  });

  it('signs what fabric-gateway’s own signer signs for the same key, as a verifier sees it', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.from('a transaction envelope');
    const theirs = await signers.newPrivateKeySigner(privateKey)(createHash('sha256').update(message).digest());
    const ours = await messageSigner(privateKey)(message);
    const publicKey = createPublicKey(privateKey);
    expect([theirs, ours].map((signature) => verify('sha256', message, publicKey, signature))).toEqual([true, true]);
    expect(sOf(ours) <= P256_HALF_ORDER && sOf(theirs) <= P256_HALF_ORDER).toBe(true);
  });

  it('refuses a key Fabric cannot verify signatures of', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(() => messageSigner(privateKey)).toThrow(/EC key on P-256 or P-384/);
    const { privateKey: k1 } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    expect(() => messageSigner(k1)).toThrow(/EC key on P-256 or P-384/);
  });
});
