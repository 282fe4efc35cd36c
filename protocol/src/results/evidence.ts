/**
 * What the write of the `evidence` contract answers and emits (docs/evidence.md, "Transactions").
 *
 * @packageDocumentation
 */
import { EVIDENCE, EVIDENCE_KINDS, NOTARY_ROLES } from '../contracts/evidence';
import type { WriteName } from '../transactions';
import { described, FLAG, INSTANT, listOf, nullable, object, oneOfTexts, type ResultSchema, TEXT } from './schema';

/** `evidence~<sha256>`: the first notarisation of a hash. */
export const EVIDENCE_RECORD = object({
  sha256: described(TEXT, "The document's SHA-256, 64 lower-case hex digits"),
  kind: oneOfTexts(...EVIDENCE_KINDS),
  title: nullable(TEXT),
  parties: described(listOf(TEXT), 'Accounts the record names; they are named only, they did not sign'),
  occurredAt: described(INSTANT, 'When the document or event happened, as the recorder says'),
  recorder: described(TEXT, "The recorder's account, from its certificate"),
  recorderMsp: TEXT,
  recorderRole: oneOfTexts(...NOTARY_ROLES),
  requestId: TEXT,
  txId: described(TEXT, 'The transaction that notarised it'),
  time: described(INSTANT, 'Its transaction time: when the ledger first held the hash'),
});

/** `evidencesign~<sha256>~<party>`: a named party's confirmation of a record, signed with its own certificate. */
export const COUNTERSIGNATURE = object({
  sha256: TEXT,
  party: described(TEXT, "The countersigning party's account, from its certificate"),
  partyMsp: TEXT,
  partyRole: oneOfTexts(...NOTARY_ROLES),
  requestId: TEXT,
  txId: TEXT,
  time: INSTANT,
});

/** The result of every write of `evidence`, by transaction. */
export const EVIDENCE_RESULTS = {
  Notarise: object({
    duplicate: described(FLAG, 'true: the hash was notarised before; `evidence` is that first record, nothing was changed'),
    evidence: EVIDENCE_RECORD,
  }),
  Countersign: COUNTERSIGNATURE,
} satisfies Record<WriteName<typeof EVIDENCE>, ResultSchema>;
