/**
 * The organisations whose certificates the ledger trusts, and the roles each may issue
 * (docs/rules.md#organisations).
 *
 * The three built-in organisations issue the fixed roles of `ROLES_BY_MSP` (@loulan/protocol),
 * which no transaction changes. An organisation that joins the channel later is admitted once by
 * the platform admin (`system:AdmitOrganisation`), which stores its roles under
 * `organisation~<mspId>` = {@link OrganisationRecord}; from then on its CA issues those roles. An MSP
 * that is neither issues none. The record is never changed or deleted, so reading it adds a key to
 * a transaction's read set that no later transaction writes: it never causes a read conflict.
 *
 * @packageDocumentation
 */
import { ADMITTED_ORG_ROLES, type AdmittedRole, isBuiltInMsp, MSP_ID_PATTERN, type Role, rolesIssuedBy } from '@loulan/protocol';

import type { CompositeKeyStub } from './keys';
import { listOf, record, text } from './schema';
import type { StateStub } from './state';
import { recordStore } from './store';

/** `organisation~<mspId>`: an admitted organisation; written once, never changed. */
export type OrganisationRecord = {
  readonly mspId: string;
  /** The roles its CA issues, distinct, in the order of `ROLES`. */
  readonly roles: readonly AdmittedRole[];
  /** Fabric identity (subject and issuer) of the platform admin who admitted it. */
  readonly admittedBy: string;
  readonly admittedByMsp: string;
  readonly txId: string;
  /** The transaction time, ISO 8601. */
  readonly admittedAt: string;
};

/** Checks a stored record; a role outside {@link ADMITTED_ORG_ROLES} makes it unreadable, never trusted. */
export const parseOrganisation = record<OrganisationRecord>('organisation', {
  mspId: text,
  roles: listOf((item): AdmittedRole => {
    const role = ADMITTED_ORG_ROLES.find((known) => known === item);
    if (role === undefined) {
      throw new Error('a role is not one an admitted organisation may issue');
    }
    return role;
  }),
  admittedBy: text,
  admittedByMsp: text,
  txId: text,
  admittedAt: text,
});

/** `organisation~<mspId>`: the admitted organisations, in MSP id order. */
export const organisations = recordStore('organisation', parseOrganisation, { noun: 'organisation', absent: 'is not admitted' });

/** Stub capabilities the register needs. */
export type OrganisationStub = StateStub & CompositeKeyStub;

/**
 * The roles an organisation's CA issues: the fixed ones of a built-in organisation (no read), else
 * those it was admitted with (one read of its record).
 *
 * @param stub - normally `ctx.stub`
 * @param mspId - the MSP id of a certificate's issuer
 * @returns its roles; none for an MSP that is neither built in nor admitted, or whose id could not
 *   have been admitted
 */
export async function rolesOfMsp(stub: OrganisationStub, mspId: string): Promise<readonly Role[]> {
  if (isBuiltInMsp(mspId)) {
    return rolesIssuedBy(mspId);
  }
  if (!MSP_ID_PATTERN.test(mspId)) {
    return [];
  }
  return (await organisations.read(stub, mspId))?.roles ?? [];
}
