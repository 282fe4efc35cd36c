import { partialKey } from '../../src/ledger/keys';
import { readAll } from '../../src/ledger/paging';
import { scanCounted } from '../../src/ledger/scan';
import { FakeLedger } from '../support/fake-ledger';

async function collect(iterable: AsyncIterable<{ key: string }>): Promise<string[]> {
  const keys: string[] = [];
  for await (const kv of iterable) {
    keys.push(kv.key);
  }
  return keys;
}

describe('FakeLedger', () => {
  async function seeded(keys: string[]): Promise<FakeLedger> {
    const ledger = new FakeLedger();
    const stub = ledger.stub();
    for (const key of keys) {
      await stub.putState(key, Buffer.from('1'));
    }
    ledger.commit(stub);
    return ledger;
  }

  it('hides a transaction its own writes, as Fabric does', async () => {
    const ledger = new FakeLedger();
    const stub = ledger.stub();
    await stub.putState('k', Buffer.from('v'));
    expect((await stub.getState('k')).length).toBe(0);
    ledger.commit(stub);
    expect(Buffer.from(await ledger.stub().getState('k')).toString()).toBe('v');
  });

  it('orders range results by UTF-8 bytes and keeps composite keys out of plain ranges', async () => {
    const stub = new FakeLedger().stub();
    const composite = stub.createCompositeKey('t', ['a']);
    // U+FF21 sorts before U+1F600 in UTF-8 but after it in UTF-16.
    const ledger = await seeded(['b', '\u{1F600}', '\uFF21', 'a', composite]);
    expect(await collect(ledger.stub().getStateByRange('', ''))).toEqual(['a', 'b', '\uFF21', '\u{1F600}']);
    expect(await collect(ledger.stub().getStateByRange('a', 'b'))).toEqual(['a']);
  });

  it('finds composite keys by partial key, with both iterator styles', async () => {
    const stub = new FakeLedger().stub();
    const keys = [
      ['x', '2'],
      ['x', '1'],
      ['y', '1'],
    ].map((parts) => stub.createCompositeKey('t', parts));
    const ledger = await seeded([...keys, stub.createCompositeKey('u', ['x', '1'])]);

    expect(await collect(ledger.stub().getStateByPartialCompositeKey('t', ['x']))).toEqual([keys[1], keys[0]]);

    const iterator = await ledger.stub().getStateByPartialCompositeKey('t', []);
    const found: string[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      found.push(next.value.key);
    }
    await iterator.close();
    expect(found.map((key) => stub.splitCompositeKey(key).attributes.join('/'))).toEqual(['x/1', 'x/2', 'y/1']);
  });

  it('keeps only the last event and drops everything of an uncommitted transaction', async () => {
    const ledger = new FakeLedger();
    const stub = ledger.stub();
    stub.setEvent('A', Buffer.from('1'));
    stub.setEvent('B', Buffer.from('2'));
    await stub.putState('k', Buffer.from('v'));
    expect(ledger.keys()).toEqual([]);
    ledger.commit(stub);
    expect(ledger.events.map((e) => e.name)).toEqual(['B']);
  });

  it('rejects composite key parts the real stub rejects', () => {
    const stub = new FakeLedger().stub();
    expect(() => stub.createCompositeKey('', ['a'])).toThrow();
    expect(() => stub.createCompositeKey('t', [''])).toThrow();
  });

  it('pages a partial key with Fabric bookmarks: the next key, empty after the last page', async () => {
    const stub = new FakeLedger().stub();
    const keys = ['1', '2', '3'].map((part) => stub.createCompositeKey('t', ['x', part]));
    const ledger = await seeded([...keys, stub.createCompositeKey('t', ['y', '1'])]);

    const first = await ledger.stub().getStateByPartialCompositeKeyWithPagination('t', ['x'], 2, '');
    expect(first.metadata).toEqual({ fetchedRecordsCount: 2, bookmark: keys[2] });
    const second = await ledger.stub().getStateByPartialCompositeKeyWithPagination('t', ['x'], 2, first.metadata.bookmark);
    expect(second.metadata).toEqual({ fetchedRecordsCount: 1, bookmark: '' });
    expect((await second.iterator.next()).value.key).toBe(keys[2]);
  });

  it('refuses writes and paginated queries in the same transaction, as the peer does', async () => {
    const ledger = new FakeLedger();
    const reader = ledger.stub();
    await reader.getStateByPartialCompositeKeyWithPagination('t', [], 1, '');
    await expect(reader.putState('k', Buffer.from('v'))).rejects.toThrow(/paginated/);

    const writer = ledger.stub();
    await writer.putState('k', Buffer.from('v'));
    await expect(writer.getStateByPartialCompositeKeyWithPagination('t', [], 1, '')).rejects.toThrow(/paginated/);
  });

  describe('with a totalQueryLimit', () => {
    async function sevenSales(): Promise<FakeLedger> {
      const ledger = new FakeLedger({ totalQueryLimit: 3 });
      const stub = ledger.stub();
      for (let index = 0; index < 7; index++) {
        await stub.putState(stub.createCompositeKey('sale', ['m', '202503', `tx${index}`]), Buffer.from('{"n":1}'));
        await stub.putState(`plain${index}`, Buffer.from('1'));
      }
      ledger.commit(stub);
      return ledger;
    }

    it('stops unpaginated range reads at the limit without an error, as the peer does', async () => {
      const ledger = await sevenSales();
      expect(await collect(ledger.stub().getStateByPartialCompositeKey('sale', ['m']))).toHaveLength(3);
      expect(await collect(ledger.stub().getStateByRange('plain', ''))).toEqual(['plain0', 'plain1', 'plain2']);
      expect(ledger.truncatedReads).toBe(2);
      ledger.setTotalQueryLimit(undefined);
      expect(await collect(ledger.stub().getStateByPartialCompositeKey('sale', ['m']))).toHaveLength(7);
      expect(ledger.truncatedReads).toBe(2);
      expect(new FakeLedger().totalQueryLimit).toBeUndefined();
      expect(() => {
        ledger.setTotalQueryLimit(0);
      }).toThrow(/positive/);
    });

    it('caps a page at the limit with a bookmark that continues, so a paged read gets everything', async () => {
      const ledger = await sevenSales();
      const page = await ledger.stub().getStateByPartialCompositeKeyWithPagination('sale', ['m'], 100, '');
      expect(page.metadata.fetchedRecordsCount).toBe(3);
      expect(page.metadata.bookmark).toBe(ledger.stub().createCompositeKey('sale', ['m', '202503', 'tx3']));
      const all = await readAll(ledger.stub(), partialKey('sale', 'm'), (value) => value);
      expect(all).toHaveLength(7);
      expect(ledger.truncatedReads).toBe(0);
    });

    it('lets a counted read fail with a typed error instead of returning part of a range', async () => {
      const ledger = await sevenSales();
      const stub = ledger.stub();
      await expect(scanCounted(stub, partialKey('sale', 'm', '202503'), (value) => value, 7)).rejects.toMatchObject({
        code: 'RANGE_TOO_LARGE',
        details: { range: 'sale~m~202503', expected: 7, returned: 3 },
      });
      expect(await scanCounted(stub, partialKey('sale', 'm', '202503'), (value) => value, 3)).toHaveLength(3);
    });

    it('does not read a range its count says is empty', async () => {
      const stub = (await sevenSales()).stub();
      const ranges = jest.spyOn(stub, 'getStateByPartialCompositeKey');
      expect(await scanCounted(stub, partialKey('sale', 'm', '202504'), (value) => value, 0)).toEqual([]);
      expect(ranges).not.toHaveBeenCalled();
    });
  });
});
