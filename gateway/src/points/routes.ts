import { Router, type Request, type Response } from 'express';
import { currentMember } from '../auth/authenticated-member';
import { ValidationError } from '../errors';
import { DEFAULT_PAGE_SIZE, ID_PATTERN } from '../http/dto-rules';
import { validateBody, validateInput } from '../http/validate';
import type { PointsCaller } from './caller';
import type { PointsContract, WriteResult } from './contract';
import {
  AccountPathDto,
  ListProductDto,
  MerchantPathDto,
  MonthlyRewardDto,
  MonthlySalesPathDto,
  PageQueryDto,
  PointsAmountDto,
  ProductPathDto,
  QuantityDto,
  RecordPurchaseDto,
  RedeemPointsDto,
  RegisterMerchantDto,
  TransferDto,
  UpdateParamsDto,
} from './dtos';
import type { PointsService } from './service';

/** Where the points router is mounted. */
export const POINTS_BASE_PATH = '/v1/points';

/** Header carrying the business id of a write (docs/points.md, "Exactly once"). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * The points REST API of docs/points.md, relative to {@link POINTS_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`); roles are left to the chaincode.
 */
export function pointsRoutes(contract: PointsContract, service: PointsService): Router {
  const router = Router();

  router.get('/params', async (_req, res) => {
    res.json(await contract.getParams(callerOf(res)));
  });
  router.put('/params', async (req, res) => {
    const params = await validateBody(UpdateParamsDto, req.body);
    sendWrite(res, await contract.updateParams(callerOf(res), idempotencyKey(req), { ...params }));
  });

  router.post('/mint', async (req, res) => {
    const { points } = await validateBody(PointsAmountDto, req.body);
    sendWrite(res, await contract.mint(callerOf(res), idempotencyKey(req), points));
  });
  router.post('/burn', async (req, res) => {
    const { points } = await validateBody(PointsAmountDto, req.body);
    sendWrite(res, await contract.burn(callerOf(res), idempotencyKey(req), points));
  });

  router.post('/merchants', async (req, res) => {
    const merchant = await validateBody(RegisterMerchantDto, req.body);
    sendWrite(res, await contract.registerMerchant(callerOf(res), idempotencyKey(req), merchant));
  });
  router.get('/merchants/:merchantId', async (req, res) => {
    const { merchantId } = await validateInput(MerchantPathDto, req.params, 'path');
    res.json(await contract.getMerchant(callerOf(res), merchantId));
  });
  router.get('/merchants/:merchantId/sales/:month', async (req, res) => {
    const { merchantId, month } = await validateInput(MonthlySalesPathDto, req.params, 'path');
    res.json(await contract.getMonthlySales(callerOf(res), merchantId, month));
  });

  router.post('/purchases', async (req, res) => {
    const purchase = await validateBody(RecordPurchaseDto, req.body);
    sendWrite(res, await service.recordPurchase(callerOf(res), purchase));
  });
  router.post('/redemptions', async (req, res) => {
    const redemption = await validateBody(RedeemPointsDto, req.body);
    sendWrite(res, await service.redeemPoints(callerOf(res), idempotencyKey(req), redemption));
  });
  router.post('/transfers', async (req, res) => {
    const { to, points } = await validateBody(TransferDto, req.body);
    sendWrite(res, await contract.transfer(callerOf(res), idempotencyKey(req), to, points));
  });
  router.post('/rebalance', async (req, res) => {
    sendWrite(res, await contract.rebalanceLanes(callerOf(res), idempotencyKey(req)));
  });

  router.post('/products', async (req, res) => {
    const product = await validateBody(ListProductDto, req.body);
    sendWrite(res, await contract.listProduct(callerOf(res), idempotencyKey(req), product));
  });
  router.get('/products', async (req, res) => {
    const page = await validateInput(PageQueryDto, req.query, 'query');
    res.json(await contract.listProducts(callerOf(res), page.pageSize ?? DEFAULT_PAGE_SIZE, page.bookmark ?? ''));
  });
  router.get('/products/:productId', async (req, res) => {
    const { productId } = await validateInput(ProductPathDto, req.params, 'path');
    res.json(await contract.getProduct(callerOf(res), productId));
  });
  router.post('/products/:productId/restock', async (req, res) => {
    const { productId } = await validateInput(ProductPathDto, req.params, 'path');
    const { quantity } = await validateBody(QuantityDto, req.body);
    sendWrite(res, await contract.restockProduct(callerOf(res), idempotencyKey(req), productId, quantity));
  });
  router.post('/products/:productId/purchases', async (req, res) => {
    const { productId } = await validateInput(ProductPathDto, req.params, 'path');
    const { quantity } = await validateBody(QuantityDto, req.body);
    sendWrite(res, await contract.buyProduct(callerOf(res), idempotencyKey(req), productId, quantity));
  });

  router.post('/monthly-rewards', async (req, res) => {
    const { merchantId, month } = await validateBody(MonthlyRewardDto, req.body);
    sendWrite(res, await contract.payMonthlyReward(callerOf(res), idempotencyKey(req), merchantId, month));
  });

  router.get('/accounts/:account/balance', async (req, res) => {
    const { account } = await validateInput(AccountPathDto, req.params, 'path');
    res.json(await contract.getBalance(callerOf(res), account));
  });
  router.get('/accounts/:account/statement', async (req, res) => {
    const { account } = await validateInput(AccountPathDto, req.params, 'path');
    const page = await validateInput(PageQueryDto, req.query, 'query');
    res.json(
      await contract.getStatement(callerOf(res), account, page.pageSize ?? DEFAULT_PAGE_SIZE, page.bookmark ?? ''),
    );
  });

  router.get('/invariant', async (_req, res) => {
    res.json(await contract.checkInvariant(callerOf(res)));
  });

  return router;
}

/** The authenticated member; throws UNAUTHENTICATED when the router is mounted without authentication. */
export function callerOf(res: Response): PointsCaller {
  return currentMember(res);
}

/** The business id of a write, from the Idempotency-Key header. */
export function idempotencyKey(req: Request): string {
  const key = req.get(IDEMPOTENCY_KEY_HEADER);
  if (key === undefined || !ID_PATTERN.test(key)) {
    throw new ValidationError(`${IDEMPOTENCY_KEY_HEADER} header is missing or invalid`, {
      details: {
        fields: {
          [IDEMPOTENCY_KEY_HEADER]: ['must be 1-64 characters of A-Za-z0-9._:@- starting with a letter or digit'],
        },
      },
    });
  }
  return key;
}

/** `200 { result, transactionId, blockNumber }`, the block number as a decimal string (it is a 64-bit value). */
export function sendWrite<T>(res: Response, write: WriteResult<T>): void {
  res.json({ result: write.result, transactionId: write.transactionId, blockNumber: write.blockNumber.toString() });
}
