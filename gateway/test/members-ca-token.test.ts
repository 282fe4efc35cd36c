import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';

import { caAuthToken, lowSDerSignature } from '../src/members/ca-token';
import { generateKeyAndCsr } from '../src/members/csr';

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

describe('caAuthToken', () => {
  it('signs METHOD.b64(uri).b64(body).b64(cert) the way fabric-ca verifies it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const certificatePem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const body = Buffer.from('{"id":"alice"}');

    for (let i = 0; i < 20; i++) {
      const token = caAuthToken({ certificatePem, privateKey }, 'POST', '/api/v1/register', body);
      const [b64Cert, b64Sig, ...rest] = token.split('.');

      expect(rest).toEqual([]);
      expect(Buffer.from(b64Cert ?? '', 'base64').toString()).toBe(certificatePem);
      const signed = `POST.${Buffer.from('/api/v1/register').toString('base64')}.${body.toString('base64')}.${b64Cert}`;
      const signature = Buffer.from(b64Sig ?? '', 'base64');
      expect(verify('sha256', Buffer.from(signed), publicKey, signature)).toBe(true);
      expect(sOf(signature) <= P256_ORDER / 2n).toBe(true);
    }
  });

  it('refuses keys Fabric CA cannot verify', () => {
    const { privateKey } = generateKeyPairSync('ed25519');

    expect(() => caAuthToken({ certificatePem: '', privateKey }, 'POST', '/', Buffer.alloc(0))).toThrow(/P-256 or P-384/);
  });
});

describe('lowSDerSignature', () => {
  it('replaces a high S by n - S and encodes DER integers with a sign byte when needed', () => {
    const r = Buffer.alloc(32, 0x80);
    const highS = Buffer.from((P256_ORDER - 1n).toString(16), 'hex');

    const der = lowSDerSignature(Buffer.concat([r, highS]), P256_ORDER);

    expect(der.toString('hex')).toBe(`3026022100${'80'.repeat(32)}020101`);
  });
});

describe('generateKeyAndCsr', () => {
  it('makes a P-256 key and a CSR for it', async () => {
    const { privateKeyPem, csrPem } = await generateKeyAndCsr('alice@shop');

    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect(createPublicKey(privateKeyPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });
});

function sOf(der: Buffer): bigint {
  const rLength = der[3] ?? 0;
  const sLength = der[5 + rLength] ?? 0;
  return BigInt(`0x${der.subarray(6 + rLength, 6 + rLength + sLength).toString('hex')}`);
}
