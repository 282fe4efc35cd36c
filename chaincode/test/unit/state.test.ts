import { LedgerError } from '../../src/ledger/errors';
import { getJson, isJsonObject, type JsonValue, putJson, stableStringify } from '../../src/ledger/state';
import { FakeLedger } from '../support/fake-ledger';

function parseCounter(value: unknown): { n: number } {
  if (!isJsonObject(value) || typeof value.n !== 'number') {
    throw new Error('not a counter');
  }
  return { n: value.n };
}

describe('stableStringify', () => {
  it('sorts keys at every depth and adds no whitespace', () => {
    expect(stableStringify({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}',
    );
  });

  it('gives the same text whatever the insertion order', () => {
    expect(stableStringify({ x: 1, y: 2 })).toBe(stableStringify({ y: 2, x: 1 }));
  });

  it.each([NaN, Infinity, -Infinity])('rejects %s', (value) => {
    expect(() => stableStringify({ value })).toThrow('non-finite');
  });

  it('rejects values JSON cannot hold', () => {
    expect(() => stableStringify({ a: undefined } as unknown as JsonValue)).toThrow('undefined');
  });
});

describe('getJson / putJson', () => {
  it('writes canonical bytes and reads them back through the parser', async () => {
    const ledger = new FakeLedger();
    const writer = ledger.stub();
    await putJson(writer, 'k', { n: 1, a: 'x' });
    ledger.commit(writer);
    expect(ledger.read('k')?.toString('utf8')).toBe('{"a":"x","n":1}');
    expect(await getJson(ledger.stub(), 'k', parseCounter)).toEqual({ n: 1 });
  });

  it('reads a missing key as undefined', async () => {
    expect(await getJson(new FakeLedger().stub(), 'missing', parseCounter)).toBeUndefined();
  });

  it.each([
    ['not JSON', '{oops'],
    ['wrong shape', '{"n":"1"}'],
  ])('fails on a stored value that is %s, as a defect rather than a client error', async (_label, stored) => {
    const ledger = new FakeLedger();
    const writer = ledger.stub();
    await writer.putState('\u0000marker\u0000m1\u0000', Buffer.from(stored));
    ledger.commit(writer);
    const read = getJson(ledger.stub(), '\u0000marker\u0000m1\u0000', parseCounter);
    await expect(read).rejects.toThrow('stored value at marker~m1 is unreadable');
    await expect(read).rejects.not.toBeInstanceOf(LedgerError);
  });
});
