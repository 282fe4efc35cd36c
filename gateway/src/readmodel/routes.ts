import { Router } from 'express';

import { currentMember } from '../auth/authenticated-member';
import { ForbiddenError, ValidationError } from '../errors';
import { DEFAULT_PAGE_SIZE, IsId } from '../http/dto-rules';
import { okAnswer } from '../http/openapi-parts';
import { type Operation, operationRouter, operationRows, type OperationTable } from '../http/operations';
import { OVERSEER_ROLES, PLATFORM_ADMIN_ROLE } from '../members/roles';
import { MOVEMENTS_QUERY, PLANS_QUERY, READMODEL_SCHEMAS, THROUGHPUT_QUERY, TOP_MERCHANTS_QUERY, TOTALS_QUERY } from './openapi';
import type { ReadModelStore } from './store';

/** Where the read model router is mounted. */
export const READMODEL_BASE_PATH = '/v1/readmodel';

/**
 * Roles allowed to query the read model: it spans every account of every organisation, so auditors
 * and the platform admin only. The retail and bank org admins (`org-admin`) manage their own
 * organisation's members and may not read other organisations' accounts.
 */
export const READMODEL_ROLES: readonly string[] = OVERSEER_ROLES;

/** Roles allowed to rebuild: it empties the tables and replays the whole chain, a write and a heavy job. */
export const READMODEL_REBUILD_ROLES: readonly string[] = [PLATFORM_ADMIN_ROLE];

const DEFAULT_THROUGHPUT_MINUTES = 10;
const MAX_TOTALS_ACCOUNTS = 50;

/** What the routes need from the listener. */
export interface ReadModelControl {
  /** Number of the newest block the listener has received, or null. */
  latestBlock(): bigint | null;
  /** Clears the read model; the replay from block 0 then runs in the background. */
  rebuild(): Promise<void>;
  /** Calls `listener` with each block's number once it is stored; returns the call that stops it. */
  onApplied(listener: (block: bigint) => void): () => void;
}

/** What the read model handlers use. */
interface ReadModelDeps {
  readonly store: ReadModelStore;
  readonly control: ReadModelControl;
  readonly now: () => Date;
}

const op = operationRows<ReadModelDeps>();

/** The read model's REST API (docs/readmodel.md), one row per operation. */
export const READMODEL_OPERATIONS: OperationTable<Operation<ReadModelDeps>> = {
  module: 'readmodel',
  basePath: READMODEL_BASE_PATH,
  description: 'Off-chain read model (docs/readmodel.md); auditors and admins only (403 otherwise).',
  pathParameters: { account: { schema: { type: 'string' }, rules: [IsId()] } },
  schemas: READMODEL_SCHEMAS,
  operations: [
    op.json({
      method: 'get',
      path: '/status',
      name: 'Status',
      summary: 'Last indexed block and number of indexed transactions',
      answer: okAnswer('ReadModelStatus'),
      run: async ({ store, control }) => {
        const checkpoint = await store.checkpoint();
        const latest = control.latestBlock();
        return {
          block: checkpoint === null ? null : checkpoint.block.toString(),
          txCount: await store.transactionCount(),
          latestBlockSeen: latest === null ? null : latest.toString(),
        };
      },
    }),
    op.json({
      method: 'get',
      path: '/accounts/{account}/movements',
      name: 'AccountMovements',
      summary: "An account's statement lines in time order (from inclusive, to exclusive), keyset-paginated",
      query: MOVEMENTS_QUERY,
      answer: okAnswer('MovementPage'),
      run: async ({ store }, { params, query }) => {
        const { from, to, cursor } = query;
        const page = await store.movements(params.account, { from, to, cursor, limit: query.limit ?? DEFAULT_PAGE_SIZE });
        return { account: params.account, items: page.items, cursor: page.cursor };
      },
    }),
    op.json({
      method: 'get',
      path: '/merchants/top',
      name: 'TopMerchants',
      summary: 'Merchants by sales (fen) in a month',
      query: TOP_MERCHANTS_QUERY,
      answer: okAnswer('TopMerchants'),
      run: async ({ store }, { query }) => ({
        month: query.month,
        items: await store.topMerchants(query.month, query.limit ?? DEFAULT_PAGE_SIZE),
      }),
    }),
    op.json({
      method: 'get',
      path: '/plans',
      name: 'Plans',
      summary: 'JOSP plans, latest version, optionally by status',
      query: PLANS_QUERY,
      answer: okAnswer('PlanList'),
      run: async ({ store }, { query }) => {
        const plans = await store.plans(query.status, query.limit ?? DEFAULT_PAGE_SIZE, query.offset ?? 0);
        return { items: plans.map(({ block, txIndex: _txIndex, record: _record, ...plan }) => ({ ...plan, block: block.toString() })) };
      },
    }),
    op.json({
      method: 'get',
      path: '/totals',
      name: 'Totals',
      summary: 'Counts and sums to compare with the chain (Σ deltas per account = balance)',
      query: TOTALS_QUERY,
      answer: okAnswer('ReadModelTotals'),
      run: ({ store }, { query }) => {
        const list = query.accounts === undefined ? [] : [...new Set(query.accounts.split(',').filter((a) => a !== ''))];
        if (list.length > MAX_TOTALS_ACCOUNTS) {
          throw new ValidationError(`at most ${MAX_TOTALS_ACCOUNTS} accounts per request`);
        }
        return store.totals(list);
      },
    }),
    op.json({
      method: 'get',
      path: '/throughput',
      name: 'Throughput',
      summary: 'Committed transactions per minute (and per second) over the last minutes',
      query: THROUGHPUT_QUERY,
      answer: okAnswer('Throughput'),
      run: async ({ store, now }, { query }) => {
        const minutes = query.minutes ?? DEFAULT_THROUGHPUT_MINUTES;
        const since = new Date(now().getTime() - minutes * 60_000);
        since.setUTCSeconds(0, 0);
        const buckets = await store.throughput(since.toISOString());
        return { minutes, since: since.toISOString(), items: buckets.map((b) => ({ ...b, perSecond: b.transactions / 60 })) };
      },
    }),
    op.json({
      method: 'post',
      path: '/rebuild',
      name: 'Rebuild',
      summary: 'Empties the read model and replays the chain from block 0 (answers 202)',
      status: 202,
      answer: okAnswer('Rebuild'),
      authorize: (caller) => {
        if (!READMODEL_REBUILD_ROLES.includes(caller.role)) {
          throw new ForbiddenError('only the platform admin may rebuild the read model');
        }
      },
      run: async ({ control }) => {
        await control.rebuild();
        return { rebuilding: true };
      },
    }),
  ],
};

/**
 * The router of {@link READMODEL_OPERATIONS}, relative to {@link READMODEL_BASE_PATH}: reads for
 * {@link READMODEL_ROLES}, the rebuild for {@link READMODEL_REBUILD_ROLES}. Mount behind the
 * authentication middleware.
 */
export function readModelRoutes(store: ReadModelStore, control: ReadModelControl, now: () => Date = () => new Date()): Router {
  const router = Router();
  // Before every route, and before the 404 of an unknown path: the read model's very shape is not for others.
  router.use((_req, res, next) => {
    if (!READMODEL_ROLES.includes(currentMember(res).role)) {
      throw new ForbiddenError('the read model is for auditors and the platform admin');
    }
    next();
  });
  return operationRouter(READMODEL_OPERATIONS, { store, control, now }, router);
}
