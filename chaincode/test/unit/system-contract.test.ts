import { parseLedgerError } from '@loulan/protocol';
import { MARKER_PUT_EVENT } from '@loulan/protocol';
import { Context } from 'fabric-contract-api';

import { SystemContract } from '../../src/system/contract';
import { CHAINCODE_VERSION } from '../../src/version';
import { newContext } from '../support/context';
import { FakeLedger, type FakeStub, type FakeTxOptions } from '../support/fake-ledger';
import { parseJsonObject } from '../support/json';
import { match } from '../support/matchers';
import { ADMIN, AUDITOR, merchant } from '../support/points';
import { invokeThroughShim } from '../support/shim';

const contract = new SystemContract();
const MARKER_KEY = '\u0000marker\u0000m1\u0000';

/** Runs one transaction directly on the contract and commits it unless it throws. */
async function run<T>(
  ledger: FakeLedger,
  action: (ctx: Context) => Promise<T>,
  options: FakeTxOptions = {},
): Promise<{ result: T; stub: FakeStub }> {
  const stub = ledger.stub({ ...ADMIN, ...options });
  const result = await action(newContext(stub));
  ledger.commit(stub);
  return { result, stub };
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the transaction to fail');
}

describe('system:Ping', () => {
  it('reports name, version and the transaction time, never the clock', async () => {
    const now = jest.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now must not be used in chaincode');
    });
    try {
      const txTime = new Date('2025-03-04T05:06:07.089Z');
      const { result } = await run(new FakeLedger(), (ctx) => contract.Ping(ctx), { txTime });
      expect(JSON.parse(result)).toEqual({ chaincode: 'loulan', version: CHAINCODE_VERSION, txTime: '2025-03-04T05:06:07.089Z' });
    } finally {
      now.mockRestore();
    }
  });
});

describe('system:PutMarker', () => {
  it('writes the record under marker~<id> and emits MarkerPut', async () => {
    const ledger = new FakeLedger();
    const txTime = new Date('2025-01-01T00:00:10.000Z');
    const { result } = await run(ledger, (ctx) => contract.PutMarker(ctx, 'm1', 'v1'), { txId: 'tx-a', txTime });

    const record = { markerId: 'm1', value: 'v1', txId: 'tx-a', txTime: '2025-01-01T00:00:10.000Z', creatorMsp: 'PlatformMSP' };
    expect(JSON.parse(result)).toEqual(record);
    expect(ledger.keys()).toEqual([MARKER_KEY]);
    expect(ledger.read(MARKER_KEY)?.toString('utf8')).toBe(result);
    expect(ledger.events).toHaveLength(1);
    expect(ledger.events[0]?.name).toBe(MARKER_PUT_EVENT);
    expect(ledger.events[0]?.payload.toString('utf8')).toBe(result);
  });

  it('is idempotent: a retry with the same value returns the first record and writes nothing', async () => {
    const ledger = new FakeLedger();
    const first = await run(ledger, (ctx) => contract.PutMarker(ctx, 'm1', 'v1'), { txId: 'tx-a' });
    const storedBytes = ledger.read(MARKER_KEY);

    const second = await run(ledger, (ctx) => contract.PutMarker(ctx, 'm1', 'v1'), { txId: 'tx-b' });

    expect(second.result).toBe(first.result);
    expect(parseJsonObject(second.result).txId).toBe('tx-a');
    expect(second.stub.writes.size).toBe(0);
    expect(second.stub.event).toBeUndefined();
    expect(ledger.read(MARKER_KEY)).toEqual(storedBytes);
    expect(ledger.events).toHaveLength(1);
  });

  it('refuses a different value for an existing id with DUPLICATE_REQUEST', async () => {
    const ledger = new FakeLedger();
    await run(ledger, (ctx) => contract.PutMarker(ctx, 'm1', 'v1'), { txId: 'tx-a' });
    const stub = ledger.stub(ADMIN);

    const message = await errorOf(contract.PutMarker(newContext(stub), 'm1', 'v2'));

    expect(parseLedgerError(message)).toEqual({
      code: 'DUPLICATE_REQUEST',
      message: match.any(String),
      details: { markerId: 'm1', txId: 'tx-a' },
    });
    expect(stub.writes.size).toBe(0);
    expect(stub.event).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['a control character', 'm\u0007'],
    ['too long', 'm'.repeat(129)],
  ])('rejects an id that is %s with INVALID_ARGUMENT and writes nothing', async (_label, markerId) => {
    const stub = new FakeLedger().stub(ADMIN);
    const message = await errorOf(contract.PutMarker(newContext(stub), markerId, 'v'));
    expect(parseLedgerError(message)?.code).toBe('INVALID_ARGUMENT');
    expect(stub.writes.size).toBe(0);
  });

  it.each([
    ['a merchant', merchant('m-any')],
    ['an auditor', AUDITOR],
    ['an identity without a role', { mspId: 'RetailMSP' }],
  ])("refuses %s with FORBIDDEN and writes nothing: markers are the platform admin's", async (_label, identity) => {
    const stub = new FakeLedger().stub(identity);
    const message = await errorOf(contract.PutMarker(newContext(stub), 'm1', 'v'));
    expect(parseLedgerError(message)?.code).toBe('FORBIDDEN');
    expect(stub.writes.size).toBe(0);
  });

  it('rejects a bad value with INVALID_ARGUMENT', async () => {
    const message = await errorOf(contract.PutMarker(newContext(new FakeLedger().stub(ADMIN)), 'm1', 'bad\nvalue'));
    expect(parseLedgerError(message)).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'value' } });
  });
});

