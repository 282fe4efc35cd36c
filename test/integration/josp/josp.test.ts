/**
 * JOSP end to end: operating-share plans, bank wealth products and points-collateral loans,
 * every call through the REST gateway to the real network. Windows, terms and due dates are
 * seconds long (explicit ISO instants), so the test waits for them instead of faking time.
 * Steps build on each other, so they run in order in one file.
 */
import { defined } from '../../support/assertions';
import { eventually } from '../../support/network';
import { newKey, numberField, orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));
const bankAdmin = new RestClient(orgAdminKey('bank'));

type Json = Record<string, unknown>;

/** The default brackets of docs/rules.md#josp-yield: term sales in fen, rate, yields of 1,000 / 600 / 400 points, yield escrow returned. */
const BRACKETS = [
  { name: 'low', salesFen: 1_000_000, rateBps: 100, yields: [10, 6, 4], back: 80 },
  { name: 'mid', salesFen: 10_000_000, rateBps: 300, yields: [30, 18, 12], back: 40 },
  { name: 'top', salesFen: 20_000_000, rateBps: 500, yields: [50, 30, 20], back: 0 },
] as const;
const SHARES = [1_000, 600, 400] as const;
const INVESTOR_FUNDS = 5_000;

const merchantIds = BRACKETS.map((b) => uniqueId(`josp-m-${b.name}`));
const merchants: RestClient[] = [];
const investorIds = ['a', 'b', 'c', 'd'].map((n) => uniqueId(`josp-c-${n}`));
const investors: RestClient[] = [];
let auditor: RestClient;

const planIds = BRACKETS.map((b) => uniqueId(`josp-plan-${b.name}`));
const refundPlanId = uniqueId('josp-plan-refund');
let windowEnd = 0;
let maturity = 0;

/** The merchant of BRACKETS[index], registered by beforeAll. */
function merchantClient(index: number): RestClient {
  return defined(merchants[index], `merchant ${index}`);
}

