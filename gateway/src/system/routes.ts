import { MSP_ID_PATTERN, SYSTEM } from '@loulan/protocol';
import { Matches } from 'class-validator';
import type { Router } from 'express';

import type { ContractClient } from '../contract/client';
import { type LedgerDeps, ledgerRows } from '../http/ledger-rows';
import { type Operation, operationRouter, type OperationTable } from '../http/operations';
import { PAGE_QUERY, pageArgs } from '../http/paging';
import { AdmitOrganisationDto, MSP_ID_MESSAGE } from './dtos';
import { MSP_ID_SCHEMA, SYSTEM_SCHEMAS } from './openapi';
import * as r from './results';

/** Where the router of the `system` contract's routes is mounted. */
export const SYSTEM_BASE_PATH = SYSTEM.basePath;

/** What the handlers call: the `system` contract. */
type SystemDeps = LedgerDeps<typeof SYSTEM>;

const op = ledgerRows<typeof SYSTEM, SystemDeps>(SYSTEM);

/**
 * The REST routes of the `system` contract: the organisations admitted to the channel and the roles their
 * CAs may issue (docs/rules.md#organisations), one row per operation (README "Operation tables"); roles are
 * the chaincode's. The probes of the same module are the gateway's own (`SYSTEM_OPERATIONS`, http/openapi.ts).
 */
export const ORGANISATION_OPERATIONS: OperationTable<Operation<SystemDeps>> = {
  module: 'system',
  basePath: SYSTEM_BASE_PATH,
  contract: SYSTEM.contract,
  pathParameters: { mspId: { schema: MSP_ID_SCHEMA, rules: [Matches(MSP_ID_PATTERN, MSP_ID_MESSAGE)] } },
  schemas: SYSTEM_SCHEMAS,
  operations: [
    // The MSP id is the business id (a repeat answers the first record), so no Idempotency-Key.
    op.write({
      ...op.route('AdmitOrganisation'),
      body: { dto: AdmitOrganisationDto, schema: 'SystemAdmitOrganisation' },
      idempotencyKey: false,
      run: ({ contract }, { caller, body }) =>
        contract.write(caller, 'AdmitOrganisation', { mspId: body.mspId, rolesJson: JSON.stringify(body.roles) }, r.organisationResult),
    }),
    op.evaluate('ListOrganisations', { query: PAGE_QUERY, args: ({ query }) => pageArgs(query), result: r.organisationPageResult }),
    op.evaluate('GetOrganisation', { args: ({ params }) => params, result: r.organisationResult }),
  ],
};

/**
 * The router of {@link ORGANISATION_OPERATIONS}, relative to {@link SYSTEM_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function systemRoutes(contract: ContractClient<typeof SYSTEM>): Router {
  return operationRouter(ORGANISATION_OPERATIONS, { contract });
}
