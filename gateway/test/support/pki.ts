import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Paths of throw-away PEM files in a fresh temporary directory. */
export interface TestPki {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** An EC key that does not belong to `certFile`. */
  readonly otherKeyFile: string;
}

/**
 * Creates a self-signed P-256 certificate and its key, like a Fabric identity.
 * Generated per run because key material is never committed; Node cannot issue certificates, hence openssl.
 */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'loulan-gateway-test-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=gateway-test',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  const otherKeyFile = join(dir, 'other-key.pem');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(otherKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return { dir, certFile, keyFile, otherKeyFile };
}
