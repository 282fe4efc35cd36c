import { Router } from 'express';
import { currentMember } from '../auth/authenticated-member';
import { ForbiddenError, ValidationError } from '../errors';
import { DEFAULT_PAGE_SIZE } from '../http/dto-rules';
import { validateInput } from '../http/validate';
import { PLATFORM_ADMIN_ROLE } from '../members/roles';
import {
  AccountPathDto,
  MovementsQueryDto,
  PlansQueryDto,
  ThroughputQueryDto,
  TopMerchantsQueryDto,
  TotalsQueryDto,
} from './dtos';
import type { ReadModelStore } from './store';

/** Where the read model router is mounted. */
export const READMODEL_BASE_PATH = '/v1/readmodel';

/**
 * Roles allowed to query the read model: it spans every account of every organisation, so auditors
 * and the platform admin only. The retail and bank org admins (`org-admin`) manage their own
 * organisation's members and may not read other organisations' accounts.
 */
export const READMODEL_ROLES: readonly string[] = ['auditor', PLATFORM_ADMIN_ROLE];

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
}

/**
 * The read model's REST API (docs/readmodel.md), relative to {@link READMODEL_BASE_PATH}: reads for
 * {@link READMODEL_ROLES}, the rebuild for {@link READMODEL_REBUILD_ROLES}. Mount behind the
 * authentication middleware.
 */
export function readModelRoutes(store: ReadModelStore, control: ReadModelControl, now: () => Date = () => new Date()): Router {
  const router = Router();
  router.use((_req, res, next) => {
    if (!READMODEL_ROLES.includes(currentMember(res).role)) {
      throw new ForbiddenError('the read model is for auditors and the platform admin');
    }
    next();
  });

  router.get('/status', async (_req, res) => {
    const checkpoint = await store.checkpoint();
    const latest = control.latestBlock();
    res.json({
      block: checkpoint === null ? null : checkpoint.block.toString(),
      txCount: await store.transactionCount(),
      latestBlockSeen: latest === null ? null : latest.toString(),
    });
  });

  router.get('/accounts/:account/movements', async (req, res) => {
    const { account } = await validateInput(AccountPathDto, req.params, 'path');
    const query = await validateInput(MovementsQueryDto, req.query, 'query');
    const page = await store.movements(account, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
    res.json({ account, items: page.items, cursor: page.cursor });
  });

  router.get('/merchants/top', async (req, res) => {
    const { month, limit } = await validateInput(TopMerchantsQueryDto, req.query, 'query');
    res.json({ month, items: await store.topMerchants(month, limit ?? DEFAULT_PAGE_SIZE) });
  });

  router.get('/plans', async (req, res) => {
    const { status, limit, offset } = await validateInput(PlansQueryDto, req.query, 'query');
    const plans = await store.plans(status, limit ?? DEFAULT_PAGE_SIZE, offset ?? 0);
    res.json({ items: plans.map(({ block, txIndex: _txIndex, record: _record, ...plan }) => ({ ...plan, block: block.toString() })) });
  });

  router.get('/totals', async (req, res) => {
    const { accounts } = await validateInput(TotalsQueryDto, req.query, 'query');
    const list = accounts === undefined ? [] : [...new Set(accounts.split(',').filter((a) => a !== ''))];
    if (list.length > MAX_TOTALS_ACCOUNTS) {
      throw new ValidationError(`at most ${MAX_TOTALS_ACCOUNTS} accounts per request`);
    }
    res.json(await store.totals(list));
  });

  router.get('/throughput', async (req, res) => {
    const { minutes = DEFAULT_THROUGHPUT_MINUTES } = await validateInput(ThroughputQueryDto, req.query, 'query');
    const since = new Date(now().getTime() - minutes * 60_000);
    since.setUTCSeconds(0, 0);
    const buckets = await store.throughput(since.toISOString());
    res.json({ minutes, since: since.toISOString(), items: buckets.map((b) => ({ ...b, perSecond: b.transactions / 60 })) });
  });

  router.post('/rebuild', async (_req, res) => {
    if (!READMODEL_REBUILD_ROLES.includes(currentMember(res).role)) {
      throw new ForbiddenError('only the platform admin may rebuild the read model');
    }
    await control.rebuild();
    res.status(202).json({ rebuilding: true });
  });
  return router;
}
