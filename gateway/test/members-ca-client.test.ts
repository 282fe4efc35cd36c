import { createPrivateKey } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

import { HttpFabricCaClient } from '../src/members/ca-client';
import { CaRejectedError } from '../src/members/errors';
import { match } from './support/matchers';
import { localhostCertificate } from './support/pki';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly authorization: string;
  readonly body: unknown;
}

// A TLS certificate for 127.0.0.1, standing in for the CA's.
const tls = localhostCertificate('ca-test');
const certificatePem = tls.cert;
const registrar = { certificatePem, privateKey: createPrivateKey(tls.key) };

/** A fake Fabric CA answering `status` and `answer` to every request, recording what it received. */
async function fakeCa(status: number, answer: unknown): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer({ cert: certificatePem, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe('HttpFabricCaClient.revoke', () => {
  it('revokes the identity by name with gencrl, token-authenticated, and reads the certificates and the CRL', async () => {
    const crl = '-----BEGIN X509 CRL-----\nMIIBCRL\n-----END X509 CRL-----\n';
    const ca = await fakeCa(200, {
      success: true,
      result: { RevokedCerts: [{ Serial: '3f2a', AKI: 'bc01' }], CRL: Buffer.from(crl).toString('base64') },
      errors: [],
      messages: [],
    });
    try {
      const client = new HttpFabricCaClient({ url: ca.url, tlsRootPem: certificatePem, caName: 'ca-retail' });

      const revocation = await client.revoke(registrar, 'shop-1', 'cessationofoperation');

      expect(revocation).toEqual({ revokedCertificates: [{ serial: '3f2a', aki: 'bc01' }], crlPem: crl });
      expect(ca.received).toEqual([
        {
          method: 'POST',
          url: '/api/v1/revoke',
          authorization: match.stringMatching(new RegExp(`^${Buffer.from(certificatePem).toString('base64').replace(/[+/]/g, '\\$&')}\\.`)),
          body: { id: 'shop-1', reason: 'cessationofoperation', caname: 'ca-retail', gencrl: true },
        },
      ]);
    } finally {
      ca.server.close();
    }
  });

  it('answers no certificate and no CRL when the identity had nothing left to revoke', async () => {
    const ca = await fakeCa(200, { success: true, result: { RevokedCerts: null, CRL: '' }, errors: [], messages: [] });
    try {
      const client = new HttpFabricCaClient({ url: ca.url, tlsRootPem: certificatePem });

      expect(await client.revoke(registrar, 'shop-1', 'cessationofoperation')).toEqual({ revokedCertificates: [], crlPem: null });
    } finally {
      ca.server.close();
    }
  });

  it('turns a refusal into a CaRejectedError with the CA codes', async () => {
    const ca = await fakeCa(401, {
      success: false,
      result: null,
      errors: [{ code: 42, message: 'Caller does not have authority to revoke' }],
    });
    try {
      const client = new HttpFabricCaClient({ url: ca.url, tlsRootPem: certificatePem });

      const failure = await client.revoke(registrar, 'shop-1', 'cessationofoperation').catch((err: unknown) => err);

      expect(failure).toBeInstanceOf(CaRejectedError);
      expect(failure).toMatchObject({ status: 401, caCodes: [42], message: match.stringContaining('authority to revoke') });
    } finally {
      ca.server.close();
    }
  });
});
