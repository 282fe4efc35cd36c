/**
 * The loyalty points ledger (docs/rules.md#points, docs/points.md).
 *
 * @packageDocumentation
 */
import type { AccountRole } from '../roles';
import { ACCOUNT_ROLES, defineProtocol, read, write } from '../transactions';

/**
 * Purchases one `RecordPurchases` batch may carry. A line costs about 4.7 KB of transaction
 * envelope (its endorsed reads and writes, its result in the response, the event and its request
 * record); the ordering service of the pinned Fabric build refuses envelopes over 500 KiB (its
 * SmartBFT request limit is fixed in that build), so 80 lines, with long ids, stay well below it.
 */
export const MAX_PURCHASE_BATCH_LINES = 80;

/** Members who open their own account: every account holder but the treasury's admin. */
export const REGISTERED_ROLES: readonly AccountRole[] = ACCOUNT_ROLES.filter((role) => role !== 'admin');

/** The `points` contract's transactions, callable as `points:<Name>`; routes are relative to `/v1/points`. */
export const POINTS = defineProtocol('points', '/v1/points', {
  OpenAccount: write(
    REGISTERED_ROLES,
    [],
    "Open the account the caller's certificate names, owned by its MSP and role (the gateway, at enrolment)",
  ),
  GetAccount: read(['account'], 'The register entry of an account'),
  GetParams: read([], 'Current parameters', 'GET /params'),
  UpdateParams: write(['admin'], ['requestId', 'paramsJson'], 'Replace the parameters (admin)', 'PUT /params'),
  Mint: write(['admin'], ['requestId', 'points'], 'Mint points into the treasury (admin)', 'POST /mint'),
  Burn: write(['admin'], ['requestId', 'points'], 'Burn treasury points (admin)', 'POST /burn'),
  RegisterMerchant: write(['admin'], ['requestId', 'merchantId', 'name', 'region'], 'Register a merchant (admin)', 'POST /merchants'),
  GetMerchant: read(['merchantId'], 'A merchant', 'GET /merchants/{merchantId}'),
  RecordPurchase: write(
    ['merchant'],
    ['orderId', 'consumer', 'amountFen', 'occurredAt', 'lane'],
    'Record a purchase (merchant); the order id is the business id',
    'POST /purchases',
  ),
  RecordPurchases: write(
    ['merchant'],
    ['batchId', 'linesJson', 'lane'],
    'Record a batch of up to 80 purchases (merchant); the Idempotency-Key is the batch id, each order id is recorded once',
    'POST /purchase-batches',
  ),
  RedeemPoints: write(
    ['consumer'],
    ['requestId', 'merchantId', 'orderId', 'points', 'lane'],
    'Pay towards an order with points (consumer)',
    'POST /redemptions',
  ),
  Transfer: write(ACCOUNT_ROLES, ['requestId', 'toAccount', 'points'], 'Transfer points', 'POST /transfers'),
  RebalanceLanes: write(ACCOUNT_ROLES, ['requestId'], "Spread the caller's balance over its lanes", 'POST /rebalance'),
  ListProduct: write(
    ['admin'],
    ['requestId', 'productId', 'name', 'pricePoints', 'stock'],
    'List a points-only product (admin)',
    'POST /products',
  ),
  RestockProduct: write(
    ['admin'],
    ['requestId', 'productId', 'quantity'],
    'Restock a product (admin)',
    'POST /products/{productId}/restock',
  ),
  BuyProduct: write(
    ['consumer'],
    ['requestId', 'productId', 'quantity'],
    'Buy a product with points (consumer)',
    'POST /products/{productId}/purchases',
  ),
  GetProduct: read(['productId'], 'A product', 'GET /products/{productId}'),
  ListProducts: read(['pageSize', 'bookmark'], 'Products, one page', 'GET /products'),
  PayMonthlyReward: write(
    ['admin'],
    ['requestId', 'merchantId', 'month'],
    "Pay a merchant's monthly reward (admin)",
    'POST /monthly-rewards',
  ),
  GetMonthlySales: read(['merchantId', 'month'], "A merchant's sales of a month", 'GET /merchants/{merchantId}/sales/{month}'),
  GetBalance: read(['account'], 'Balance of an account', 'GET /accounts/{account}/balance'),
  GetStatement: read(['account', 'pageSize', 'bookmark'], 'Movements of an account, one page', 'GET /accounts/{account}/statement'),
  GetRequest: read(['requestId'], "The caller's own record of a request it executed: its transaction and result"),
  CheckInvariant: read([], 'Supply invariant', 'GET /invariant'),
});