/** The investor of investorIds[index], registered by beforeAll. */
function investorClient(index: number): RestClient {
  return defined(investors[index], `investor ${index}`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

async function sleepUntil(ms: number): Promise<void> {
  const wait = ms - Date.now();
  if (wait > 0) {
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** The `raised` the read model lists for an open plan, or undefined while it has not indexed it. */
async function readModelRaised(planId: string): Promise<unknown> {
  for (let offset = 0; ; offset += 100) {
    const page = await auditor.get(`/v1/readmodel/plans?status=OPEN&limit=100&offset=${offset}`);
    expect(page.status).toBe(200);
    const items = (Array.isArray(page.body.items) ? page.body.items : []) as Json[];
    const plan = items.find((item) => item.planId === planId);
    if (plan !== undefined || items.length < 100) {
      return plan?.raised;
    }
  }
}

function result(response: RestResponse): Json {
  expect(response.status).toBe(200);
  const value = response.body.result;
  if (typeof value !== 'object' || value === null) {
    throw new Error(`no result in ${JSON.stringify(response.body)}`);
  }
  return value as Json;
}

/**
 * POSTs a write, re-sending it under the same Idempotency-Key while the ledger reports
 * contention (409 TRANSACTION_FAILED or ENDORSEMENT_MISMATCH): concurrent writes of one plan
 * share its total, as a client of a hot record would.
 */
async function write(client: RestClient, path: string, body: unknown, key = newKey()): Promise<RestResponse> {
  for (let attempt = 0; ; attempt++) {
    const response = await client.post(path, body, { idempotencyKey: key });
    const contention = response.body.code === 'TRANSACTION_FAILED' || response.body.code === 'ENDORSEMENT_MISMATCH';
    if (response.status !== 409 || !contention || attempt === 10) {
      return response;
    }
  }
}

async function balance(account: string): Promise<number> {
  const response = await platformAdmin.get(`/v1/points/accounts/${account}/balance`);
  expect(response.status).toBe(200);
  return numberField(response.body, 'balance');
}

async function expectInvariant(): Promise<void> {
  const response = await auditor.get('/v1/points/invariant');
  expect(response).toMatchObject({ status: 200, body: { holds: true } });
}

async function fund(account: string, points: number): Promise<void> {
  result(await write(platformAdmin, '/v1/points/transfers', { to: account, points }));
}

async function registerMerchant(admin: RestClient, merchantId: string): Promise<RestClient> {
  const client = await registerMember(admin, merchantId, 'merchant');
  result(await platformAdmin.post('/v1/points/merchants', { merchantId, name: `Shop ${merchantId}`, region: 'Suzhou' }));
  return client;
}

function planTerms(planId: string, extra: Json = {}): Json {
  return {
    planId,
    capPoints: 2_000,
    minRaisePoints: 1_000,
    minSubscription: 100,
    maxSubscription: 1_000,
    windowStart: iso(Date.now() - 60_000),
    windowEnd: iso(windowEnd),
    maturity: iso(maturity),
    ...extra,
  };
}

describe('josp through the REST gateway', () => {
  beforeAll(async () => {
    auditor = await registerMember(platformAdmin, uniqueId('josp-auditor'), 'auditor');
    result(await platformAdmin.post('/v1/points/mint', { points: 10_000_000 }));
    for (const id of merchantIds) {
      merchants.push(await registerMerchant(retailAdmin, id));
      await fund(id, 400_000);
    }
    for (const id of investorIds) {
      investors.push(await registerMember(platformAdmin, id, 'consumer'));
      await fund(id, INVESTOR_FUNDS);
    }
  });

  it('opens the reference plan (2,000 points) once per sales bracket, escrowing cap × 5 %', async () => {
    windowEnd = Date.now() + 20_000;
    maturity = windowEnd + 25_000;
    for (const [index, planId] of planIds.entries()) {
      const merchantId = defined(merchantIds[index], `the id of merchant ${index}`);
      const before = await balance(merchantId);
      const plan = result(await merchantClient(index).post('/v1/josp/plans', planTerms(planId)));
      expect(plan).toMatchObject({ planId, kind: 'MERCHANT', status: 'OPEN', yieldEscrow: 100, raised: 0 });
      expect(await balance(merchantId)).toBe(before - 100);
    }
    result(await merchantClient(0).post('/v1/josp/plans', planTerms(refundPlanId)));
    const poor = await registerMerchant(retailAdmin, uniqueId('josp-poor'));
    const refused = await poor.post(
      '/v1/josp/plans',
      planTerms(uniqueId('josp-plan-poor'), { capPoints: 1_000_000, maxSubscription: 1_000 }),
    );
    expect(refused).toMatchObject({ status: 422, body: { code: 'INSUFFICIENT_POINTS' } });
    await expectInvariant();
  });

  it('escrows subscriptions and rejects one above the cap or the investor maximum', async () => {
    for (const planId of planIds) {
      for (const [index, points] of SHARES.entries()) {
        const subscription = result(await write(investorClient(index), `/v1/josp/plans/${planId}/subscriptions`, { points }));
        expect(subscription).toMatchObject({ planId, investor: investorIds[index], principal: points });
      }
      const overCap = await investorClient(3).post(`/v1/josp/plans/${planId}/subscriptions`, { points: 100 });
      expect(overCap).toMatchObject({ status: 422, body: { code: 'CAP_EXCEEDED' } });
    }
    const overMax = await investorClient(0).post(`/v1/josp/plans/${refundPlanId}/subscriptions`, { points: 1_001 });
    expect(overMax).toMatchObject({ status: 422, body: { code: 'CAP_EXCEEDED' } });
    result(await investorClient(3).post(`/v1/josp/plans/${refundPlanId}/subscriptions`, { points: 300 }));
    expect(await balance(defined(investorIds[0], 'the id of investor 0'))).toBe(INVESTOR_FUNDS - 3 * 1_000);
    const plan = await auditor.get(`/v1/josp/plans/${planIds[0]}`);
    expect(plan).toMatchObject({ status: 200, body: { raised: 2_000, investors: 3 } });
    const positions = await investorClient(1).get(`/v1/josp/investors/${investorIds[1]}/positions?pageSize=2`);
    expect(positions.status).toBe(200);
    expect(positions.body.items).toHaveLength(2);
    expect(positions.body.bookmark).not.toBe('');
    await expectInvariant();
  });

  it('refunds every investor in full when the minimum raise is missed', async () => {
    const early = await investorClient(2).post(`/v1/josp/plans/${refundPlanId}/refunds`, {});
    expect(early).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    await sleepUntil(windowEnd + 1_500);
    const late = await investorClient(2).post(`/v1/josp/plans/${refundPlanId}/subscriptions`, { points: 100 });
    expect(late).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    const merchantBefore = await balance(defined(merchantIds[0], 'the id of merchant 0'));
    const refund = result(await investorClient(2).post(`/v1/josp/plans/${refundPlanId}/refunds`, { pageSize: 10 }));
    expect(refund.plan).toMatchObject({ status: 'REFUNDED', returnedYield: 100 });
    expect(refund.payouts).toEqual([{ investor: investorIds[3], principal: 300, yieldPoints: 0 }]);
    expect(await balance(defined(investorIds[3], 'the id of investor 3'))).toBe(INVESTOR_FUNDS);
    expect(await balance(defined(merchantIds[0], 'the id of merchant 0'))).toBe(merchantBefore + 100);
    await expectInvariant();
  });

  it('settles each plan at maturity at the rate of its merchant’s sales in the term', async () => {
    for (const [index, bracket] of BRACKETS.entries()) {
      const sale = await merchantClient(index).post('/v1/points/purchases', {
        orderId: uniqueId(`josp-sale-${bracket.name}`),
        consumer: uniqueId(`josp-shopper-${bracket.name}`),
        amountFen: bracket.salesFen,
      });
      expect(sale.status).toBe(200);
    }
    const early = await investorClient(0).post(`/v1/josp/plans/${planIds[0]}/settlements`, {});
    expect(early).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    const merchantsBefore = await Promise.all(merchantIds.map((id) => balance(id)));
    const investorsBefore = await Promise.all(investorIds.slice(0, 3).map((id) => balance(id)));
    await sleepUntil(maturity + 1_500);
    for (const [index, bracket] of BRACKETS.entries()) {
      const settled = result(await write(investorClient(3), `/v1/josp/plans/${planIds[index]}/settlements`, { pageSize: 10 }));
      expect(settled.plan).toMatchObject({
        status: 'SETTLED',
        salesFen: bracket.salesFen,
        rateBps: bracket.rateBps,
        paidYield: 100 - bracket.back,
        returnedYield: bracket.back,
      });
      const merchantBefore = defined(merchantsBefore[index], `the balance of merchant ${index} before settlement`);
      expect(await balance(defined(merchantIds[index], `the id of merchant ${index}`))).toBe(merchantBefore + bracket.back);
    }
    for (const [index, investor] of investorIds.slice(0, 3).entries()) {
      const yields = BRACKETS.reduce((sum, bracket) => sum + defined(bracket.yields[index], `the yield of investor ${index}`), 0);
      const investorBefore = defined(investorsBefore[index], `the balance of investor ${index} before settlement`);
      expect(await balance(investor)).toBe(investorBefore + 3 * defined(SHARES[index], `the share of investor ${index}`) + yields);
    }
    await expectInvariant();
  });

  it('settles a plan of 52 investors in pages and never pays a page twice', async () => {
    const issuerId = uniqueId('josp-m-big');
    const issuer = await registerMerchant(retailAdmin, issuerId);
    await fund(issuerId, 10_000);
    const crowdIds = Array.from({ length: 52 }, (_, i) => uniqueId(`josp-crowd-${i}`));
    const crowd: RestClient[] = [];
    for (let start = 0; start < crowdIds.length; start += 10) {
      crowd.push(...(await Promise.all(crowdIds.slice(start, start + 10).map((id) => registerMember(platformAdmin, id, 'consumer')))));
    }
    for (const id of crowdIds) {
      await fund(id, 300);
    }
    const planId = uniqueId('josp-plan-big');
    windowEnd = Date.now() + 20_000;
    maturity = windowEnd + 3_000;
    // 16 tranches of four full positions each: most of the ten concurrent subscriptions of a round
    // write different tranches, so they do not conflict (docs/josp.md "Tranches").
    const terms = planTerms(planId, { capPoints: 16 * 4 * 150, minRaisePoints: 0, minSubscription: 1, maxSubscription: 150 });
    expect(result(await issuer.post('/v1/josp/plans', terms))).toMatchObject({ yieldEscrow: 480, tranches: 16 });
    for (let start = 0; start < crowd.length; start += 10) {
      const batch = crowd.slice(start, start + 10);
      const responses = await Promise.all(batch.map((client) => write(client, `/v1/josp/plans/${planId}/subscriptions`, { points: 150 })));
      responses.forEach((response) => result(response));
    }
    expect((await auditor.get(`/v1/josp/plans/${planId}`)).body).toMatchObject({ raised: 7_800, investors: 52, tranches: 16 });
    // The read model adds the tranches up too.
    await eventually(async () => {
      expect(await readModelRaised(planId)).toBe(7_800);
    }, 20_000);

    await sleepUntil(maturity + 1_500);
    const issuerBefore = await balance(issuerId);
    const key = newKey();
    const first = result(await write(investorClient(0), `/v1/josp/plans/${planId}/settlements`, { pageSize: 20 }, key));
    expect(first.plan).toMatchObject({ status: 'SETTLING', processed: 20, rateBps: 100 });
    const retried = result(await write(investorClient(0), `/v1/josp/plans/${planId}/settlements`, { pageSize: 20 }, key));
    expect(retried).toEqual(first);
    const second = result(await write(investorClient(1), `/v1/josp/plans/${planId}/settlements`, { pageSize: 20 }));
    expect(second.plan).toMatchObject({ processed: 40 });
    const last = result(await write(investorClient(2), `/v1/josp/plans/${planId}/settlements`, { pageSize: 20 }));
    expect(last.plan).toMatchObject({ status: 'SETTLED', processed: 52, paidYield: 52, returnedYield: 480 - 52 });
    const again = await investorClient(2).post(`/v1/josp/plans/${planId}/settlements`, { pageSize: 20 });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    const balances = await Promise.all(crowdIds.map((id) => balance(id)));
    expect(balances).toEqual(crowdIds.map(() => 301));
    expect(await balance(issuerId)).toBe(issuerBefore + 480 - 52);
    await expectInvariant();
  }, 600_000);

  it('sells a bank wealth product to qualified consumers only', async () => {
    const bankId = uniqueId('josp-bank');
    const bank = await registerMember(bankAdmin, bankId, 'bank');
    await fund(bankId, 1_000);
    windowEnd = Date.now() + 120_000;
    maturity = windowEnd + 60_000;
    const productId = uniqueId('josp-wealth');
    const product = result(await bank.post('/v1/josp/plans', planTerms(productId, { salesMerchant: merchantIds[0], minRaisePoints: 0 })));
    expect(product).toMatchObject({ kind: 'BANK', issuer: bankId, salesMerchant: merchantIds[0], yieldEscrow: 100 });
    result(await bank.post('/v1/josp/qualifications', { consumer: investorIds[0] }));
    const status = await auditor.get(`/v1/josp/banks/${bankId}/qualifications/${investorIds[1]}`);
    expect(status).toMatchObject({ status: 200, body: { qualified: false } });
    const refused = await investorClient(1).post(`/v1/josp/plans/${productId}/subscriptions`, { points: 500 });
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    result(await investorClient(0).post(`/v1/josp/plans/${productId}/subscriptions`, { points: 500 }));
    result(await bank.post(`/v1/josp/plans/${productId}/cancel`, {}));
    const afterCancel = await investorClient(0).post(`/v1/josp/plans/${productId}/subscriptions`, { points: 100 });
    expect(afterCancel).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    const refund = result(await write(investorClient(2), `/v1/josp/plans/${productId}/refunds`, {}));
    expect(refund.plan).toMatchObject({ status: 'REFUNDED' });
    expect(await balance(bankId)).toBe(1_000);
    const plans = await auditor.get(`/v1/josp/issuers/${bankId}/plans`);
    expect(plans.body.items).toEqual([expect.objectContaining({ planId: productId, status: 'REFUNDED' })]);
    await expectInvariant();
  });

  it('runs a loan from offer to repayment, and another to default after its due date', async () => {
    const bankId = uniqueId('josp-lender');
    const bank = await registerMember(bankAdmin, bankId, 'bank');
    const borrowerId = defined(merchantIds[1], 'the id of merchant 1');
    const borrower = merchantClient(1);
    const start = await balance(borrowerId);
    const repaidId = uniqueId('josp-loan-repaid');
    const offer = { merchantId: borrowerId, principalFen: 10_000_000, rateBps: 450, collateralPoints: 20_000 };

    result(await bank.post('/v1/josp/loans', { ...offer, loanId: repaidId, dueDate: iso(Date.now() + 3_600_000) }));
    expect(await bank.post(`/v1/josp/loans/${repaidId}/disbursement`, {})).toMatchObject({ status: 409 });
    expect(await bank.post(`/v1/josp/loans/${repaidId}/accept`, {})).toMatchObject({ status: 403 });
    expect(result(await borrower.post(`/v1/josp/loans/${repaidId}/accept`, {}))).toMatchObject({
      status: 'ACCEPTED',
      interestFen: 450_000,
    });
    expect(await balance(borrowerId)).toBe(start - 20_000);
    await expectInvariant();
    expect(await borrower.post(`/v1/josp/loans/${repaidId}/disbursement`, {})).toMatchObject({ status: 403 });
    expect(await bank.post(`/v1/josp/loans/${repaidId}/repayment`, {})).toMatchObject({ status: 409 });
    result(await bank.post(`/v1/josp/loans/${repaidId}/disbursement`, {}));
    expect(await bank.post(`/v1/josp/loans/${repaidId}/default`, {})).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect(result(await bank.post(`/v1/josp/loans/${repaidId}/repayment`, {}))).toMatchObject({ status: 'REPAID' });
    expect(await balance(borrowerId)).toBe(start);
    await expectInvariant();

    const defaultedId = uniqueId('josp-loan-default');
    const due = Date.now() + 10_000;
    result(await bank.post('/v1/josp/loans', { ...offer, loanId: defaultedId, dueDate: iso(due) }));
    result(await borrower.post(`/v1/josp/loans/${defaultedId}/accept`, {}));
    result(await bank.post(`/v1/josp/loans/${defaultedId}/disbursement`, {}));
    expect(await bank.post(`/v1/josp/loans/${defaultedId}/default`, {})).toMatchObject({ status: 409 });
    await sleepUntil(due + 1_500);
    expect(result(await bank.post(`/v1/josp/loans/${defaultedId}/default`, {}))).toMatchObject({ status: 'DEFAULTED' });
    expect(await balance(bankId)).toBe(20_000);
    expect(await balance(borrowerId)).toBe(start - 20_000);
    const loans = await borrower.get(`/v1/josp/parties/${borrowerId}/loans`);
    expect(loans.status).toBe(200);
    expect((loans.body.items as Json[]).map((loan) => loan.status).sort()).toEqual(['DEFAULTED', 'REPAID']);
    await expectInvariant();
  });
});
