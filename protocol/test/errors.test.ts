import { encodeLedgerError, isLedgerErrorCode, LEDGER_ERROR_CODE_PATTERN, LEDGER_ERROR_CODES, parseLedgerError } from '../src/errors';

describe('ledger error codes', () => {
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

  it.each(LEDGER_ERROR_CODES)('%s follows the code grammar a tolerant reader accepts', (code) => {
    expect(code).toMatch(LEDGER_ERROR_CODE_PATTERN);
  });

  it('tells known codes from anything else', () => {
    expect(isLedgerErrorCode('NOT_FOUND')).toBe(true);
    expect(isLedgerErrorCode('TEAPOT')).toBe(false);
    expect(isLedgerErrorCode('not_found')).toBe(false);
    expect(isLedgerErrorCode(404)).toBe(false);
  });
});

describe('encodeLedgerError', () => {
  it('writes compact JSON with the keys in the order code, message, details', () => {
    const details = { markerId: 'm1' };
    expect(encodeLedgerError({ details, message: 'marker m1 not found', code: 'NOT_FOUND' } as const)).toBe(
      '{"code":"NOT_FOUND","message":"marker m1 not found","details":{"markerId":"m1"}}',
    );
  });

  it('omits details when there are none', () => {
    expect(encodeLedgerError({ code: 'FORBIDDEN', message: 'no' })).toBe('{"code":"FORBIDDEN","message":"no"}');
  });
});

describe('parseLedgerError (strict)', () => {
  const wire = encodeLedgerError({ code: 'CONFLICT', message: 'brace } and "quote" inside', details: { n: 1 } });

  it('finds the payload inside the peer and gateway wrappers', () => {
    const expected = { code: 'CONFLICT', message: 'brace } and "quote" inside', details: { n: 1 } };
    expect(parseLedgerError(`chaincode response 500, ${wire}`)).toEqual(expected);
    expect(parseLedgerError(`10 ABORTED: failed to endorse: chaincode response 500, ${wire} (trailing)`)).toEqual(expected);
  });

  it('skips look-alike JSON before the real payload', () => {
    expect(parseLedgerError(`{"code":"NOPE","message":"x"} then ${wire}`)?.code).toBe('CONFLICT');
    expect(parseLedgerError(`details {"peer":"p0"} then ${wire}`)?.code).toBe('CONFLICT');
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

describe('parseLedgerError (tolerant)', () => {
  const tolerant = { tolerant: true } as const;

  it.each([
    ['bare JSON', '{"code":"NOT_FOUND","message":"member m-1 not found"}', 'NOT_FOUND', 'member m-1 not found'],
    [
      'endorse error detail',
      'chaincode response 500, {"code":"INSUFFICIENT_POINTS","message":"balance 3 is below 5"}',
      'INSUFFICIENT_POINTS',
      'balance 3 is below 5',
    ],
    [
      'evaluate error message',
      '2 UNKNOWN: evaluate call to endorser returned error: ' + 'chaincode response 500, {"code":"NOT_FOUND","message":"no coupon c-9"}',
      'NOT_FOUND',
      'no coupon c-9',
    ],
    [
      'braces and quotes inside the message, keys in another order, details not an object, text after the object',
      'chaincode response 500, ' + '{"message":"bad \\"{id}\\" value } here","code":"INVALID_ARGUMENT","details":[1]} (tx abc)',
      'INVALID_ARGUMENT',
      'bad "{id}" value } here',
    ],
    [
      'a non-matching object before the real one',
      'details {"peer":"p0"} then {"code":"CONFLICT","message":"already redeemed"}',
      'CONFLICT',
      'already redeemed',
    ],
    [
      'a code newer than this package',
      'chaincode response 500, {"code":"TEAPOT","message":"short and stout"}',
      'TEAPOT',
      'short and stout',
    ],
  ])('recognises %s', (_case, message, code, text) => {
    expect(parseLedgerError(message, tolerant)).toEqual({ code, message: text });
  });

  it('keeps the details object, nested values included', () => {
    const message =
      'chaincode response 500, {"code":"NOT_FOUND","message":"marker m1 not found","details":{"markerId":"m1","at":{"block":3}}}';

    expect(parseLedgerError(message, tolerant)).toEqual({
      code: 'NOT_FOUND',
      message: 'marker m1 not found',
      details: { markerId: 'm1', at: { block: 3 } },
    });
    // The strict reading of the same text refuses it: this version never writes nested details.
    expect(parseLedgerError(message)).toBeUndefined();
  });

  it.each([
    ['plain text', 'chaincode response 500, member not found'],
    ['no code', '{"message":"oops"}'],
    ['no message', '{"code":"NOT_FOUND"}'],
    ['lower-case code', '{"code":"not_found","message":"x"}'],
    ['numeric code', '{"code":404,"message":"x"}'],
    ['truncated JSON', 'chaincode response 500, {"code":"NOT_FOUND","message":"x'],
    ['empty text', ''],
  ])('ignores %s', (_case, message) => {
    expect(parseLedgerError(message, tolerant)).toBeUndefined();
  });
});
