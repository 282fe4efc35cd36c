/**
 * What each write of the `coupons` contract answers and emits (docs/coupons.md).
 *
 * @packageDocumentation
 */
import { COUPONS } from '../contracts/coupons';
import type { WriteName } from '../transactions';
import { DAY, described, FLAG, INSTANT, INTEGER, listOf, nullable, object, oneOf, oneOfTexts, type ResultSchema, TEXT } from './schema';

const IDS = listOf(TEXT);

/** Which merchants accept a class besides its issuer. */
const ACCEPTANCE = oneOf(
  object({ kind: oneOfTexts('issuer') }),
  object({ kind: oneOfTexts('merchants'), merchants: IDS }),
  object({ kind: oneOfTexts('alliance'), allianceId: TEXT }),
);

const COUPON_CLASS = object({
  classId: TEXT,
  issuer: TEXT,
  name: TEXT,
  faceValueFen: INTEGER,
  supply: described(INTEGER, 'Coupons that may ever exist: issued by IssueMore, lowered by RevokeUnissued'),
  allocated: described(INTEGER, 'Coupons taken out of the unissued pool: sent to holders or reserved by claims'),
  revoked: INTEGER,
  validFrom: INSTANT,
  validUntil: INSTANT,
  minSpendFen: INTEGER,
  acceptance: ACCEPTANCE,
  rebateBps: INTEGER,
  transferable: FLAG,
  resellable: FLAG,
  createdAt: INSTANT,
  txId: TEXT,
});

/** Coupons moved from one account to another. */
const COUPON_MOVE = { requestId: TEXT, classId: TEXT, from: TEXT, to: TEXT, quantity: INTEGER, txId: TEXT, time: INSTANT };

const CLAIM = object({
  claimId: TEXT,
  classId: TEXT,
  issuer: TEXT,
  perPerson: INTEGER,
  total: INTEGER,
  claimed: INTEGER,
  open: FLAG,
  openedAt: INSTANT,
});

const PRESENTATION = object({
  merchantId: TEXT,
  orderId: TEXT,
  classId: TEXT,
  holder: TEXT,
  status: oneOfTexts('PRESENTED', 'REDEEMED', 'WITHDRAWN'),
  presentedAt: INSTANT,
  txId: TEXT,
});

const ALLIANCE = object({ allianceId: TEXT, name: TEXT, founder: TEXT, members: IDS, invited: IDS, createdAt: INSTANT });

const OFFER_STATUS = oneOfTexts('OPEN', 'FILLED', 'CANCELLED');

const LISTING = object({
  listingId: TEXT,
  seller: TEXT,
  classId: TEXT,
  quantity: INTEGER,
  remaining: INTEGER,
  pricePoints: INTEGER,
  status: OFFER_STATUS,
  createdAt: INSTANT,
  updatedAt: INSTANT,
});

const ORDER = object({
  orderId: TEXT,
  owner: TEXT,
  giveClassId: TEXT,
  giveQuantity: INTEGER,
  wantClassId: TEXT,
  wantQuantity: INTEGER,
  status: OFFER_STATUS,
  createdAt: INSTANT,
  updatedAt: INSTANT,
  matchTxId: described(nullable(TEXT), 'The match that filled it; null while open or when cancelled'),
});

/** Program points moved from one account to another. */
const PROGRAM_MOVE = { requestId: TEXT, programId: TEXT, from: TEXT, to: TEXT, points: INTEGER, txId: TEXT, time: INSTANT };

/** The result of every write of `coupons`, by transaction. */
export const COUPONS_RESULTS = {
  CreateClass: COUPON_CLASS,
  IssueMore: COUPON_CLASS,
  RevokeUnissued: COUPON_CLASS,
  SendCoupons: object({ ...COUPON_MOVE, unissued: described(INTEGER, 'Coupons of the class left to allocate') }),
  TransferCoupons: object(COUPON_MOVE),
  OpenClaim: CLAIM,
  ClaimCoupons: object({
    requestId: TEXT,
    claimId: TEXT,
    classId: TEXT,
    holder: TEXT,
    quantity: INTEGER,
    claimedByHolder: INTEGER,
    remaining: INTEGER,
    txId: TEXT,
    time: INSTANT,
  }),
  CloseClaim: CLAIM,
  PresentCoupon: PRESENTATION,
  WithdrawPresentation: PRESENTATION,
  RedeemCoupon: object({
    requestId: TEXT,
    merchantId: TEXT,
    orderId: TEXT,
    classId: TEXT,
    issuer: TEXT,
    holder: TEXT,
    amountFen: INTEGER,
    faceValueFen: INTEGER,
    payFen: INTEGER,
    occurredAt: INSTANT,
    rebateFen: INTEGER,
    payableDay: described(nullable(DAY), 'Clearing day of the rebate payable; null when the merchant is the issuer'),
    txId: TEXT,
    time: INSTANT,
  }),
  CreateAlliance: ALLIANCE,
  InviteMerchant: ALLIANCE,
  JoinAlliance: ALLIANCE,
  ClearDay: object({
    requestId: TEXT,
    day: DAY,
    merchantA: TEXT,
    merchantB: TEXT,
    payables: INTEGER,
    aOwesBFen: INTEGER,
    bOwesAFen: INTEGER,
    netFen: INTEGER,
    netFrom: described(nullable(TEXT), 'null when the pair owes each other nothing net'),
    netTo: nullable(TEXT),
    txId: TEXT,
    time: INSTANT,
  }),
  ListCoupons: LISTING,
  BuyListing: object({
    requestId: TEXT,
    listingId: TEXT,
    classId: TEXT,
    seller: TEXT,
    buyer: TEXT,
    quantity: INTEGER,
    points: INTEGER,
    remaining: INTEGER,
    txId: TEXT,
    time: INSTANT,
  }),
  CancelListing: LISTING,
  PlaceOrder: ORDER,
  CancelOrder: ORDER,
  ExecuteMatch: object({
    requestId: TEXT,
    orderIds: IDS,
    legs: listOf(object({ orderId: TEXT, owner: TEXT, classId: TEXT, delivered: INTEGER, surplus: INTEGER, to: TEXT })),
    valueDifferenceFen: INTEGER,
    txId: TEXT,
    time: INSTANT,
  }),
  CreateProgram: object({
    programId: TEXT,
    name: TEXT,
    owner: TEXT,
    allianceId: described(nullable(TEXT), 'The alliance whose members may issue its points; null when only the owner may'),
    pointValueFen: INTEGER,
    issued: INTEGER,
    createdAt: INSTANT,
    txId: TEXT,
  }),
  IssueProgramPoints: object({ ...PROGRAM_MOVE, issued: INTEGER }),
  TransferProgramPoints: object(PROGRAM_MOVE),
} satisfies Record<WriteName<typeof COUPONS>, ResultSchema>;
