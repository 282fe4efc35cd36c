/**
 * What the writes of the default `system` contract answer and emit.
 *
 * @packageDocumentation
 */
import { SYSTEM } from '../contracts/system';
import { ROLES } from '../roles';
import type { WriteName } from '../transactions';
import { described, FLAG, INSTANT, listOf, nullable, object, oneOfTexts, type ResultSchema, TEXT } from './schema';

/**
 * An organisation as `system:AdmitOrganisation`, `GetOrganisation` and `ListOrganisations` answer it:
 * a built-in one with its fixed roles and no admission, or an admitted one with its record
 * `organisation~<mspId>` (docs/rules.md#organisations).
 */
export const ORGANISATION = object({
  mspId: TEXT,
  roles: described(listOf(oneOfTexts(...ROLES)), 'The roles its CA may issue, in the order of the role list'),
  builtIn: described(FLAG, 'true: one of PlatformMSP, RetailMSP, BankMSP, whose roles are fixed; the admission fields are null'),
  admittedBy: described(nullable(TEXT), 'Fabric identity (subject and issuer) of the platform admin who admitted it'),
  admittedByMsp: nullable(TEXT),
  txId: described(nullable(TEXT), 'The transaction that admitted it'),
  admittedAt: described(nullable(INSTANT), 'Its transaction time'),
});

/** The result of every write of `system`, by transaction. */
export const SYSTEM_RESULTS = {
  PutMarker: object({ markerId: TEXT, value: TEXT, txId: TEXT, txTime: INSTANT, creatorMsp: TEXT }),
  AdmitOrganisation: ORGANISATION,
} satisfies Record<WriteName<typeof SYSTEM>, ResultSchema>;
