import { EVIDENCE, SHA256_PATTERN } from '@loulan/protocol';
import { Matches } from 'class-validator';
import type { Router } from 'express';

import type { AuthenticatedMember } from '../auth/authenticated-member';
import { ValidationError } from '../errors';
import { type LedgerDeps, ledgerRows } from '../http/ledger-rows';
import { okAnswer } from '../http/openapi-parts';
import { type Operation, operationRouter, type OperationTable } from '../http/operations';
import { pageArgs } from '../http/paging';
import { NotariseDto, SHA256_MESSAGE } from './dtos';
import { EVIDENCE_LIST_QUERY, EVIDENCE_SCHEMAS, SHA256_SCHEMA } from './openapi';
import * as r from './results';
import type { EvidenceService } from './service';

/** Where the evidence router is mounted; its paths start with `/evidence`. */
export const EVIDENCE_BASE_PATH = EVIDENCE.basePath;

/** What the evidence handlers call: the `evidence` contract, and the service that adds the block. */
type EvidenceDeps = LedgerDeps<typeof EVIDENCE> & { readonly service: EvidenceService };

const op = ledgerRows<typeof EVIDENCE, EvidenceDeps>(EVIDENCE);

/** The recorder a listing names: the query's, else the caller's own account. */
function recorderOf(caller: AuthenticatedMember, recorder: string | undefined): string {
  const named = recorder ?? caller.account;
  if (named === null) {
    throw new ValidationError('recorder is required for a member without an account', {
      details: { fields: { recorder: ['must name the recorder whose records to list'] } },
    });
  }
  return named;
}

/** The evidence REST API of docs/evidence.md, one row per operation (README "Operation tables"); roles are the chaincode's. */
export const EVIDENCE_OPERATIONS: OperationTable<Operation<EvidenceDeps>> = {
  module: 'evidence',
  basePath: EVIDENCE_BASE_PATH,
  contract: EVIDENCE.contract,
  pathParameters: { sha256: { schema: SHA256_SCHEMA, rules: [Matches(SHA256_PATTERN, SHA256_MESSAGE)] } },
  schemas: EVIDENCE_SCHEMAS,
  operations: [
    op.submit('Notarise', {
      body: { dto: NotariseDto, schema: 'EvidenceNotarise' },
      // No parties, null (class-validator lets it through @IsOptional) and an empty list are one request: all are
      // sent as "", so a retry has the same fingerprint.
      args: ({ body }) => ({
        sha256: body.sha256,
        kind: body.kind,
        partiesJson: (body.parties ?? []).length === 0 ? '' : JSON.stringify(body.parties),
        occurredAt: body.occurredAt ?? '',
        title: body.title ?? '',
      }),
      result: r.notariseResult,
    }),
    op.submit('Countersign', { args: ({ params }) => params, result: r.countersignatureResult }),
    op.json({
      method: 'get',
      path: '/evidence/by-hash/{sha256}',
      name: 'GetEvidence',
      summary:
        'Verify a document by its SHA-256: its first record, the transaction, time and block that recorded it, its countersignatures (any member)',
      description: 'Chaincode transaction `evidence:GetEvidence`, then the block of its transaction from the peer (qscc `GetBlockByTxID`).',
      answer: okAnswer('EvidenceByHash'),
      errors: [400, 401, 404],
      run: ({ service }, { caller, params }) => service.byHash(caller, params.sha256),
    }),
    op.evaluate('ListEvidence', {
      query: EVIDENCE_LIST_QUERY,
      args: ({ caller, query }) => ({ recorder: recorderOf(caller, query.recorder), ...pageArgs(query) }),
      result: r.evidencePageResult,
    }),
  ],
};

/**
 * The router of {@link EVIDENCE_OPERATIONS}, relative to {@link EVIDENCE_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function evidenceRoutes(deps: EvidenceDeps): Router {
  return operationRouter(EVIDENCE_OPERATIONS, deps);
}
