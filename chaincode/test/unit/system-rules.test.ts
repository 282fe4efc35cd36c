import { DuplicateRequestError, InvalidArgumentError } from '../../src/ledger/errors';
import {
  decidePutMarker,
  MARKER_VALUE_MAX_LENGTH,
  type MarkerRecord,
  parseMarkerRecord,
  validateMarkerInput,
} from '../../src/system/rules';

const tx = { txId: 'tx1', txTime: '2025-01-01T00:00:00.000Z', creatorMsp: 'Org1MSP' };
const stored: MarkerRecord = { markerId: 'm1', value: 'v', ...tx };

describe('validateMarkerInput', () => {
  it('accepts an allowed id and value', () => {
    expect(validateMarkerInput('m1', 'hello, 世界')).toEqual({ markerId: 'm1', value: 'hello, 世界' });
    expect(validateMarkerInput('m1', 'x'.repeat(MARKER_VALUE_MAX_LENGTH)).value).toHaveLength(MARKER_VALUE_MAX_LENGTH);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(MARKER_VALUE_MAX_LENGTH + 1)],
    ['a control character', 'a\u0000b'],
    ['a C1 control character', 'a\u0085b'],
    ['a lone surrogate', 'a\ud800b'],
    ['not a string', 5],
  ])('rejects a value that is %s', (_label, value) => {
    expect(() => validateMarkerInput('m1', value)).toThrow(InvalidArgumentError);
  });

  it('rejects a bad id before looking at the value', () => {
    expect(() => validateMarkerInput('', 'v')).toThrow(/markerId/);
  });
});

describe('decidePutMarker', () => {
  it('creates a record carrying the transaction facts', () => {
    expect(decidePutMarker(undefined, { markerId: 'm1', value: 'v' }, tx)).toEqual({ kind: 'create', record: stored });
  });

  it('replays the stored record, not a new one, for the same value', () => {
    const later = { txId: 'tx2', txTime: '2025-01-02T00:00:00.000Z', creatorMsp: 'Org2MSP' };
    expect(decidePutMarker(stored, { markerId: 'm1', value: 'v' }, later)).toEqual({ kind: 'replay', record: stored });
  });

  it('refuses a different value for the same id', () => {
    expect(() => decidePutMarker(stored, { markerId: 'm1', value: 'other' }, tx)).toThrow(DuplicateRequestError);
  });
});

describe('parseMarkerRecord', () => {
  it('keeps exactly the record fields', () => {
    expect(parseMarkerRecord({ ...stored, extra: 1 })).toEqual(stored);
  });

  it.each([null, [], 'x', { ...stored, txId: 1 }, { markerId: 'm1' }])('rejects %p', (value) => {
    expect(() => parseMarkerRecord(value)).toThrow();
  });
});
