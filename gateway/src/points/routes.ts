import { Router } from 'express';
import { currentMember } from '../auth/authenticated-member';
import { DEFAULT_PAGE_SIZE } from '../http/dto-rules';
import { validateBody, validateInput } from '../http/validate';
import { idempotencyKey, sendWrite } from '../http/writes';
import type { PointsContract } from './contract';
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

/**
 * The points REST API of docs/points.md, relative to {@link POINTS_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`); roles are left to the chaincode.
 */
export function pointsRoutes(contract: PointsContract, service: PointsService): Router {
  const router = Router();

  router.get('/params', async (_req, res) => {
    res.json(await contract.getParams(currentMember(res)));
  });
  router.put('/params', async (req, res) => {
    const params = await validateBody(UpdateParamsDto, req.body);
    sendWrite(res, await contract.updateParams(currentMember(res), idempotencyKey(req), { ...params }));
  });

  router.post('/mint', async (req, res) => {
    const { points } = await validateBody(PointsAmountDto, req.body);
    sendWrite(res, await contract.mint(currentMember(res), idempotencyKey(req), points));
  });
  router.post('/burn', async (req, res) => {
    const { points } = await validateBody(PointsAmountDto, req.body);
    sendWrite(res, await contract.burn(currentMember(res), idempotencyKey(req), points));
  });

  router.post('/merchants', async (req, res) => {
    const merchant = await validateBody(RegisterMerchantDto, req.body);
    sendWrite(res, await contract.registerMerchant(currentMember(res), idempotencyKey(req), merchant));
  });
  router.get('/merchants/:merchantId', async (req, res) => {
    const { merchantId } = await validateInput(MerchantPathDto, req.params, 'path');
    res.json(await contract.getMerchant(currentMember(res), merchantId));
  });
  router.get('/merchants/:merchantId/sales/:month', async (req, res) => {
    const { merchantId, month } = await validateInput(MonthlySalesPathDto, req.params, 'path');
    res.json(await contract.getMonthlySales(currentMember(res), merchantId, month));
  });

  router.post('/purchases', async (req, res) => {
    const purchase = await validateBody(RecordPurchaseDto, req.body);
    sendWrite(res, await service.recordPurchase(currentMember(res), purchase));
  });
  router.post('/redemptions', async (req, res) => {
    const redemption = await validateBody(RedeemPointsDto, req.body);
    sendWrite(res, await service.redeemPoints(currentMember(res), idempotencyKey(req), redemption));
  });
  router.post('/transfers', async (req, res) => {
    const { to, points } = await validateBody(TransferDto, req.body);
    sendWrite(res, await contract.transfer(currentMember(res), idempotencyKey(req), to, points));
  });
  router.post('/rebalance', async (req, res) => {
    sendWrite(res, await contract.rebalanceLanes(currentMember(res), idempotencyKey(req)));
  });

  router.post('/products', async (req, res) => {
    const product = await validateBody(ListProductDto, req.body);
    sendWrite(res, await contract.listProduct(currentMember(res), idempotencyKey(req), product));
  });
  router.get('/products', async (req, res) => {
    const page = await validateInput(PageQueryDto, req.query, 'query');
    res.json(await contract.listProducts(currentMember(res), page.pageSize ?? DEFAULT_PAGE_SIZE, page.bookmark ?? ''));
  });
  router.get('/products/:productId', async (req, res) => {
    const { productId } = await validateInput(ProductPathDto, req.params, 'path');
    res.json(await contract.getProduct(currentMember(res), productId));
  });
  router.post('/products/:productId/restock', async (req, res) => {
    const { productId } = await validateInput(ProductPathDto, req.params, 'path');
    const { quantity } = await validateBody(QuantityDto, req.body);
    sendWrite(res, await contract.restockProduct(currentMember(res), idempotencyKey(req), productId, quantity));
  });
  router.post('/products/:productId/purchases', async (req, res) => {
    const { productId } = await validateInput(ProductPathDto, req.params, 'path');
    const { quantity } = await validateBody(QuantityDto, req.body);
    sendWrite(res, await contract.buyProduct(currentMember(res), idempotencyKey(req), productId, quantity));
  });

  router.post('/monthly-rewards', async (req, res) => {
    const { merchantId, month } = await validateBody(MonthlyRewardDto, req.body);
    sendWrite(res, await contract.payMonthlyReward(currentMember(res), idempotencyKey(req), merchantId, month));
  });

  router.get('/accounts/:account/balance', async (req, res) => {
    const { account } = await validateInput(AccountPathDto, req.params, 'path');
    res.json(await contract.getBalance(currentMember(res), account));
  });
  router.get('/accounts/:account/statement', async (req, res) => {
    const { account } = await validateInput(AccountPathDto, req.params, 'path');
    const page = await validateInput(PageQueryDto, req.query, 'query');
    res.json(
      await contract.getStatement(currentMember(res), account, page.pageSize ?? DEFAULT_PAGE_SIZE, page.bookmark ?? ''),
    );
  });

  router.get('/invariant', async (_req, res) => {
    res.json(await contract.checkInvariant(currentMember(res)));
  });

  return router;
}

