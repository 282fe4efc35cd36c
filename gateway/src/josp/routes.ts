import { Router, type Request, type Response } from 'express';
import { validateBody, validateInput } from '../http/validate';
import { DEFAULT_PAGE_SIZE } from '../http/dto-rules';
import { PageQueryDto } from '../points/dtos';
import { currentMember } from '../auth/authenticated-member';
import { idempotencyKey, sendWrite } from '../http/writes';
import type { JospContract, LoanStep } from './contract';
import {
  DEFAULT_PAYOUT_PAGE_SIZE,
  LoanPathDto,
  OfferLoanDto,
  OpenPlanDto,
  InvestorPathDto,
  IssuerPathDto,
  PartyPathDto,
  PayoutPageDto,
  PlanPathDto,
  QualificationPathDto,
  QualifyInvestorDto,
  SubscribeDto,
} from './dtos';

/** Where the JOSP router is mounted. */
export const JOSP_BASE_PATH = '/v1/josp';

/** Loan steps after the offer, by the last segment of their path. */
export const LOAN_STEP_PATHS: Readonly<Record<string, LoanStep>> = {
  accept: 'AcceptLoan',
  disbursement: 'RecordDisbursement',
  repayment: 'RecordRepayment',
  default: 'DeclareDefault',
};

/**
 * The JOSP REST API of docs/josp.md, relative to {@link JOSP_BASE_PATH}. Mount it behind the authentication
 * middleware (it reads `res.locals.member`); roles are left to the chaincode.
 */
export function jospRoutes(contract: JospContract): Router {
  const router = Router();

  router.post('/plans', async (req, res) => {
    const terms = await validateBody(OpenPlanDto, req.body);
    sendWrite(res, await contract.openPlan(currentMember(res), idempotencyKey(req), terms));
  });
  router.get('/plans/:planId', async (req, res) => {
    res.json(await contract.getPlan(currentMember(res), await planId(req)));
  });
  router.post('/plans/:planId/cancel', async (req, res) => {
    sendWrite(res, await contract.cancelPlan(currentMember(res), idempotencyKey(req), await planId(req)));
  });
  router.post('/plans/:planId/subscriptions', async (req, res) => {
    const id = await planId(req);
    const { points } = await validateBody(SubscribeDto, req.body);
    sendWrite(res, await contract.subscribe(currentMember(res), idempotencyKey(req), id, points));
  });
  router.post('/plans/:planId/refunds', async (req, res) => {
    await payOut(req, res, 'RefundPlan');
  });
  router.post('/plans/:planId/settlements', async (req, res) => {
    await payOut(req, res, 'SettlePlan');
  });

  router.get('/issuers/:issuer/plans', async (req, res) => {
    const { issuer } = await validateInput(IssuerPathDto, req.params, 'path');
    const page = await validateInput(PageQueryDto, req.query, 'query');
    res.json(await contract.listPlans(currentMember(res), issuer, page.pageSize ?? DEFAULT_PAGE_SIZE, page.bookmark ?? ''));
  });
  router.get('/investors/:investor/positions', async (req, res) => {
    const { investor } = await validateInput(InvestorPathDto, req.params, 'path');
    const page = await validateInput(PageQueryDto, req.query, 'query');
    res.json(await contract.listPositions(currentMember(res), investor, page.pageSize ?? DEFAULT_PAGE_SIZE, page.bookmark ?? ''));
  });

  router.post('/qualifications', async (req, res) => {
    const { consumer } = await validateBody(QualifyInvestorDto, req.body);
    sendWrite(res, await contract.qualifyInvestor(currentMember(res), idempotencyKey(req), consumer));
  });
  router.get('/banks/:bank/qualifications/:consumer', async (req, res) => {
    const { bank, consumer } = await validateInput(QualificationPathDto, req.params, 'path');
    res.json(await contract.getQualification(currentMember(res), bank, consumer));
  });

  router.post('/loans', async (req, res) => {
    const terms = await validateBody(OfferLoanDto, req.body);
    sendWrite(res, await contract.offerLoan(currentMember(res), idempotencyKey(req), terms));
  });
  router.get('/loans/:loanId', async (req, res) => {
    const { loanId } = await validateInput(LoanPathDto, req.params, 'path');
    res.json(await contract.getLoan(currentMember(res), loanId));
  });
  for (const [segment, step] of Object.entries(LOAN_STEP_PATHS)) {
    router.post(`/loans/:loanId/${segment}`, async (req, res) => {
      const { loanId } = await validateInput(LoanPathDto, req.params, 'path');
      sendWrite(res, await contract.loanStep(currentMember(res), step, idempotencyKey(req), loanId));
    });
  }
  router.get('/parties/:party/loans', async (req, res) => {
    const { party } = await validateInput(PartyPathDto, req.params, 'path');
    const page = await validateInput(PageQueryDto, req.query, 'query');
    res.json(await contract.listLoans(currentMember(res), party, page.pageSize ?? DEFAULT_PAGE_SIZE, page.bookmark ?? ''));
  });

  async function payOut(req: Request, res: Response, transaction: 'RefundPlan' | 'SettlePlan'): Promise<void> {
    const id = await planId(req);
    const { pageSize } = await validateBody(PayoutPageDto, req.body);
    sendWrite(res, await contract.payOut(currentMember(res), transaction, idempotencyKey(req), id, pageSize ?? DEFAULT_PAYOUT_PAGE_SIZE));
  }

  return router;
}

async function planId(req: Request): Promise<string> {
  return (await validateInput(PlanPathDto, req.params, 'path')).planId;
}
