/**
 * The rules of admitting an organisation (docs/rules.md#organisations): pure functions, no Fabric
 * types, so that they are tested on their own and the transactions only wire them together.
 *
 * @packageDocumentation
 */
import {
  type AdmittedRole,
  admittedRolesProblem,
  inRoleOrder,
  isAdmittedRole,
  isBuiltInMsp,
  MSP_ID_PATTERN,
  rolesIssuedBy,
} from '@loulan/protocol';

import { decodeJson } from '../ledger/args';
import { AlreadyExistsError, DuplicateRequestError, InvalidArgumentError } from '../ledger/errors';
import type { OrganisationRecord } from '../ledger/organisations';
import type { Page } from '../ledger/paging';

/** Longest `rolesJson` accepted: the seven admissible roles spelled out fit in a tenth of it. */
const MAX_ROLES_JSON_LENGTH = 1024;

/** A checked `system:AdmitOrganisation` request. */
export interface AdmissionInput {
  readonly mspId: string;
  /** Distinct, in the order of `ROLES`. */
  readonly roles: readonly AdmittedRole[];
}

/** Who admits, and when: what the record keeps of the admitting transaction. */
export interface Admission {
  /** Fabric identity (subject and issuer) of the submitting platform admin. */
  readonly admittedBy: string;
  readonly admittedByMsp: string;
  readonly txId: string;
  /** The transaction time, ISO 8601 UTC with milliseconds. */
  readonly admittedAt: string;
}

/** What `system:AdmitOrganisation` must do, decided from the current state. */
export type AdmissionOutcome =
  { readonly kind: 'create'; readonly record: OrganisationRecord } | { readonly kind: 'replay'; readonly record: OrganisationRecord };

/** An organisation as the reads and the admission answer it: built in, or admitted with its record. */
export type OrganisationView = {
  readonly mspId: string;
  readonly roles: readonly string[];
  /** true for the built-in organisations, whose admission fields are null. */
  readonly builtIn: boolean;
  readonly admittedBy: string | null;
  readonly admittedByMsp: string | null;
  readonly txId: string | null;
  readonly admittedAt: string | null;
};

/**
 * @param value - the argument as received
 * @returns the MSP id, unchanged
 * @throws InvalidArgumentError unless it matches `MSP_ID_PATTERN` (the value is not echoed)
 */
export function parseMspId(value: unknown): string {
  if (typeof value !== 'string' || !MSP_ID_PATTERN.test(value)) {
    throw new InvalidArgumentError('mspId must be a letter, then up to 62 letters, digits, dots and hyphens', {
      field: 'mspId',
      length: typeof value === 'string' ? value.length : null,
    });
  }
  return value;
}

/**
 * @param json - a JSON array of roles, e.g. `["merchant","supplier"]`
 * @returns the roles, in the order of `ROLES`
 * @throws InvalidArgumentError unless it is a non-empty array of distinct roles an admitted
 *   organisation may issue
 */
export function parseAdmittedRoles(json: unknown): AdmittedRole[] {
  const value = typeof json === 'string' && json.length <= MAX_ROLES_JSON_LENGTH ? decodeJson(json) : undefined;
  const items: unknown[] = Array.isArray(value) ? value : [];
  const roles = items.filter((item): item is string => typeof item === 'string');
  const problem = Array.isArray(value) && roles.length === items.length ? admittedRolesProblem(roles) : 'must be a JSON array of roles';
  if (problem !== undefined) {
    throw new InvalidArgumentError(`rolesJson ${problem}`, { field: 'rolesJson' });
  }
  return inRoleOrder(roles.filter(isAdmittedRole));
}

/**
 * Checks both arguments, then that the MSP is not a built-in organisation, whose roles are fixed.
 *
 * @param mspId - the argument as received
 * @param rolesJson - the argument as received
 * @returns the request
 * @throws InvalidArgumentError naming the first argument at fault
 * @throws AlreadyExistsError for a built-in organisation's MSP id
 */
export function parseAdmission(mspId: unknown, rolesJson: unknown): AdmissionInput {
  const input = { mspId: parseMspId(mspId), roles: parseAdmittedRoles(rolesJson) };
  if (isBuiltInMsp(input.mspId)) {
    throw new AlreadyExistsError(`${input.mspId} is a built-in organisation; its roles are fixed`, { mspId: input.mspId, builtIn: true });
  }
  return input;
}

/**
 * Applies exactly-once semantics to an admission: the MSP id is the business id, so a repeat with
 * the same roles gets the first record back and writes nothing.
 *
 * @param existing - the organisation's record, if it was admitted before
 * @param input - the checked request
 * @param admission - facts of the running transaction, recorded only on creation
 * @returns whether to create the record or answer the stored one
 * @throws DuplicateRequestError when the organisation was admitted with other roles
 */
export function decideAdmission(existing: OrganisationRecord | undefined, input: AdmissionInput, admission: Admission): AdmissionOutcome {
  if (existing === undefined) {
    return { kind: 'create', record: { mspId: input.mspId, roles: input.roles, ...admission } };
  }
  if (existing.roles.join(',') !== input.roles.join(',')) {
    throw new DuplicateRequestError(`organisation ${input.mspId} was admitted with other roles`, {
      mspId: input.mspId,
      txId: existing.txId,
    });
  }
  return { kind: 'replay', record: existing };
}

/**
 * @param mspId - a built-in organisation's MSP id
 * @returns its view: its fixed roles (in the order of `ROLES`, as an admitted organisation's), no admission
 */
export function builtInView(mspId: string): OrganisationView {
  return {
    mspId,
    roles: inRoleOrder(rolesIssuedBy(mspId)),
    builtIn: true,
    admittedBy: null,
    admittedByMsp: null,
    txId: null,
    admittedAt: null,
  };
}

/**
 * @param organisation - an admitted organisation's record
 * @returns its view
 */
export function admittedView(organisation: OrganisationRecord): OrganisationView {
  return { ...organisation, builtIn: false };
}

/**
 * One page of `system:ListOrganisations`: the built-in organisations first, on the first page only
 * (they are not counted in its size), then a page of the admitted ones.
 *
 * @param builtIn - the built-in organisations' MSP ids, in the order to list them
 * @param admitted - a page of admitted organisations, in MSP id order
 * @param first - whether this is the first page (no bookmark was given)
 * @returns the page's organisations and the bookmark of the next
 */
export function organisationsPage(
  builtIn: readonly string[],
  admitted: Page<OrganisationRecord>,
  first: boolean,
): { readonly items: OrganisationView[]; readonly bookmark: string } {
  const leading = first ? builtIn.map(builtInView) : [];
  return { items: [...leading, ...admitted.items.map(admittedView)], bookmark: admitted.bookmark };
}