describe('system:GetMarker', () => {
  it('returns the stored record', async () => {
    const ledger = new FakeLedger();
    const put = await run(ledger, (ctx) => contract.PutMarker(ctx, 'm1', 'v1'));
    const { result } = await run(ledger, (ctx) => contract.GetMarker(ctx, 'm1'));
    expect(result).toBe(put.result);
  });

  it('reports an unknown marker as NOT_FOUND', async () => {
    const message = await errorOf(contract.GetMarker(newContext(new FakeLedger().stub(ADMIN)), 'nope'));
    expect(parseLedgerError(message)).toEqual({
      code: 'NOT_FOUND',
      message: 'marker nope not found',
      details: { markerId: 'nope' },
    });
  });

  it.each(['', 'x\u0000y', 'x'.repeat(200)])('rejects the invalid id %j with INVALID_ARGUMENT', async (markerId) => {
    const message = await errorOf(contract.GetMarker(newContext(new FakeLedger().stub(ADMIN)), markerId));
    expect(parseLedgerError(message)?.code).toBe('INVALID_ARGUMENT');
  });
});

describe('errors through fabric-shim', () => {
  it('reach the client as a parseable message with the status 500', async () => {
    const ledger = new FakeLedger();
    expect((await invokeThroughShim(ledger, 'system:PutMarker', ['m1', 'v1'], ADMIN)).status).toBe(200);

    const duplicate = await invokeThroughShim(ledger, 'system:PutMarker', ['m1', 'v2'], ADMIN);
    expect(duplicate.status).toBe(500);
    expect(parseLedgerError(duplicate.message)?.code).toBe('DUPLICATE_REQUEST');
    // The peer prefixes the chaincode message before the client sees it.
    expect(parseLedgerError(`chaincode response 500, ${duplicate.message}`)?.code).toBe('DUPLICATE_REQUEST');

    const missing = await invokeThroughShim(ledger, 'system:GetMarker', ['nope']);
    expect(parseLedgerError(missing.message)?.code).toBe('NOT_FOUND');

    const invalid = await invokeThroughShim(ledger, 'system:GetMarker', ['']);
    expect(parseLedgerError(invalid.message)?.code).toBe('INVALID_ARGUMENT');
  });

  it('returns results as the raw JSON string', async () => {
    const txTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const ping = await invokeThroughShim(new FakeLedger(), 'system:Ping', [], { txTime });
    expect(ping.status).toBe(200);
    expect(JSON.parse(ping.payload)).toEqual({ chaincode: 'loulan', version: CHAINCODE_VERSION, txTime: txTime.toISOString() });
  });
});
