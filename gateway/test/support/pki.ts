import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

/** A self-signed P-256 certificate and its key, as PEM text. */
export interface LocalCertificate {
  readonly cert: string;
  readonly key: string;
}

/**
 * Writes a self-signed P-256 certificate and its key into `dir` as `cert.pem` and `key.pem`.
 * Generated per run because key material is never committed; Node cannot issue certificates, hence openssl.
 */
function writeSelfSigned(dir: string, commonName: string, extraArgs: readonly string[]): { certFile: string; keyFile: string } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'];
  execFileSync('openssl', [...args, '-subj', `/CN=${commonName}`, ...extraArgs, '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { certFile, keyFile };
}

/**
 * A TLS server certificate for 127.0.0.1, as local Fabric nodes and CAs name their address.
 *
 * @param commonName - the subject's CN
 */
export function localhostCertificate(commonName: string): LocalCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'loulan-gateway-tls-'));
  const { certFile, keyFile } = writeSelfSigned(dir, commonName, ['-addext', 'subjectAltName=IP:127.0.0.1']);
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

/** Creates a self-signed P-256 certificate and its key, like a Fabric identity, and a key of another pair. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'loulan-gateway-test-'));
  const { certFile, keyFile } = writeSelfSigned(dir, 'gateway-test', []);
  const otherKeyFile = join(dir, 'other-key.pem');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(otherKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return { dir, certFile, keyFile, otherKeyFile };
}
