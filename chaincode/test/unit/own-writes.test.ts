import { ownWrites } from '../../src/ledger/own-writes';
import type { Stub } from '../../src/ledger/stub';
import { newContext } from '../support/context';
import { FakeLedger, type FakeStub } from '../support/fake-ledger';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/** A ledger holding `a` = 1 and `\u0000t\u0000x\u0000` = 1, and a transaction on it with its view. */
function setUp(): { ledger: FakeLedger; fake: FakeStub; stub: Stub; view: Stub } {
  const ledger = new FakeLedger();
  const seed = ledger.stub();
  void seed.putState('a', Buffer.from('1'));
  void seed.putState(seed.createCompositeKey('t', ['x']), Buffer.from('1'));
  ledger.commit(seed);
  const fake = ledger.stub({ txId: 'tx-view' });
  const { stub } = newContext(fake);
  return { ledger, fake, stub, view: ownWrites(stub) };
}

describe('ownWrites', () => {
  it('answers the transaction’s own writes through the view, committed state otherwise', async () => {
    const { view, stub } = setUp();
    expect(text(await view.getState('a'))).toBe('1');
    await view.putState('a', Buffer.from('2'));
    await view.putState('b', Buffer.from('3'));
    expect(text(await view.getState('a'))).toBe('2');
    expect(text(await view.getState('b'))).toBe('3');
    // The stub itself still reads committed state, as Fabric does.
    expect(text(await stub.getState('a'))).toBe('1');
    expect(await stub.getState('b')).toHaveLength(0);
  });

  it('reads a deleted key as empty, and keeps what was written even if the caller reuses its buffer', async () => {
    const { view } = setUp();
    await view.deleteState('a');
    expect(await view.getState('a')).toHaveLength(0);
    const value = Buffer.from('4');
    await view.putState('c', value);
    value.write('5');
    expect(text(await view.getState('c'))).toBe('4');
  });

  it('writes through to the stub, so the write set and the committed state are the same as without the view', async () => {
    const { ledger, fake, view } = setUp();
    await view.putState('a', Buffer.from('2'));
    await view.deleteState('b');
    expect([...fake.writes.keys()]).toEqual(['a', 'b']);
    ledger.commit(fake);
    expect(ledger.read('a')?.toString('utf8')).toBe('2');
  });

  it('does not see writes made through the stub directly, nor its own writes in range reads', async () => {
    const { view, stub } = setUp();
    await stub.putState('a', Buffer.from('2'));
    expect(text(await view.getState('a'))).toBe('1');
    await view.putState(view.createCompositeKey('t', ['y']), Buffer.from('2'));
    const found: string[] = [];
    for await (const kv of view.getStateByPartialCompositeKey('t', [])) {
      found.push(view.splitCompositeKey(kv.key).attributes.join('/'));
    }
    expect(found).toEqual(['x']);
  });

  it('passes every other member through to the stub', () => {
    const { view, stub } = setUp();
    expect(view.getTxID()).toBe('tx-view');
    expect(view.getDateTimestamp()).toEqual(stub.getDateTimestamp());
    expect(view.createCompositeKey('t', ['x'])).toBe(stub.createCompositeKey('t', ['x']));
  });
});
