import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { TREASURY_ACCOUNT } from '@loulan/protocol';

import { generateKeyId, hashApiKey, isApiKeyFormat } from '../auth/api-keys';
import { type ApiKeyAuthenticator, StoreAuthenticator } from '../auth/authenticate';
import { ConfigError } from '../config';
import type { Database } from '../storage/database';
import { KeyRing, parseMasterKey } from '../storage/key-ring';
import { type ApiKeyStatus, type MemberStore, privateKeyContext } from '../storage/member-store';
import { SqliteMemberStore } from '../storage/sqlite-member-store';
import type { AccountOpener } from './account-opener';
import { HttpFabricCaClient } from './ca-client';
import type { MembersConfig, OrgConfig } from './config';
import { MemberAdmin, type MemberAdministration } from './member-admin';
import { type MemberRegistrar, MemberService, type OrgRuntime } from './member-service';
import { orgAdminRole, PLATFORM_ADMIN_ROLE } from './roles';

/** The members module, ready for `createApp`. */
export interface Members {
  /** Resolves API keys; give it to the `identify` middleware. */
  readonly authenticator: ApiKeyAuthenticator;
  readonly registrar: MemberRegistrar;
  /** Key rotation and revocation, member disabling. */
  readonly admin: MemberAdministration;
  /** False for a member that was disabled or never registered: what runs on a member's behalf in the background asks this. */
  isEnabled(memberId: string): Promise<boolean>;
  /** The master key ring, which seals the other modules' secrets at rest too (webhook secrets). */
  readonly keyRing: KeyRing;
}

/** Tuning of {@link openMembers}. */
export interface OpenMembersOptions {
  /** Opens each new member's ledger account. */
  readonly accountOpener: AccountOpener;
  /** How long a member's other API keys keep working after a rotation, at most. */
  readonly apiKeyGraceSeconds: number;
  /** Told when an org admin's configured API key was revoked or expired through the API (it is not revived). */
  readonly warn?: (message: string) => void;
  /** Most decrypted member signers kept in memory. */
  readonly signerCacheSize?: number;
  readonly clock?: () => Date;
}

interface OrgCredentials {
  readonly org: OrgConfig;
  readonly caTlsRootPem: string;
  readonly adminCertificatePem: string;
  readonly adminKey: KeyObject;
  readonly adminApiKey: string;
}

/**
 * Starts the members module on an open database: reads the master key and every org's files, then
 * upserts each org admin (`<org>-admin`: role `admin` acting for the treasury in the org that issues
 * admins, the platform; role `org-admin` without an account elsewhere) with the API key from its file,
 * so replaced files take effect at the next start. A configured key that was revoked or has expired
 * through the API stays so (`options.warn` is told): write a new key into the file.
 *
 * @throws ConfigError listing every unreadable or inconsistent file
 */
export async function openMembers(config: MembersConfig, database: Database, options: OpenMembersOptions): Promise<Members> {
  const { keyRing, orgs } = readCredentials(config);
  const store = new SqliteMemberStore(database);
  const clock = options.clock ?? ((): Date => new Date());
  for (const credentials of orgs) {
    const keyStatus = await provisionOrgAdmin(store, keyRing, credentials, clock().toISOString());
    if (keyStatus !== 'live') {
      options.warn?.(
        `the API key in ${orgAdminKeyVariable(credentials.org)} was ${keyStatus === 'revoked' ? 'revoked' : 'rotated and has expired'}` +
          ` and stays unusable; ${orgAdminId(credentials.org.name)} works only with keys issued through the API until a new key is written into the file`,
      );
    }
  }
  const runtimes: OrgRuntime[] = orgs.map(({ org, caTlsRootPem, adminCertificatePem, adminKey }) => ({
    name: org.name,
    mspId: org.mspId,
    roles: org.roles,
    ca: new HttpFabricCaClient({ url: org.caUrl, tlsRootPem: caTlsRootPem }),
    registrar: { certificatePem: adminCertificatePem, privateKey: adminKey },
  }));
  const authenticator = new StoreAuthenticator(store, keyRing, options.signerCacheSize, clock);
  return {
    authenticator,
    keyRing,
    isEnabled: async (memberId) => {
      const member = await store.findMember(memberId);
      return member?.kind === 'member' && member.disabledAt === null;
    },
    registrar: new MemberService(store, keyRing, runtimes, options.accountOpener, clock),
    admin: new MemberAdmin(store, runtimes, {
      graceSeconds: options.apiKeyGraceSeconds,
      onDisabled: (memberId) => {
        authenticator.forget(memberId);
      },
      clock,
    }),
  };
}

