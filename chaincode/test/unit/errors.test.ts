import { LEDGER_ERROR_CODES, parseLedgerError } from '@loulan/protocol';

import {
  AccountHeldError,
  AccountNotOpenError,
  AlreadyExistsError,
  AlreadyRewardedError,
  AlreadySettledError,
  BelowMinimumSpendError,
  CapExceededError,
  ConflictError,
  CouponExpiredError,
  CouponNotAcceptedError,
  DuplicateRequestError,
  ForbiddenError,
  InsufficientCouponsError,
  InsufficientPointsError,
  InvalidArgumentError,
  LedgerError,
  NotFoundError,
  RangeTooLargeError,
  RedemptionCapExceededError,
  RequestCommittedError,
  SoldOutError,
  TimeSkewError,
} from '../../src/ledger/errors';

describe('LedgerError wire format', () => {
  it('puts code, message and details in the error message as compact JSON, in that order', () => {
    const error = new NotFoundError('marker m1 not found', { markerId: 'm1' });
    expect(error.message).toBe('{"code":"NOT_FOUND","message":"marker m1 not found","details":{"markerId":"m1"}}');
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('NotFoundError');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.reason).toBe('marker m1 not found');
  });

  it('omits details when there are none', () => {
    expect(new ForbiddenError('no').message).toBe('{"code":"FORBIDDEN","message":"no"}');
  });

  const everyCode: ReadonlyArray<readonly [LedgerError, string]> = [
    [new InvalidArgumentError('a', { field: 'x' }), 'INVALID_ARGUMENT'],
    [new NotFoundError('b'), 'NOT_FOUND'],
    [new ForbiddenError('c', { msp: 'Org2MSP' }), 'FORBIDDEN'],
    [new ConflictError('d', { expected: 1, actual: 2 }), 'CONFLICT'],
    [new DuplicateRequestError('e', { retry: false, previous: null }), 'DUPLICATE_REQUEST'],
    [new AlreadyExistsError('f', { merchantId: 'm1' }), 'ALREADY_EXISTS'],
    [new InsufficientPointsError('g', { needed: 2, available: 1 }), 'INSUFFICIENT_POINTS'],
    [new SoldOutError('h'), 'SOLD_OUT'],
    [new AlreadyRewardedError('i', { month: '202501' }), 'ALREADY_REWARDED'],
    [new RedemptionCapExceededError('j', { capFen: 5 }), 'REDEMPTION_CAP_EXCEEDED'],
    [new CapExceededError('k', { capPoints: 2000 }), 'CAP_EXCEEDED'],
    [new InsufficientCouponsError('l', { needed: 2, available: 1 }), 'INSUFFICIENT_COUPONS'],
    [new CouponExpiredError('m', { classId: 'c1' }), 'COUPON_EXPIRED'],
    [new CouponNotAcceptedError('n', { merchantId: 'm1' }), 'COUPON_NOT_ACCEPTED'],
    [new BelowMinimumSpendError('o', { minSpendFen: 5 }), 'BELOW_MINIMUM_SPEND'],
    [new AlreadySettledError('p', { shelfId: 's1', day: '2025-03-10' }), 'ALREADY_SETTLED'],
    [new AccountNotOpenError('q', { account: 'c9' }), 'ACCOUNT_NOT_OPEN'],
    [new AccountHeldError('r', { account: 'm1' }), 'ACCOUNT_HELD'],
    [new TimeSkewError('s', { maxSkewSeconds: 300 }), 'TIME_SKEW'],
    [new RangeTooLargeError('t', { expected: 6, returned: 5 }), 'RANGE_TOO_LARGE'],
    [new RequestCommittedError('u', { requestId: 'r1', txId: 'tx1' }), 'REQUEST_COMMITTED'],
  ];

  it.each(everyCode)('round-trips %s through parseLedgerError', (error, code) => {
    expect(error.code).toBe(code);
    expect(parseLedgerError(error.message)).toEqual(error.toPayload());
  });

  it('has an error class for every code of the protocol', () => {
    expect(everyCode.map(([, code]) => code).sort()).toEqual([...LEDGER_ERROR_CODES].sort());
  });
});
