import { txState } from '../../src/ledger/tx-state';
import { openAccounts } from '../support/accounts';
import { newContext } from '../support/context';
import { FakeLedger, FakeStub } from '../support/fake-ledger';
import { merchant, PointsDriver } from '../support/points';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/** A ledger holding `a` = 1 and `b` = 1, and a transaction on it. */
function setUp(): { ledger: FakeLedger; fake: FakeStub } {
  const ledger = new FakeLedger();
  const seed = ledger.stub();
  void seed.putState('a', Buffer.from('1'));
  void seed.putState('b', Buffer.from('1'));
  ledger.commit(seed);
  return { ledger, fake: ledger.stub({ txId: 'tx-state' }) };
}

describe('txState', () => {
  it('asks the peer once per key and answers committed state, as Fabric does, after a write too', async () => {
    const { fake } = setUp();
    const reads = jest.spyOn(fake, 'getState');
    const { stub } = txState(newContext(fake).stub);
    const [first, second] = await Promise.all([stub.getState('a'), stub.getState('a')]);
    await stub.putState('a', Buffer.from('2'));
    expect([first, second, await stub.getState('a')].map(text)).toEqual(['1', '1', '1']);
    expect(await stub.getState('missing')).toHaveLength(0);
    expect(await stub.getState('missing')).toHaveLength(0);
    expect(reads.mock.calls.map(([key]) => key)).toEqual(['a', 'missing']);
  });

  it('sends nothing before the flush, then each key’s last write once, in the order keys were first written', async () => {
    const { ledger, fake } = setUp();
    const puts = jest.spyOn(fake, 'putState');
    const deletes = jest.spyOn(fake, 'deleteState');
    const state = txState(newContext(fake).stub);
    const reused = Buffer.from('x');
    await state.stub.putState('c', reused);
    reused.write('y');
    await state.stub.putState('a', Buffer.from('2'));
    await state.stub.putState('c', Buffer.from('3'));
    await state.stub.deleteState('b');
    await state.stub.putState('d', Buffer.from('4'));
    await state.stub.deleteState('d');
    expect(fake.writes.size).toBe(0);
    await state.flush();
    expect(puts.mock.calls.map(([key, value]) => `${key}=${text(value)}`)).toEqual(['c=3', 'a=2']);
    expect(deletes.mock.calls.map(([key]) => key)).toEqual(['b', 'd']);
    ledger.commit(fake);
    expect(['a', 'b', 'c', 'd'].map((key) => text(ledger.read(key) ?? Buffer.alloc(0)))).toEqual(['2', '', '3', '']);
  });

  it('keeps a batch of 80 purchases to one read and one write of each key on the peer’s stream', async () => {
    const consumers = Array.from({ length: 80 }, (_, index) => `tx-state-c${index}`);
    openAccounts('consumer', ...consumers);
    const driver = new PointsDriver('2025-03-10T04:00:00.000Z');
    await driver.mint(1_000_000);
    await driver.register('m1', 'Beijing');
    const reads = jest.spyOn(FakeStub.prototype, 'getState');
    const writes = jest.spyOn(FakeStub.prototype, 'putState');
    const ranges = jest.spyOn(FakeStub.prototype, 'getStateByPartialCompositeKey');
    const lines = consumers.map((consumer, index) => ({ orderId: `tx-state-o${index}`, consumer, amountFen: 10_000 }));
    const { stub, json } = await driver.run(merchant('m1'), (c, ctx) => c.RecordPurchases(ctx, 'tx-state-b', JSON.stringify(lines), '0'));
    expect(json).toMatchObject({ recorded: 80, rejected: 0 });
    expect(reads).toHaveBeenCalledTimes(stub.reads.size);
    expect(writes).toHaveBeenCalledTimes(stub.writes.size);
    // New consumers have no activity: their empty activity months are known from the counts.
    expect(ranges).not.toHaveBeenCalled();
  });
});
