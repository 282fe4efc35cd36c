import { request } from 'node:https';

import { caAuthToken, type CaSigningIdentity } from './ca-token';
import { generateKeyAndCsr } from './csr';
import { CaRejectedError, CaUnavailableError } from './errors';

/** An attribute written into the identity's registration, and into its certificate when `ecert`. */
export interface CaAttribute {
  readonly name: string;
  readonly value: string;
  readonly ecert: boolean;
}

/** What the registrar asks the CA to create. */
export interface CaRegistration {
  readonly enrollmentId: string;
  /** Chosen by the caller, so an interrupted registration can still be enrolled later. */
  readonly secret: string;
  readonly type: 'client';
  readonly attributes: readonly CaAttribute[];
}

/** A certificate and the private key it certifies. */
export interface Enrollment {
  readonly certificatePem: string;
  /** PKCS#8 PEM; generated locally, never sent to the CA. */
  readonly privateKeyPem: string;
}

/** A certificate the CA revoked, as the CA names it (hex serial, authority key id). */
export interface RevokedCertificate {
  readonly serial: string;
  readonly aki: string;
}

/** What a revocation did at the CA. */
export interface CaRevocation {
  /** The certificates revoked by this call; empty when the identity had none left to revoke. */
  readonly revokedCertificates: readonly RevokedCertificate[];
  /** PEM of the CA's certificate revocation list after this call; null when nothing was revoked. */
  readonly crlPem: string | null;
}

/** RFC 5280 reason codes as Fabric CA spells them (fabric-ca util.RevocationReasonCodes). */
export type CaRevocationReason = 'unspecified' | 'keycompromise' | 'cessationofoperation' | 'privilegewithdrawn' | 'superseded';

/** The Fabric CA operations member management needs. */
export interface FabricCaClient {
  /**
   * Registers an identity, authenticated as `registrar`.
   *
   * @returns `already-registered` when the enrolment id exists at the CA (whatever its secret)
   * @throws {@link CaUnavailableError} when the CA cannot be reached; {@link CaRejectedError} when it refuses
   */
  register(registrar: CaSigningIdentity, registration: CaRegistration): Promise<'registered' | 'already-registered'>;

  /**
   * Generates a P-256 key pair and has the CA certify it.
   *
   * @throws {@link CaUnavailableError} when the CA cannot be reached; {@link CaRejectedError} when it refuses
   *   (`isAuthenticationFailure` for a wrong secret)
   */
  enroll(enrollmentId: string, secret: string): Promise<Enrollment>;

  /**
   * Revokes the identity `enrollmentId` and every certificate of it, authenticated as `registrar`
   * (which needs `hf.Revoker`), and has the CA generate its CRL in the same call. The CA disables
   * the identity: it can never enrol again. Revoking an identity again revokes nothing more.
   *
   * @throws {@link CaUnavailableError} when the CA cannot be reached; {@link CaRejectedError} when it refuses
   */
  revoke(registrar: CaSigningIdentity, enrollmentId: string, reason: CaRevocationReason): Promise<CaRevocation>;
}

/** Where and how to reach one organisation's Fabric CA. */
export interface CaEndpoint {
  /** Base URL, e.g. `https://127.0.0.1:7054`. */
  readonly url: string;
  /** PEM of the CA's TLS root certificate; the only root trusted for this connection. */
  readonly tlsRootPem: string;
  /** CA name on a multi-CA server; the server's default CA when absent. */
  readonly caName?: string;
  readonly timeoutMs?: number;
}

// fabric-ca lib/caerrors.go: ErrDupIdentity.
const CA_ERROR_ALREADY_REGISTERED = 74;
const DEFAULT_TIMEOUT_MS = 15_000;

/** {@link FabricCaClient} speaking the Fabric CA REST API (`/api/v1/register`, `enroll`, `revoke`) over TLS. */
export class HttpFabricCaClient implements FabricCaClient {
  constructor(private readonly endpoint: CaEndpoint) {}

  async register(registrar: CaSigningIdentity, registration: CaRegistration): Promise<'registered' | 'already-registered'> {
    const body = jsonBody({
      id: registration.enrollmentId,
      type: registration.type,
      secret: registration.secret,
      // Empty: the registrar's own affiliation, which is the root for the org admins.
      affiliation: '',
      attrs: registration.attributes,
      caname: this.endpoint.caName ?? '',
    });
    const url = this.urlOf('register');
    const authorization = caAuthToken(registrar, 'POST', `${url.pathname}${url.search}`, body);
    try {
      await this.post(url, body, authorization);
      return 'registered';
    } catch (err) {
      if (err instanceof CaRejectedError && err.caCodes.includes(CA_ERROR_ALREADY_REGISTERED)) {
        return 'already-registered';
      }
      throw err;
    }
  }

