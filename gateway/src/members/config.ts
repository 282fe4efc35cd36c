import { dirname } from 'node:path';

import { admittedRolesProblem, inRoleOrder, isBuiltInMsp, isRole, MSP_ID_PATTERN, type Role, rolesIssuedBy } from '@loulan/protocol';

import { type EnvReader, envReader, isWritableDirectory } from '../env';

/** One member organisation: its CA and its admin, who registers the org's members. */
export interface OrgConfig {
  /** Lower-case name, e.g. `platform`; the org admin's member id is `<name>-admin`. */
  readonly name: string;
  readonly mspId: string;
  /** Base URL of the org's Fabric CA, e.g. `https://127.0.0.1:7054`. */
  readonly caUrl: string;
  readonly caTlsCertFile: string;
  /** Certificate and key of the org admin, who is also the CA registrar for members. */
  readonly adminCertFile: string;
  readonly adminKeyFile: string;
  /** File holding the org admin's API key (`llk_` and 64 hex digits). */
  readonly adminApiKeyFile: string;
  /**
   * The roles the org's CA issues, in the order of `ROLES`: a built-in organisation's fixed roles
   * (`ROLES_BY_MSP`), else those of `LOULAN_ORG_<ORG>_ROLES`, which must be the roles the platform
   * admitted the organisation with on the ledger (`system:AdmitOrganisation`).
   */
  readonly roles: readonly Role[];
}

/** Validated configuration of the members, credentials and storage part of the gateway. */
export interface MembersConfig {
  /** SQLite database file; created when missing, its directory must exist. */
  readonly dbFile: string;
  /** File holding the 32-byte master key, hex, that encrypts private keys at rest. */
  readonly masterKeyFile: string;
  readonly orgs: readonly OrgConfig[];
}

// Becomes part of environment variable names and of the `<org>-admin` member id.
const ORG_NAME_PATTERN = /^[a-z][a-z0-9]{0,30}$/;

/**
 * Reads `LOULAN_DB_FILE`, `LOULAN_MASTER_KEY_FILE`, `LOULAN_ORGS` and, for each org,
 * `LOULAN_ORG_<ORG>_{MSP_ID,CA_URL,CA_TLS_CERT_FILE,ADMIN_CERT_FILE,ADMIN_KEY_FILE,ADMIN_API_KEY_FILE}`
 * and `LOULAN_ORG_<ORG>_ROLES` (see {@link orgRoles}).
 *
 * Files are only checked to be readable here; their contents are parsed when the members module
 * starts (see `openMembers`), like the gateway's other PEM files.
 *
 * @param problems - receives one message per invalid or missing variable, so the caller can report
 *   them together with its own; the returned value is meaningless when any were added
 */
export function loadMembersConfig(env: NodeJS.ProcessEnv, problems: string[]): MembersConfig {
  const reader = envReader(env, problems);
  const { read, required, existingFile } = reader;

  const dbFile = required('LOULAN_DB_FILE');
  if (dbFile !== '' && dbFile !== ':memory:' && !isWritableDirectory(dirname(dbFile))) {
    problems.push(`LOULAN_DB_FILE: the directory ${dirname(dbFile)} does not exist or is not writable`);
  }
  const masterKeyFile = existingFile('LOULAN_MASTER_KEY_FILE');

  const names = (read('LOULAN_ORGS') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    problems.push('LOULAN_ORGS is required: a comma-separated list of organisation names, e.g. platform,retail,bank');
  }
  const orgs: OrgConfig[] = [];
  for (const [index, name] of names.entries()) {
    if (!ORG_NAME_PATTERN.test(name)) {
      problems.push(`LOULAN_ORGS: "${name}" must be lower-case letters and digits, starting with a letter`);
      continue;
    }
    if (names.indexOf(name) !== index) {
      problems.push(`LOULAN_ORGS names "${name}" twice`);
      continue;
    }
    orgs.push(orgConfig(name, reader, problems));
  }
  return { dbFile, masterKeyFile, orgs };
}

/** Reads the `LOULAN_ORG_<ORG>_*` variables of one org whose name is valid. */
function orgConfig(name: string, reader: EnvReader, problems: string[]): OrgConfig {
  const prefix = `LOULAN_ORG_${name.toUpperCase()}_`;
  const mspId = reader.required(`${prefix}MSP_ID`);
  if (mspId !== '' && !MSP_ID_PATTERN.test(mspId)) {
    problems.push(`${prefix}MSP_ID must be a letter, then up to 62 letters, digits, dots and hyphens (e.g. PartnerMSP), got "${mspId}"`);
  }
  const roles = orgRoles(`${prefix}ROLES`, mspId, reader.read(`${prefix}ROLES`), problems);
  const caUrl = reader.required(`${prefix}CA_URL`);
  if (caUrl !== '' && !isHttpsUrl(caUrl)) {
    problems.push(`${prefix}CA_URL must be an https:// URL without credentials, got "${caUrl}"`);
  }
  return {
    name,
    mspId,
    caUrl,
    caTlsCertFile: reader.existingFile(`${prefix}CA_TLS_CERT_FILE`),
    adminCertFile: reader.existingFile(`${prefix}ADMIN_CERT_FILE`),
    adminKeyFile: reader.existingFile(`${prefix}ADMIN_KEY_FILE`),
    adminApiKeyFile: reader.existingFile(`${prefix}ADMIN_API_KEY_FILE`),
    roles,
  };
}

/**
 * The roles an org's CA issues. A built-in organisation's are fixed: the variable may be left out,
 * and when given must name exactly those roles (in any order). Any other organisation was admitted on
 * the ledger with its roles, which the variable must name (comma-separated, at least one, none twice,
 * never `admin` or `consumer`: `docs/rules.md#organisations`).
 *
 * @param variable - `LOULAN_ORG_<ORG>_ROLES`
 * @param mspId - the org's MSP id, `''` when it is missing (already a problem)
 * @param value - the variable's trimmed value, undefined when unset
 * @param problems - receives a message when the value is missing or wrong
 * @returns the roles, in the order of `ROLES`; none when they are wrong
 */
function orgRoles(variable: string, mspId: string, value: string | undefined, problems: string[]): readonly Role[] {
  const listed = value
    ?.split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  if (isBuiltInMsp(mspId)) {
    const fixed = inRoleOrder(rolesIssuedBy(mspId));
    if (listed !== undefined && !(listed.length === fixed.length && fixed.every((role) => listed.includes(role)))) {
      problems.push(`${variable} must be left out or name exactly the roles of ${mspId}, ${fixed.join(',')}, got "${value ?? ''}"`);
    }
    return fixed;
  }
  if (listed === undefined) {
    if (mspId !== '') {
      problems.push(`${variable} is required for ${mspId}, which is not a built-in organisation: the roles it was admitted with`);
    }
    return [];
  }
  const problem = admittedRolesProblem(listed);
  if (problem !== undefined) {
    problems.push(`${variable} ${problem}, got "${value ?? ''}"`);
    return [];
  }
  return inRoleOrder(listed.filter(isRole));
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
