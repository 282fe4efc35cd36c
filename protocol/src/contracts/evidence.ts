/**
 * Evidence records (docs/rules.md#evidence, docs/evidence.md): a member notarises a document or an
 * event by its SHA-256, and anyone holding the document verifies it by that hash.
 *
 * @packageDocumentation
 */
import type { AccountRole } from '../roles';
import { ACCOUNT_ROLES, defineProtocol, read, write } from '../transactions';

/**
 * Who notarises: every account holder but a shelf device, whose certificate only records the sales
 * of the one shelf it is bound to. Auditors own no account and change nothing; they verify.
 */
export const NOTARY_ROLES: readonly AccountRole[] = ACCOUNT_ROLES.filter((role) => role !== 'shelf-device');

/** What a record says it is evidence of. */
export const EVIDENCE_KINDS = ['contract', 'receipt', 'invoice', 'delivery', 'audit-report', 'rule-change', 'loan', 'other'] as const;

/** One of {@link EVIDENCE_KINDS}. */
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Most parties one record names. */
export const MAX_EVIDENCE_PARTIES = 10;

/** Longest title of a record, in UTF-16 code units. */
export const MAX_EVIDENCE_TITLE = 200;

/** A document's SHA-256 as the ledger keys it: 64 lower-case hex digits. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** The `evidence` contract's transactions, callable as `evidence:<Name>`; routes are relative to `/v1`. */
export const EVIDENCE = defineProtocol('evidence', '/v1', {
  Notarise: write(
    NOTARY_ROLES,
    ['requestId', 'sha256', 'kind', 'partiesJson', 'occurredAt', 'title'],
    'Notarise a document by its SHA-256; a hash notarised before answers its first record (duplicate) and changes nothing',
    'POST /evidence',
  ),
  Countersign: write(
    NOTARY_ROLES,
    ['requestId', 'sha256'],
    'Countersign a record that names the caller as a party, once',
    'POST /evidence/by-hash/{sha256}/countersignatures',
  ),
  GetEvidence: read(['sha256'], 'The evidence record of a hash, with its countersignatures'),
  ListEvidence: read(
    ['recorder', 'pageSize', 'bookmark'],
    "A recorder's evidence records, oldest first, one page (the recorder, admin, auditors)",
    'GET /evidence',
  ),
});
