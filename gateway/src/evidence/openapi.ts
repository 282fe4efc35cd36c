import { EVIDENCE_KINDS, MAX_EVIDENCE_PARTIES, MAX_EVIDENCE_TITLE, SHA256_PATTERN } from '@loulan/protocol';

import { bodySchema as body, ID_SCHEMA as ID, type OpenApiObject, schemaRef } from '../http/openapi-parts';
import type { QueryShape } from '../http/operations';
import { PAGE_PARAMETERS } from '../http/paging';
import { EvidenceListQueryDto } from './dtos';

/** A document's SHA-256 as the ledger keys it. */
export const SHA256_SCHEMA: OpenApiObject = { type: 'string', pattern: SHA256_PATTERN.source, description: '64 lower-case hex digits' };

const TEXT = { type: 'string' };

/** One record, as the chaincode keeps it. */
const RECORD = {
  type: 'object',
  required: ['sha256', 'kind', 'title', 'parties', 'occurredAt', 'recorder', 'recorderMsp', 'recorderRole', 'requestId', 'txId', 'time'],
  properties: {
    sha256: SHA256_SCHEMA,
    kind: { type: 'string', enum: [...EVIDENCE_KINDS] },
    title: { type: 'string', nullable: true },
    parties: { type: 'array', items: TEXT, description: 'Accounts the record names; they are named only, they did not sign' },
    occurredAt: { ...TEXT, format: 'date-time', description: 'When the document or event happened, as the recorder says' },
    recorder: { ...TEXT, description: "The recorder's account, from its certificate" },
    recorderMsp: TEXT,
    recorderRole: TEXT,
    requestId: TEXT,
    txId: { ...TEXT, description: 'The transaction that notarised it' },
    time: { ...TEXT, format: 'date-time', description: 'Its transaction time: when the ledger first held the hash' },
  },
};

/** The request body and the by-hash answer, mirroring ./dtos.ts and ./service.ts. */
export const EVIDENCE_SCHEMAS: OpenApiObject = {
  EvidenceNotarise: body(
    {
      sha256: SHA256_SCHEMA,
      kind: { type: 'string', enum: [...EVIDENCE_KINDS] },
      parties: { type: 'array', maxItems: MAX_EVIDENCE_PARTIES, items: ID, description: 'open accounts the record names' },
      occurredAt: { type: 'string', format: 'date-time', description: 'default: the transaction time; at most maxBackdateDays before it' },
      title: { type: 'string', minLength: 1, maxLength: MAX_EVIDENCE_TITLE },
    },
    ['sha256', 'kind'],
  ),
  EvidenceByHash: {
    ...RECORD,
    required: [...RECORD.required, 'countersignatures', 'blockNumber'],
    properties: {
      ...RECORD.properties,
      countersignatures: { type: 'array', items: schemaRef('EvidenceCountersignResult'), description: "Named parties' confirmations" },
      blockNumber: { type: 'string', pattern: '^\\d+$', description: 'The block holding txId' },
    },
  },
};

/** `?recorder&pageSize&bookmark`. */
export const EVIDENCE_LIST_QUERY: QueryShape<EvidenceListQueryDto> = {
  dto: EvidenceListQueryDto,
  parameters: [{ name: 'recorder', in: 'query', schema: ID, description: "default: the caller's own account" }, ...PAGE_PARAMETERS],
};
