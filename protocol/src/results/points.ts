/**
 * What each write of the `points` contract answers and emits (docs/points.md, "Transactions").
 *
 * @packageDocumentation
 */
import { POINTS, REGISTERED_ROLES } from '../contracts/points';
import { LEDGER_ERROR_CODES } from '../errors';
import type { WriteName } from '../transactions';
import { described, INSTANT, INTEGER, listOf, mapOf, MONTH, nullable, object, oneOf, oneOfTexts, type ResultSchema, TEXT } from './schema';

const SUPPLY_CHANGE = object({ requestId: TEXT, points: INTEGER, minted: INTEGER, burned: INTEGER, txId: TEXT, time: INSTANT });

const PRODUCT = object({ productId: TEXT, name: TEXT, pricePoints: INTEGER, stock: INTEGER, sold: INTEGER, updatedAt: INSTANT });

/** The parameter document. */
const PARAMS = object({
  version: INTEGER,
  pointValueFen: INTEGER,
  basePointsPerYuan: INTEGER,
  joinBonus: object({ 1: INTEGER, 2: INTEGER, 3: INTEGER }),
  regionTiers: described(mapOf(INTEGER), 'The tier (1, 2 or 3) of each region'),
  activityWindowDays: INTEGER,
  activityTiers: listOf(object({ minCount: INTEGER, minAmountFen: INTEGER, multiplierBps: INTEGER })),
  redemptionCapBps: INTEGER,
  monthlyRewardBrackets: listOf(object({ upToFen: nullable(INTEGER), rateBps: INTEGER })),
  maxBackdateDays: INTEGER,
  maxClockSkewSeconds: INTEGER,
  disputeWindowSeconds: INTEGER,
  updatedAt: INSTANT,
  updatedByTxId: TEXT,
});

const PURCHASE = object({
  orderId: TEXT,
  merchantId: TEXT,
  consumer: TEXT,
  amountFen: INTEGER,
  occurredAt: INSTANT,
  salesMonth: MONTH,
  activityCount: INTEGER,
  activityAmountFen: INTEGER,
  multiplierBps: INTEGER,
  pointsEarned: INTEGER,
  txId: TEXT,
  time: INSTANT,
});

/** One line of a purchase batch, by its status. */
const BATCH_LINE = oneOf(
  object({ index: INTEGER, orderId: TEXT, status: oneOfTexts('RECORDED'), purchase: PURCHASE }),
  described(
    object({ index: INTEGER, orderId: TEXT, status: oneOfTexts('DUPLICATE'), txId: TEXT }),
    'txId: the transaction that recorded it',
  ),
  object({ index: INTEGER, orderId: TEXT, status: oneOfTexts('REJECTED'), code: oneOfTexts(...LEDGER_ERROR_CODES), message: TEXT }),
);

/** The result of every write of `points`, by transaction. */
export const POINTS_RESULTS = {
  OpenAccount: object({
    account: TEXT,
    msp: TEXT,
    role: oneOfTexts(...REGISTERED_ROLES),
    openedBy: described(TEXT, 'The Fabric identity (x509 subject and issuer) that opened it'),
    openedAt: INSTANT,
    txId: TEXT,
  }),
  UpdateParams: PARAMS,
  Mint: SUPPLY_CHANGE,
  Burn: SUPPLY_CHANGE,
  RegisterMerchant: object({
    merchantId: TEXT,
    name: TEXT,
    region: TEXT,
    tier: INTEGER,
    joinBonus: INTEGER,
    registeredAt: INSTANT,
    txId: TEXT,
  }),
  RecordPurchase: PURCHASE,
  RecordPurchases: object({
    batchId: TEXT,
    merchantId: TEXT,
    txId: TEXT,
    time: INSTANT,
    recorded: INTEGER,
    duplicates: INTEGER,
    rejected: INTEGER,
    lines: described(listOf(BATCH_LINE), 'One line per request line, in its order'),
  }),
  RedeemPoints: object({
    requestId: TEXT,
    merchantId: TEXT,
    orderId: TEXT,
    consumer: TEXT,
    amountFen: INTEGER,
    points: INTEGER,
    valueFen: INTEGER,
    txId: TEXT,
    time: INSTANT,
  }),
  Transfer: object({ requestId: TEXT, from: TEXT, to: TEXT, points: INTEGER, txId: TEXT, time: INSTANT }),
  RebalanceLanes: object({ requestId: TEXT, account: TEXT, balance: INTEGER, txId: TEXT, time: INSTANT }),
  ListProduct: PRODUCT,
  RestockProduct: PRODUCT,
  BuyProduct: object({
    requestId: TEXT,
    productId: TEXT,
    consumer: TEXT,
    quantity: INTEGER,
    points: INTEGER,
    stockLeft: INTEGER,
    txId: TEXT,
    time: INSTANT,
  }),
  PayMonthlyReward: object({
    requestId: TEXT,
    merchantId: TEXT,
    month: MONTH,
    salesFen: INTEGER,
    rewardFen: INTEGER,
    points: INTEGER,
    brackets: listOf(object({ fromFen: INTEGER, toFen: nullable(INTEGER), rateBps: INTEGER, salesFen: INTEGER, rewardFen: INTEGER })),
    txId: TEXT,
    time: INSTANT,
  }),
} satisfies Record<WriteName<typeof POINTS>, ResultSchema>;
