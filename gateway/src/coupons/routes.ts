import { Router, type Response } from 'express';
import { currentMember, type AuthenticatedMember } from '../auth/authenticated-member';
import { validateBody, validateInput } from '../http/validate';
import { idempotencyKey, sendWrite } from '../http/writes';
import { DEFAULT_PAGE_SIZE } from '../http/dto-rules';
import type { CouponsContract } from './contract';
import * as d from './dtos';
import type { CouponMatcher } from './service';
import { ForbiddenError } from '../errors';

/** Where the coupons router is mounted. */
export const COUPONS_BASE_PATH = '/v1/coupons';

/** Defaults of a class when the body leaves them out (docs/coupons.md). */
const CLASS_DEFAULTS = { minSpendFen: 0, acceptance: { kind: 'issuer' }, rebateBps: 5_000, transferable: true, resellable: true };

/**
 * The coupons REST API of docs/coupons.md, relative to {@link COUPONS_BASE_PATH}. Mount it behind the
 * authentication middleware (it reads `res.locals.member`); roles are left to the chaincode.
 */
export function couponsRoutes(contract: CouponsContract, matcher: CouponMatcher): Router {
  const router = Router();
  const me = (res: Response): AuthenticatedMember => currentMember(res);

  router.post('/classes', async (req, res) => {
    const b = await validateBody(d.CreateClassDto, req.body);
    const input = {
      classId: b.classId,
      name: b.name,
      faceValueFen: b.faceValueFen,
      quantity: b.quantity,
      validFrom: b.validFrom,
      validUntil: b.validUntil,
      minSpendFen: b.minSpendFen ?? CLASS_DEFAULTS.minSpendFen,
      acceptance: b.acceptance ?? CLASS_DEFAULTS.acceptance,
      rebateBps: b.rebateBps ?? CLASS_DEFAULTS.rebateBps,
      transferable: b.transferable ?? CLASS_DEFAULTS.transferable,
      resellable: b.resellable ?? CLASS_DEFAULTS.resellable,
    };
    sendWrite(res, await contract.createClass(me(res), idempotencyKey(req), input));
  });
  router.get('/classes/:classId', async (req, res) => {
    const { classId } = await validateInput(d.ClassPathDto, req.params, 'path');
    res.json(await contract.getClass(me(res), classId));
  });
  router.post('/classes/:classId/issue', async (req, res) => {
    const { classId } = await validateInput(d.ClassPathDto, req.params, 'path');
    const { quantity } = await validateBody(d.CouponQuantityDto, req.body);
    sendWrite(res, await contract.changeSupply(me(res), idempotencyKey(req), 'IssueMore', classId, quantity));
  });
  router.post('/classes/:classId/revoke', async (req, res) => {
    const { classId } = await validateInput(d.ClassPathDto, req.params, 'path');
    const { quantity } = await validateBody(d.CouponQuantityDto, req.body);
    sendWrite(res, await contract.changeSupply(me(res), idempotencyKey(req), 'RevokeUnissued', classId, quantity));
  });
  router.post('/classes/:classId/sends', async (req, res) => {
    const { classId } = await validateInput(d.ClassPathDto, req.params, 'path');
    const { to, quantity } = await validateBody(d.SendDto, req.body);
    sendWrite(res, await contract.sendCoupons(me(res), idempotencyKey(req), classId, to, quantity));
  });
  router.post('/classes/:classId/transfers', async (req, res) => {
    const { classId } = await validateInput(d.ClassPathDto, req.params, 'path');
    const { to, quantity } = await validateBody(d.SendDto, req.body);
    sendWrite(res, await contract.transferCoupons(me(res), idempotencyKey(req), classId, to, quantity));
  });
  router.get('/classes/:classId/holders/:holder', async (req, res) => {
    const { classId, holder } = await validateInput(d.HolderPathDto, req.params, 'path');
    res.json(await contract.getBalance(me(res), classId, holder));
  });
  router.get('/classes/:classId/supply', async (req, res) => {
    const { classId } = await validateInput(d.ClassPathDto, req.params, 'path');
    res.json(await contract.checkSupply(me(res), classId));
  });

  router.post('/claims', async (req, res) => {
    const claim = await validateBody(d.OpenClaimDto, req.body);
    sendWrite(res, await contract.openClaim(me(res), idempotencyKey(req), claim));
  });
  router.get('/claims/:claimId', async (req, res) => {
    const { claimId } = await validateInput(d.ClaimPathDto, req.params, 'path');
    res.json(await contract.getClaim(me(res), claimId));
  });
  router.post('/claims/:claimId/takes', async (req, res) => {
    const { claimId } = await validateInput(d.ClaimPathDto, req.params, 'path');
    const { quantity } = await validateBody(d.CouponQuantityDto, req.body);
    sendWrite(res, await contract.claimCoupons(me(res), idempotencyKey(req), claimId, quantity));
  });
  router.post('/claims/:claimId/close', async (req, res) => {
    const { claimId } = await validateInput(d.ClaimPathDto, req.params, 'path');
    sendWrite(res, await contract.closeClaim(me(res), idempotencyKey(req), claimId));
  });

  router.post('/presentations', async (req, res) => {
    const presentation = await validateBody(d.PresentCouponDto, req.body);
    sendWrite(res, await contract.presentCoupon(me(res), idempotencyKey(req), presentation));
  });
  router.post('/redemptions', async (req, res) => {
    const redemption = await validateBody(d.RedeemCouponDto, req.body);
    sendWrite(res, await contract.redeemCoupon(me(res), idempotencyKey(req), redemption));
  });
  router.get('/merchants/:merchantId/orders/:orderId/presentation', async (req, res) => {
    const { merchantId, orderId } = await validateInput(d.MerchantOrderPathDto, req.params, 'path');
    res.json(await contract.getPresentation(me(res), merchantId, orderId));
  });
  router.post('/merchants/:merchantId/orders/:orderId/withdraw', async (req, res) => {
    const { merchantId, orderId } = await validateInput(d.MerchantOrderPathDto, req.params, 'path');
    sendWrite(res, await contract.withdrawPresentation(me(res), idempotencyKey(req), merchantId, orderId));
  });
  router.get('/merchants/:merchantId/orders/:orderId/redemption', async (req, res) => {
    const { merchantId, orderId } = await validateInput(d.MerchantOrderPathDto, req.params, 'path');
    res.json(await contract.getRedemption(me(res), merchantId, orderId));
  });

  router.post('/alliances', async (req, res) => {
    const { allianceId, name } = await validateBody(d.CreateAllianceDto, req.body);
    sendWrite(res, await contract.createAlliance(me(res), idempotencyKey(req), allianceId, name));
  });
  router.get('/alliances/:allianceId', async (req, res) => {
    const { allianceId } = await validateInput(d.AlliancePathDto, req.params, 'path');
    res.json(await contract.getAlliance(me(res), allianceId));
  });
  router.post('/alliances/:allianceId/invitations', async (req, res) => {
    const { allianceId } = await validateInput(d.AlliancePathDto, req.params, 'path');
    const { merchantId } = await validateBody(d.InviteDto, req.body);
    sendWrite(res, await contract.inviteMerchant(me(res), idempotencyKey(req), allianceId, merchantId));
  });
  router.post('/alliances/:allianceId/join', async (req, res) => {
    const { allianceId } = await validateInput(d.AlliancePathDto, req.params, 'path');
    sendWrite(res, await contract.joinAlliance(me(res), idempotencyKey(req), allianceId));
  });

  router.post('/clearings', async (req, res) => {
    const { day, merchantA, merchantB } = await validateBody(d.ClearDayDto, req.body);
    sendWrite(res, await contract.clearDay(me(res), idempotencyKey(req), day, merchantA, merchantB));
  });
  router.get('/clearings/:day/:merchantA/:merchantB', async (req, res) => {
    const { day, merchantA, merchantB } = await validateInput(d.ClearingPathDto, req.params, 'path');
    res.json(await contract.getClearing(me(res), day, merchantA, merchantB));
  });

  router.post('/listings', async (req, res) => {
    const listing = await validateBody(d.ListCouponsDto, req.body);
    sendWrite(res, await contract.listCoupons(me(res), idempotencyKey(req), listing));
  });
  router.get('/listings/:listingId', async (req, res) => {
    const { listingId } = await validateInput(d.ListingPathDto, req.params, 'path');
    res.json(await contract.getListing(me(res), listingId));
  });
  router.post('/listings/:listingId/purchases', async (req, res) => {
    const { listingId } = await validateInput(d.ListingPathDto, req.params, 'path');
    const { quantity } = await validateBody(d.CouponQuantityDto, req.body);
    sendWrite(res, await contract.buyListing(me(res), idempotencyKey(req), listingId, quantity));
  });
  router.post('/listings/:listingId/cancel', async (req, res) => {
    const { listingId } = await validateInput(d.ListingPathDto, req.params, 'path');
    sendWrite(res, await contract.cancelListing(me(res), idempotencyKey(req), listingId));
  });

  router.post('/orders', async (req, res) => {
    const order = await validateBody(d.PlaceOrderDto, req.body);
    sendWrite(res, await contract.placeOrder(me(res), idempotencyKey(req), order));
  });
  router.get('/orders', async (req, res) => {
    const page = await validateInput(d.PageQueryDto, req.query, 'query');
    res.json(await contract.listOpenOrders(me(res), page.pageSize ?? DEFAULT_PAGE_SIZE, page.bookmark ?? ''));
  });
  router.get('/orders/:orderId', async (req, res) => {
    const { orderId } = await validateInput(d.OrderPathDto, req.params, 'path');
    res.json(await contract.getOrder(me(res), orderId));
  });
  router.post('/orders/:orderId/cancel', async (req, res) => {
    const { orderId } = await validateInput(d.OrderPathDto, req.params, 'path');
    sendWrite(res, await contract.cancelOrder(me(res), idempotencyKey(req), orderId));
  });
  router.post('/programs', async (req, res) => {
    const { programId, name, allianceId, pointValueFen } = await validateBody(d.CreateProgramDto, req.body);
    sendWrite(res, await contract.createProgram(me(res), idempotencyKey(req), { programId, name, allianceId: allianceId ?? '', pointValueFen }));
  });
  router.get('/programs/:programId', async (req, res) => {
    const { programId } = await validateInput(d.ProgramPathDto, req.params, 'path');
    res.json(await contract.getProgram(me(res), programId));
  });
  router.post('/programs/:programId/issues', async (req, res) => {
    const { programId } = await validateInput(d.ProgramPathDto, req.params, 'path');
    const { to, points } = await validateBody(d.ProgramPointsDto, req.body);
    sendWrite(res, await contract.moveProgramPoints(me(res), idempotencyKey(req), 'IssueProgramPoints', { programId, to, points }));
  });
  router.post('/programs/:programId/transfers', async (req, res) => {
    const { programId } = await validateInput(d.ProgramPathDto, req.params, 'path');
    const { to, points } = await validateBody(d.ProgramPointsDto, req.body);
    sendWrite(res, await contract.moveProgramPoints(me(res), idempotencyKey(req), 'TransferProgramPoints', { programId, to, points }));
  });
  router.get('/programs/:programId/accounts/:account', async (req, res) => {
    const { programId, account } = await validateInput(d.ProgramAccountPathDto, req.params, 'path');
    res.json(await contract.getProgramBalance(me(res), programId, account));
  });
  router.get('/programs/:programId/supply', async (req, res) => {
    const { programId } = await validateInput(d.ProgramPathDto, req.params, 'path');
    res.json(await contract.checkProgramSupply(me(res), programId));
  });

  router.post('/matches', async (req, res) => {
    const { orderIds } = await validateBody(d.ExecuteMatchDto, req.body);
    sendWrite(res, await contract.executeMatch(me(res), idempotencyKey(req), orderIds));
  });
  router.post('/match', async (_req, res) => {
    const caller = me(res);
    // Matching executes rings on the ledger: a write, so roles without an account (auditors) may not run it.
    if (caller.account === null) {
      throw new ForbiddenError('only members with an account may run the matcher');
    }
    res.json(await matcher.run(caller));
  });

  return router;
}
