import { IsIn } from 'class-validator';
import type { Router } from 'express';

import { DEFAULT_PAGE_SIZE, IsId } from '../http/dto-rules';
import { okAnswer } from '../http/openapi-parts';
import { type Operation, operationRouter, operationRows, type OperationTable } from '../http/operations';
import { DEFAULT_BLOCK_PAGE, ENTITY_TYPES, IsBlockNumber, IsTxId } from './dtos';
import { AUDIT_PATH_SCHEMAS, AUDIT_SCHEMAS, BLOCK_LIST_QUERY, HISTORY_QUERY } from './openapi';
import type { AuditService } from './service';

/** Where the audit router is mounted. */
export const AUDIT_BASE_PATH = '/v1/audit';

/** What the audit handlers call. */
interface AuditDeps {
  readonly service: AuditService;
}

const op = operationRows<AuditDeps>();

/** The audit REST API of docs/audit.md, one row per operation; the service checks the caller's role. */
export const AUDIT_OPERATIONS: OperationTable<Operation<AuditDeps>> = {
  module: 'audit',
  basePath: AUDIT_BASE_PATH,
  pathParameters: {
    entityType: { schema: AUDIT_PATH_SCHEMAS.entityType, rules: [IsIn(ENTITY_TYPES)] },
    entityId: { schema: AUDIT_PATH_SCHEMAS.entityId, rules: [IsId()] },
    txId: { schema: AUDIT_PATH_SCHEMAS.txId, rules: [IsTxId()] },
    number: { schema: AUDIT_PATH_SCHEMAS.number, rules: [IsBlockNumber()] },
  },
  schemas: AUDIT_SCHEMAS,
  operations: [
    op.json({
      method: 'get',
      path: '/history/{entityType}/{entityId}',
      name: 'History',
      summary: 'Versions of an entity in chain order, from the read model (auditor, admin; others their own account)',
      query: HISTORY_QUERY,
      answer: okAnswer('AuditHistory'),
      run: ({ service }, { caller, params, query }) =>
        service.history(caller, params.entityType, params.entityId, query.pageSize ?? DEFAULT_PAGE_SIZE, query.bookmark ?? ''),
    }),
    op.json({
      method: 'get',
      path: '/transactions/{txId}',
      name: 'Transaction',
      summary: 'A transaction as its block records it (auditor, admin)',
      answer: okAnswer('AuditTransaction'),
      run: ({ service }, { caller, params }) => service.transaction(caller, params.txId),
    }),
    op.json({
      method: 'get',
      path: '/blocks',
      name: 'Blocks',
      summary: 'Blocks, newest first (auditor, admin)',
      query: BLOCK_LIST_QUERY,
      answer: okAnswer('AuditBlockList'),
      run: ({ service }, { caller, query }) =>
        service.blocks(caller, query.from === undefined ? undefined : BigInt(query.from), query.limit ?? DEFAULT_BLOCK_PAGE),
    }),
    op.json({
      method: 'get',
      path: '/blocks/{number}',
      name: 'Block',
      summary: 'One block (auditor, admin)',
      answer: okAnswer('AuditBlockDetail'),
      run: ({ service }, { caller, params }) => service.block(caller, BigInt(params.number)),
    }),
    op.json({
      method: 'get',
      path: '/verify',
      name: 'Verify',
      summary: 'Status of the hash chain from block 0 to the tip; reads only the blocks after the stored verified prefix (auditor, admin)',
      answer: okAnswer('AuditVerify'),
      run: ({ service }, { caller }) => service.verify(caller),
    }),
    op.json({
      method: 'get',
      path: '/invariants',
      name: 'Invariants',
      summary: 'Points and coupon supply invariants (auditor, admin)',
      answer: okAnswer('AuditInvariants'),
      run: ({ service }, { caller }) => service.invariants(caller),
    }),
    op.json({
      method: 'get',
      path: '/chain',
      name: 'Chain',
      summary: 'Height and tip hashes, and each organisation peer height (auditor, admin)',
      answer: okAnswer('AuditChain'),
      run: ({ service }, { caller }) => service.chain(caller),
    }),
  ],
};

/**
 * The router of {@link AUDIT_OPERATIONS}, relative to {@link AUDIT_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function auditRoutes(service: AuditService): Router {
  return operationRouter(AUDIT_OPERATIONS, { service });
}
