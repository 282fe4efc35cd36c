import { MAX_AMOUNT, MAX_PAGE_SIZE } from '../http/dto-rules';
import type { OpenApiObject } from '../http/openapi-parts';
import { bodySchema as body, ID_SCHEMA as ID, IDEMPOTENCY_PARAMETER, PAGE_PARAMETERS } from '../http/openapi-parts';
import { DEFAULT_PAYOUT_PAGE_SIZE } from './dtos';
import { JOSP_BASE_PATH, LOAN_STEP_PATHS } from './routes';

const AMOUNT = { type: 'integer', minimum: 1, maximum: MAX_AMOUNT };
const COUNT = { type: 'integer', minimum: 0, maximum: MAX_AMOUNT };
const BPS = { type: 'integer', minimum: 0, maximum: 10_000 };
const INSTANT = { type: 'string', format: 'date-time' };

/** Request body schemas, mirroring the DTOs of ./dtos.ts. */
export const JOSP_SCHEMAS: OpenApiObject = {
  JospOpenPlan: body(
    {
      planId: ID,
      salesMerchant: { ...ID, description: "whose sales set the rate: a bank names a merchant; a merchant's plan uses its own" },
      capPoints: AMOUNT,
      minRaisePoints: COUNT,
      minSubscription: AMOUNT,
      maxSubscription: AMOUNT,
      windowStart: INSTANT,
      windowEnd: { ...INSTANT, description: 'end of the subscription window and start of the term' },
      maturity: INSTANT,
      yieldSchedule: {
        type: 'array',
        minItems: 1,
        maxItems: 16,
        description: 'rate by term sales; default <50,000 yuan 100 bps, <200,000 yuan 300 bps, else 500 bps',
        items: body({ minSalesFen: COUNT, rateBps: BPS }),
      },
    },
    ['planId', 'capPoints', 'minRaisePoints', 'minSubscription', 'maxSubscription', 'windowStart', 'windowEnd', 'maturity'],
  ),
  JospSubscribe: body({ points: AMOUNT }),
  JospPayoutPage: body({ pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAYOUT_PAGE_SIZE } }, []),
  JospQualifyInvestor: body({ consumer: ID }),
  JospOfferLoan: body({ loanId: ID, merchantId: ID, principalFen: AMOUNT, rateBps: BPS, dueDate: INSTANT, collateralPoints: AMOUNT }),
};

interface Operation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly transaction: string;
  readonly summary: string;
  readonly body?: string;
  readonly query?: boolean;
}

const LOAN_STEP_SUMMARIES: Readonly<Record<string, string>> = {
  AcceptLoan: "Accept an offer, locking the collateral (the loan's merchant)",
  RecordDisbursement: "Record the fiat disbursement (the loan's bank)",
  RecordRepayment: "Record the repayment; the collateral returns to the merchant (the loan's bank)",
  DeclareDefault: "After the due date, move the collateral to the bank (the loan's bank)",
};

const OPERATIONS: readonly Operation[] = [
  { method: 'post', path: '/plans', transaction: 'OpenPlan', summary: 'Open a plan, escrowing its maximum yield (merchant, bank)', body: 'JospOpenPlan' },
  { method: 'get', path: '/plans/{planId}', transaction: 'GetPlan', summary: 'A plan with its totals' },
  { method: 'post', path: '/plans/{planId}/cancel', transaction: 'CancelPlan', summary: 'Cancel a plan during its window (issuer)' },
  { method: 'post', path: '/plans/{planId}/subscriptions', transaction: 'Subscribe', summary: 'Subscribe points (consumer)', body: 'JospSubscribe' },
  { method: 'post', path: '/plans/{planId}/refunds', transaction: 'RefundPlan', summary: 'Refund the next page of investors (anyone)', body: 'JospPayoutPage' },
  { method: 'post', path: '/plans/{planId}/settlements', transaction: 'SettlePlan', summary: 'Settle the next page of investors (anyone)', body: 'JospPayoutPage' },
  { method: 'get', path: '/issuers/{issuer}/plans', transaction: 'ListPlans', summary: "An issuer's plans, one page", query: true },
  { method: 'get', path: '/investors/{investor}/positions', transaction: 'ListPositions', summary: "An investor's positions, one page", query: true },
  { method: 'post', path: '/qualifications', transaction: 'QualifyInvestor', summary: 'Mark a consumer qualified (bank)', body: 'JospQualifyInvestor' },
  { method: 'get', path: '/banks/{bank}/qualifications/{consumer}', transaction: 'GetQualification', summary: 'Whether a bank qualified a consumer' },
  { method: 'post', path: '/loans', transaction: 'OfferLoan', summary: 'Offer a points-collateral loan (bank)', body: 'JospOfferLoan' },
  { method: 'get', path: '/loans/{loanId}', transaction: 'GetLoan', summary: 'A loan (its parties, admin, auditor)' },
  ...Object.entries(LOAN_STEP_PATHS).map(([segment, step]): Operation => ({
    method: 'post',
    path: `/loans/{loanId}/${segment}`,
    transaction: step,
    summary: LOAN_STEP_SUMMARIES[step] ?? step,
  })),
  { method: 'get', path: '/parties/{party}/loans', transaction: 'ListLoans', summary: "A bank's or merchant's loans, one page", query: true },
];

/** The `paths` of the JOSP API, keyed by full path. */
export function jospOpenApiPaths(): Record<string, Record<string, OpenApiObject>> {
  const paths: Record<string, Record<string, OpenApiObject>> = {};
  for (const operation of OPERATIONS) {
    const path = `${JOSP_BASE_PATH}${operation.path}`;
    const pathParameters = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({ name, in: 'path', required: true, schema: ID }));
    const write = operation.method === 'post';
    paths[path] = {
      ...paths[path],
      [operation.method]: {
        operationId: `josp:${operation.transaction}`,
        summary: operation.summary,
        description: `Chaincode transaction \`josp:${operation.transaction}\`.`,
        tags: ['josp'],
        security: [{ apiKey: [] }],
        parameters: [...pathParameters, ...(operation.query === true ? PAGE_PARAMETERS : []), ...(write ? [IDEMPOTENCY_PARAMETER] : [])],
        ...(operation.body === undefined
          ? {}
          : {
              requestBody: {
                required: operation.body !== 'JospPayoutPage',
                content: { 'application/json': { schema: { $ref: `#/components/schemas/${operation.body}` } } },
              },
            }),
        responses: {
          '200': write
            ? { description: 'Committed', content: { 'application/json': { schema: { $ref: '#/components/schemas/WriteResult' } } } }
            : { description: 'The chaincode result', content: { 'application/json': { schema: { type: 'object' } } } },
          default: { $ref: '#/components/responses/Error' },
        },
      },
    };
  }
  return paths;
}
