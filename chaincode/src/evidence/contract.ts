import { EVIDENCE } from '@loulan/protocol';

import { defineContract } from '../ledger/transactions';
import { countersign } from './ops-countersign';
import { notarise } from './ops-notarise';
import { getEvidence, listEvidence } from './queries';

/**
 * Evidence records (docs/rules.md#evidence), callable as `evidence:<Transaction>`. The agreed
 * interface is docs/evidence.md: one entry per transaction, which is its operation's function
 * (ledger/transactions.ts).
 */
export const EvidenceContract = defineContract(EVIDENCE, 'Evidence records: documents notarised by their SHA-256', {
  Notarise: notarise,
  Countersign: countersign,
  GetEvidence: getEvidence,
  ListEvidence: listEvidence,
});
/** An instance of the evidence contract. */
export type EvidenceContract = InstanceType<typeof EvidenceContract>;
