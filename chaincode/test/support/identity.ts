import { generateKeyPairSync, sign } from 'node:crypto';

/**
 * A self-signed client certificate (no private key kept anywhere) so that fabric-shim's
 * real ClientIdentity, which parses the creator certificate, works against the fake stub.
 * Subject: /C=CN/O=org1.loulan.test/OU=client/CN=user1.
 */
export const TEST_CLIENT_CERT_PEM = `
-----BEGIN CERTIFICATE-----
MIIB6TCCAY+gAwIBAgIUBHC/UJWRT2XFxJlF1i3LfU6axNQwCgYIKoZIzj0EAwIw
STELMAkGA1UEBhMCQ04xGTAXBgNVBAoMEG9yZzEubG91bGFuLnRlc3QxDzANBgNV
BAsMBmNsaWVudDEOMAwGA1UEAwwFdXNlcjEwIBcNMjYxMTIyMjIxODM1WhgPMjEy
NjEwMjkyMjE4MzVaMEkxCzAJBgNVBAYTAkNOMRkwFwYDVQQKDBBvcmcxLmxvdWxh
bi50ZXN0MQ8wDQYDVQQLDAZjbGllbnQxDjAMBgNVBAMMBXVzZXIxMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAE0n1hJSXP7evmElgsWHAd+TeVFIua2+Siy99jDMCO
6n7JnSAtsIleV3n/GelqOYMumz3pdlHvSN/HLpuJkDYeS6NTMFEwHQYDVR0OBBYE
FJPsSeAIWo9eR5JjwOyZPV/cyVr9MB8GA1UdIwQYMBaAFJPsSeAIWo9eR5JjwOyZ
PV/cyVr9MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAK57B/mO
8NzI7zRZ6ubVwJg8oHhuiG0wRjhw1J1+3UanAiBs4aKZlL39E6qMJiL+9H0kcqNO
EWID+cXngK98HAK6sQ==
-----END CERTIFICATE-----
`.trimStart();

/** Fabric CA's X.509 extension holding enrolment attributes as JSON `{"attrs":{...}}`. */
const FABRIC_ATTRS_OID = '1.2.3.4.5.6.7.8.1';

/** Who a generated test certificate belongs to. */
export interface TestIdentity {
  /** Common name of the subject. */
  commonName: string;
  /** Certificate attributes, e.g. `{ 'loulan.role': 'consumer', 'loulan.account': 'c1' }`. */
  attrs: Record<string, string>;
}

const signingKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const generated = new Map<string, string>();

/**
 * A certificate carrying Fabric CA attributes, as a member's enrolment certificate does, so
 * that fabric-shim's real ClientIdentity reads role and account from it. Certificates are
 * built once per identity and cached; they are self-signed by a throw-away key.
 */
export function certificateFor(identity: TestIdentity): string {
  const cacheKey = JSON.stringify(identity);
  const cached = generated.get(cacheKey);
  if (cached !== undefined) {
    return cached;
  }
  const algorithm = der(0x30, oid('1.2.840.10045.4.3.2'));
  const name = der(0x30, der(0x31, der(0x30, oid('2.5.4.3'), der(0x0c, Buffer.from(identity.commonName, 'utf8')))));
  const validity = der(0x30, der(0x17, Buffer.from('250101000000Z')), der(0x18, Buffer.from('21000101000000Z')));
  const attrs = Buffer.from(JSON.stringify({ attrs: identity.attrs }), 'utf8');
  const extensions = der(0xa3, der(0x30, der(0x30, oid(FABRIC_ATTRS_OID), der(0x04, attrs))));
  const tbs = der(
    0x30,
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, Buffer.from([1])),
    algorithm,
    name,
    validity,
    name,
    signingKey.publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, signingKey.privateKey);
  const cert = der(0x30, tbs, algorithm, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = cert.toString('base64').replace(/(.{64})/g, '$1\n');
  const pem = `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`.replace('\n\n', '\n');
  generated.set(cacheKey, pem);
  return pem;
}

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const length =
    body.length < 0x80
      ? Buffer.from([body.length])
      : body.length < 0x100
        ? Buffer.from([0x81, body.length])
        : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) {
      chunk.unshift((value & 0x7f) | 0x80);
    }
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}
