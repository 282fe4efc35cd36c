import { Router, type Response } from 'express';
import { currentMember } from '../auth/authenticated-member';
import { DEFAULT_PAGE_SIZE } from '../http/dto-rules';
import { validateInput } from '../http/validate';
import { BlockListQueryDto, BlockPathDto, DEFAULT_BLOCK_PAGE, HistoryPathDto, HistoryQueryDto, TransactionPathDto } from './dtos';
import type { AuditCaller, AuditService } from './service';

/** Where the audit router is mounted. */
export const AUDIT_BASE_PATH = '/v1/audit';

/**
 * The audit REST API of docs/audit.md, relative to {@link AUDIT_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`).
 */
export function auditRoutes(service: AuditService): Router {
  const router = Router();

  router.get('/history/:entityType/:entityId', async (req, res) => {
    const { entityType, entityId } = await validateInput(HistoryPathDto, req.params, 'path');
    const page = await validateInput(HistoryQueryDto, req.query, 'query');
    res.json(await service.history(callerOf(res), entityType, entityId, page.pageSize ?? DEFAULT_PAGE_SIZE, page.bookmark ?? ''));
  });
  router.get('/transactions/:txId', async (req, res) => {
    const { txId } = await validateInput(TransactionPathDto, req.params, 'path');
    res.json(await service.transaction(callerOf(res), txId));
  });
  router.get('/blocks', async (req, res) => {
    const { from, limit } = await validateInput(BlockListQueryDto, req.query, 'query');
    res.json(await service.blocks(callerOf(res), from === undefined ? undefined : BigInt(from), limit ?? DEFAULT_BLOCK_PAGE));
  });
  router.get('/blocks/:number', async (req, res) => {
    const { number } = await validateInput(BlockPathDto, req.params, 'path');
    res.json(await service.block(callerOf(res), BigInt(number)));
  });
  router.get('/verify', async (_req, res) => {
    res.json(await service.verify(callerOf(res)));
  });
  router.get('/invariants', async (_req, res) => {
    res.json(await service.invariants(callerOf(res)));
  });
  router.get('/chain', async (_req, res) => {
    res.json(await service.chain(callerOf(res)));
  });

  return router;
}

function callerOf(res: Response): AuditCaller {
  return currentMember(res);
}
