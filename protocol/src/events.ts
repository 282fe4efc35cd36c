/**
 * The chaincode events: every write emits one, named after its transaction unless named here, with
 * the transaction's result as its payload. The gateway's event stream (docs/events.md) filters them
 * by name and by module, the contract whose write emitted them.
 *
 * @packageDocumentation
 */
import { CONTRACTS } from './contracts';
import { type Transaction, transactionsOf } from './transactions';

/** What `points:UpdateParams` emits. */
export const PARAMS_CHANGED_EVENT = 'ParamsChanged';
/** What `system:PutMarker` emits. */
export const MARKER_PUT_EVENT = 'MarkerPut';
/** What `system:AdmitOrganisation` emits when it admits an organisation (never on a repeat). */
export const ORGANISATION_ADMITTED_EVENT = 'OrganisationAdmitted';

const RENAMED: Readonly<Record<string, string>> = {
  'points:UpdateParams': PARAMS_CHANGED_EVENT,
  'system:PutMarker': MARKER_PUT_EVENT,
  'system:AdmitOrganisation': ORGANISATION_ADMITTED_EVENT,
};

/**
 * @param tx - a write
 * @returns the name of the event it emits
 */
export function eventNameOf(tx: Pick<Transaction, 'contract' | 'name'>): string {
  return RENAMED[`${tx.contract}:${tx.name}`] ?? tx.name;
}

/**
 * @returns every event name, with the contract whose write emits it
 * @throws Error when two contracts' writes emit events of one name (a stream could not tell their modules apart)
 */
export function eventContracts(): ReadonlyMap<string, string> {
  const contracts = new Map<string, string>();
  for (const tx of CONTRACTS.flatMap(transactionsOf).filter((t) => t.submit)) {
    const name = eventNameOf(tx);
    const known = contracts.get(name);
    if (known !== undefined && known !== tx.contract) {
      throw new Error(`the writes ${known}:${name} and ${tx.contract}:${tx.name} emit events of one name`);
    }
    contracts.set(name, tx.contract);
  }
  return contracts;
}
