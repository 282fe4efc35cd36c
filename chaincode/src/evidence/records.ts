/**
 * The evidence module's record and where it is kept (docs/evidence.md, "State keys").
 *
 * @packageDocumentation
 */
import { type AccountRole, EVIDENCE_KINDS, type EvidenceKind, NOTARY_ROLES } from '@loulan/protocol';

import { oneOf, record, text, textList, textOrNull } from '../ledger/schema';
import { recordStore } from '../ledger/store';

/** `evidence~<sha256>`: the first notarisation of a hash; never changed. */
export type EvidenceRecord = {
  readonly sha256: string;
  readonly kind: EvidenceKind;
  readonly title: string | null;
  /** Accounts the record names; they did not sign it. */
  readonly parties: readonly string[];
  readonly occurredAt: string;
  /** The recorder's account, MSP and role, from its certificate. */
  readonly recorder: string;
  readonly recorderMsp: string;
  readonly recorderRole: AccountRole;
  readonly requestId: string;
  readonly txId: string;
  /** The transaction time. */
  readonly time: string;
};

/** Checks a stored record. */
export const parseEvidence = record<EvidenceRecord>('evidence', {
  sha256: text,
  kind: oneOf(EVIDENCE_KINDS),
  title: textOrNull,
  parties: textList,
  occurredAt: text,
  recorder: text,
  recorderMsp: text,
  recorderRole: oneOf(NOTARY_ROLES),
  requestId: text,
  txId: text,
  time: text,
});

/** One record per hash, whoever notarised it first. */
export const evidence = recordStore('evidence', parseEvidence, { noun: 'evidence for sha256', absent: 'is not notarised' });

/** `evidencesign~<sha256>~<party>`: a named party's confirmation of a record, signed with its own certificate. */
export type Countersignature = {
  readonly sha256: string;
  readonly party: string;
  readonly partyMsp: string;
  readonly partyRole: AccountRole;
  readonly requestId: string;
  readonly txId: string;
  readonly time: string;
};

/** Checks a stored countersignature. */
export const parseCountersignature = record<Countersignature>('countersignature', {
  sha256: text,
  party: text,
  partyMsp: text,
  partyRole: oneOf(NOTARY_ROLES),
  requestId: text,
  txId: text,
  time: text,
});

/**
 * A record's countersignatures, one key per party, so that a record itself never changes; at most
 * as many as the record names parties, so reading them all is bounded.
 */
export const countersignatures = recordStore('evidencesign', parseCountersignature);

/**
 * `evidenceby~<recorder>~<time>~<sha256>`: a copy of each record under its recorder, in time order,
 * so that a recorder's records page by one key range. A copy rather than a pointer, since a record
 * never changes: a page is one range read.
 */
export const evidenceByRecorder = recordStore('evidenceby', parseEvidence);