  async enroll(enrollmentId: string, secret: string): Promise<Enrollment> {
    const { privateKeyPem, csrPem } = await generateKeyAndCsr(enrollmentId);
    const body = jsonBody({ certificate_request: csrPem, caname: this.endpoint.caName ?? '' });
    const basic = `Basic ${Buffer.from(`${enrollmentId}:${secret}`, 'utf8').toString('base64')}`;
    const result = await this.post(this.urlOf('enroll'), body, basic);
    const cert = isRecord(result) ? result['Cert'] : undefined;
    if (typeof cert !== 'string' || cert === '') {
      throw new CaRejectedError('the CA answered the enrolment without a certificate', 200, []);
    }
    return { certificatePem: Buffer.from(cert, 'base64').toString('utf8'), privateKeyPem };
  }

  async revoke(registrar: CaSigningIdentity, enrollmentId: string, reason: CaRevocationReason): Promise<CaRevocation> {
    // fabric-ca api.RevocationRequestNet; `gencrl` returns the CRL without the caller needing hf.GenCRL.
    const body = jsonBody({ id: enrollmentId, reason, caname: this.endpoint.caName ?? '', gencrl: true });
    const url = this.urlOf('revoke');
    const authorization = caAuthToken(registrar, 'POST', `${url.pathname}${url.search}`, body);
    return revocationOf(await this.post(url, body, authorization));
  }

  private urlOf(operation: string): URL {
    const base = this.endpoint.url.endsWith('/') ? this.endpoint.url : `${this.endpoint.url}/`;
    return new URL(`api/v1/${operation}`, base);
  }

  /** POSTs `body` and resolves with the answer's `result` when `success` is true. */
  private post(url: URL, body: Buffer, authorization: string): Promise<unknown> {
    const timeoutMs = this.endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          ca: this.endpoint.tlsRootPem,
          timeout: timeoutMs,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': body.length,
            Authorization: authorization,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (err) => {
            reject(unavailable(url, err));
          });
          res.on('end', () => {
            try {
              resolve(parseAnswer(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
            } catch (err) {
              reject(err instanceof Error ? err : new Error(String(err)));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (err) => {
        reject(unavailable(url, err));
      });
      req.end(body);
    });
  }
}

function parseAnswer(status: number, text: string): unknown {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  if (status >= 500 && status !== 501) {
    throw new CaUnavailableError(`the Fabric CA failed (HTTP ${status})`);
  }
  if (isRecord(answer) && answer['success'] === true && status >= 200 && status < 300) {
    return answer['result'];
  }
  const errors = isRecord(answer) && Array.isArray(answer['errors']) ? answer['errors'] : [];
  const codes = errors.flatMap((e: unknown) => (isRecord(e) && typeof e['code'] === 'number' ? [e['code']] : []));
  const messages = errors.flatMap((e: unknown) => (isRecord(e) && typeof e['message'] === 'string' ? [e['message']] : []));
  throw new CaRejectedError(
    `the Fabric CA refused the request (HTTP ${status}): ${messages.join('; ') || text.slice(0, 200)}`,
    status,
    codes,
  );
}

/** Reads fabric-ca's revocationResponseNet: `{ RevokedCerts: [{ Serial, AKI }], CRL: <base64 PEM> }`. */
function revocationOf(result: unknown): CaRevocation {
  const certs = isRecord(result) && Array.isArray(result['RevokedCerts']) ? result['RevokedCerts'] : [];
  const revokedCertificates = certs.flatMap((cert: unknown) =>
    isRecord(cert) && typeof cert['Serial'] === 'string' && typeof cert['AKI'] === 'string'
      ? [{ serial: cert['Serial'], aki: cert['AKI'] }]
      : [],
  );
  const crl = isRecord(result) ? result['CRL'] : undefined;
  const crlPem = typeof crl === 'string' && crl !== '' ? Buffer.from(crl, 'base64').toString('utf8') : null;
  return { revokedCertificates, crlPem };
}

function unavailable(url: URL, cause: Error): CaUnavailableError {
  return new CaUnavailableError(`the Fabric CA at ${url.origin} is unreachable`, { cause });
}

function jsonBody(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