/** Member id of an organisation's admin. */
export function orgAdminId(org: string): string {
  return `${org}-admin`;
}

async function provisionOrgAdmin(
  store: MemberStore,
  keyRing: KeyRing,
  { org, adminCertificatePem, adminKey, adminApiKey }: OrgCredentials,
  now: string,
): Promise<ApiKeyStatus> {
  const memberId = orgAdminId(org.name);
  const keyPem = adminKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const role = orgAdminRole(org.roles);
  return store.upsertOrgAdmin({
    memberId,
    org: org.name,
    mspId: org.mspId,
    role,
    account: role === PLATFORM_ADMIN_ROLE ? TREASURY_ACCOUNT : null,
    isOrgAdmin: true,
    certificatePem: adminCertificatePem,
    sealedPrivateKey: keyRing.seal(keyPem, privateKeyContext(memberId)),
    apiKey: { keyId: generateKeyId(), hash: hashApiKey(adminApiKey) },
    now,
  });
}

function orgAdminKeyVariable(org: OrgConfig): string {
  return `LOULAN_ORG_${org.name.toUpperCase()}_ADMIN_API_KEY_FILE`;
}

function readCredentials(config: MembersConfig): { keyRing: KeyRing; orgs: OrgCredentials[] } {
  const problems: string[] = [];
  const parse = <T>(variable: string, path: string, what: string, parser: (content: Buffer) => T): T | undefined => {
    try {
      return parser(readFileSync(path));
    } catch (err) {
      problems.push(`${variable}: ${path} is not ${what} (${err instanceof Error ? err.message : String(err)})`);
      return undefined;
    }
  };
  const certificate = (pem: Buffer): string => {
    new X509Certificate(pem);
    return pem.toString('utf8');
  };

  const masterKey = parse('LOULAN_MASTER_KEY_FILE', config.masterKeyFile, 'a master key', (content) =>
    parseMasterKey(content.toString('utf8')),
  );
  const orgs: OrgCredentials[] = [];
  for (const org of config.orgs) {
    const prefix = `LOULAN_ORG_${org.name.toUpperCase()}_`;
    const caTlsRootPem = parse(`${prefix}CA_TLS_CERT_FILE`, org.caTlsCertFile, 'a PEM certificate', certificate);
    const adminCertificatePem = parse(`${prefix}ADMIN_CERT_FILE`, org.adminCertFile, 'a PEM certificate', certificate);
    const adminKey = parse(`${prefix}ADMIN_KEY_FILE`, org.adminKeyFile, 'a PEM private key', createPrivateKey);
    const adminApiKey = parse(`${prefix}ADMIN_API_KEY_FILE`, org.adminApiKeyFile, 'an API key', (content) => {
      const key = content.toString('utf8').trim();
      if (!isApiKeyFormat(key)) {
        throw new Error('expected llk_ and 64 lower-case hexadecimal digits');
      }
      return key;
    });
    if (
      adminCertificatePem !== undefined &&
      adminKey !== undefined &&
      !new X509Certificate(adminCertificatePem).checkPrivateKey(adminKey)
    ) {
      problems.push(`${prefix}ADMIN_KEY_FILE does not hold the private key of ${prefix}ADMIN_CERT_FILE`);
    }
    if (caTlsRootPem !== undefined && adminCertificatePem !== undefined && adminKey !== undefined && adminApiKey !== undefined) {
      orgs.push({ org, caTlsRootPem, adminCertificatePem, adminKey, adminApiKey });
    }
  }
  if (masterKey === undefined || problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { keyRing: new KeyRing([masterKey]), orgs };
}
