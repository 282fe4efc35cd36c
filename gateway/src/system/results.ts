import { array, boolean, nullable, object, string } from '../contract/decode';

/*
 * Result shapes of the organisation transactions of the `system` contract (SYSTEM_RESULTS of
 * @loulan/protocol): every answer the gateway gets is decoded with one.
 */

/** An organisation: built in with its fixed roles, or admitted with its record; what all three transactions answer. */
export const organisationResult = object({
  mspId: string,
  roles: array(string),
  builtIn: boolean,
  admittedBy: nullable(string),
  admittedByMsp: nullable(string),
  txId: nullable(string),
  admittedAt: nullable(string),
});

/** One page of organisations: the built-in ones on the first page, then the admitted ones. */
export const organisationPageResult = object({ items: array(organisationResult), bookmark: string });
