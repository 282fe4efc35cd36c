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
  LEDGER_ERROR_CODES,
  LedgerError,
  NotFoundError,
  RangeTooLargeError,
  RedemptionCapExceededError,
  RequestCommittedError,
  SoldOutError,
  TimeSkewError,
  encodeLedgerError,
  parseLedgerError,
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

  it.each([
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
  ])('round-trips %s through parseLedgerError', (error, code) => {
    expect(error.code).toBe(code);
    expect(parseLedgerError(error.message)).toEqual(error.toPayload());
  });

  it('covers exactly the agreed codes', () => {
    expect([...LEDGER_ERROR_CODES].sort()).toEqual([
      'ACCOUNT_HELD',
      'ACCOUNT_NOT_OPEN',
      'ALREADY_EXISTS',
      'ALREADY_REWARDED',
      'ALREADY_SETTLED',
      'BELOW_MINIMUM_SPEND',
      'CAP_EXCEEDED',
      'CONFLICT',
      'COUPON_EXPIRED',
      'COUPON_NOT_ACCEPTED',
      'DUPLICATE_REQUEST',
      'FORBIDDEN',
      'INSUFFICIENT_COUPONS',
      'INSUFFICIENT_POINTS',
      'INVALID_ARGUMENT',
      'NOT_FOUND',
      'RANGE_TOO_LARGE',
      'REDEMPTION_CAP_EXCEEDED',
      'REQUEST_COMMITTED',
      'SOLD_OUT',
      'TIME_SKEW',
    ]);
  });
});

describe('parseLedgerError', () => {
  const wire = encodeLedgerError({ code: 'CONFLICT', message: 'brace } and "quote" inside', details: { n: 1 } });

  it('finds the payload inside the peer and gateway wrappers', () => {
    const expected = { code: 'CONFLICT', message: 'brace } and "quote" inside', details: { n: 1 } };
    expect(parseLedgerError(`chaincode response 500, ${wire}`)).toEqual(expected);
    expect(parseLedgerError(`10 ABORTED: failed to endorse: chaincode response 500, ${wire} (trailing)`)).toEqual(expected);
  });

  it('skips look-alike JSON before the real payload', () => {
    expect(parseLedgerError(`{"code":"NOPE","message":"x"} then ${wire}`)?.code).toBe('CONFLICT');
  });

  it.each([
    ['plain text', 'Expected 2 parameters, but 1 have been supplied'],
    ['unknown code', '{"code":"TEAPOT","message":"x"}'],
    ['message not a string', '{"code":"NOT_FOUND","message":7}'],
    ['nested details', '{"code":"NOT_FOUND","message":"x","details":{"a":{"b":1}}}'],
    ['details not an object', '{"code":"NOT_FOUND","message":"x","details":[1]}'],
    ['truncated', '{"code":"NOT_FOUND","message":"x"'],
    ['not JSON inside', '{"code": NOT_FOUND}'],
    ['empty', ''],
  ])('returns undefined for %s', (_label, message) => {
    expect(parseLedgerError(message)).toBeUndefined();
  });
});
