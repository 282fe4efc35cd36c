import { array, boolean, nullable, object, string } from '../contract/decode';

/*
 * Result shapes of the `evidence` contract, as listed in docs/evidence.md ("Transactions"): every answer
 * the gateway gets is decoded with one.
 */

const RECORD_FIELDS = {
  sha256: string,
  kind: string,
  title: nullable(string),
  parties: array(string),
  occurredAt: string,
  recorder: string,
  recorderMsp: string,
  recorderRole: string,
  requestId: string,
  txId: string,
  time: string,
};

/** `evidence~<sha256>`: the first notarisation of a hash. */
export const evidenceRecord = object(RECORD_FIELDS);

/** What `Notarise` answers: the new record, or the first one when the hash was notarised before. */
export const notariseResult = object({ duplicate: boolean, evidence: evidenceRecord });

/** `evidencesign~<sha256>~<party>`: a named party's confirmation of a record, what `Countersign` answers. */
export const countersignatureResult = object({
  sha256: string,
  party: string,
  partyMsp: string,
  partyRole: string,
  requestId: string,
  txId: string,
  time: string,
});

/** What `GetEvidence` answers: the record with its countersignatures. */
export const evidenceWithSignatures = object({ ...RECORD_FIELDS, countersignatures: array(countersignatureResult) });

/** One page of a recorder's records. */
export const evidencePageResult = object({ items: array(evidenceRecord), bookmark: string });

/** A record with its countersignatures, as `GetEvidence` answers it. */
export type EvidenceWithSignatures = ReturnType<typeof evidenceWithSignatures>;
