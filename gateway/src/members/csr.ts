// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';

import { webcrypto } from 'node:crypto';

import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A fresh key pair and the certificate signing request for it. */
export interface KeyAndCsr {
  /** PKCS#8 PEM of the new private key. */
  readonly privateKeyPem: string;
  /** PKCS#10 PEM, signed with the new key. */
  readonly csrPem: string;
}

/**
 * Generates a P-256 key pair (the curve Fabric MSPs expect) and a CSR with subject `CN=<commonName>`.
 *
 * The CA replaces the subject with its own (enrolment id, OU by type) and adds the attributes, so the
 * CSR's job is only to prove possession of the key.
 */
export async function generateKeyAndCsr(commonName: string): Promise<KeyAndCsr> {
  const keys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [commonName] }],
    keys,
    signingAlgorithm: EC_P256,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { privateKeyPem: toPem('PRIVATE KEY', pkcs8), csrPem: csr.toString('pem') };
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
