/**
 * The auditor view end to end: points operations through the REST gateway, then the history of the
 * consumer's account, a transaction lookup checked against its block, the hash chain, the invariants and
 * the access rules, all read back through /v1/audit on the real network.
 */
import { orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));

const merchantId = uniqueId('m-audit');
const consumerId = uniqueId('c-audit');
const otherId = uniqueId('c-audit-other');

let merchant: RestClient;
let consumer: RestClient;
let auditor: RestClient;
/** Transaction ids of the writes that changed the consumer's account, in order. */
const consumerTxIds: string[] = [];

interface HistoryItem {
  txId: string;
  time: string;
  isDelete: boolean;
  value: { balance?: number } | null;
  blockNumber: string | null;
  creatorMsp: string | null;
  creatorRole: string | null;
}

function transactionId(body: Record<string, unknown>): string {
  const id = body.transactionId;
  if (typeof id !== 'string') {
    throw new Error(`no transactionId in ${JSON.stringify(body)}`);
  }
  return id;
}

async function write(by: RestClient, path: string, body: unknown): Promise<string> {
  const response = await by.post(path, body);
  expect(response.status).toBe(200);
  return transactionId(response.body);
}

async function fullHistory(by: RestClient, account: string): Promise<HistoryItem[]> {
  const items: HistoryItem[] = [];
  let bookmark = '';
  do {
    const response = await by.get(`/v1/audit/history/account/${account}?pageSize=2&bookmark=${bookmark}`);
    expect(response.status).toBe(200);
    items.push(...(response.body.items as HistoryItem[]));
    bookmark = String(response.body.bookmark);
  } while (bookmark !== '');
  return items;
}

describe('audit through the REST gateway', () => {
  beforeAll(async () => {
    merchant = await registerMember(retailAdmin, merchantId, 'merchant');
    consumer = await registerMember(platformAdmin, consumerId, 'consumer');
    await registerMember(platformAdmin, otherId, 'consumer');
    auditor = await registerMember(platformAdmin, uniqueId('auditor'), 'auditor');
    await write(platformAdmin, '/v1/points/mint', { points: 1_000_000 });
    await write(platformAdmin, '/v1/points/merchants', { merchantId, name: 'Audit shop', region: 'Hangzhou' });
    consumerTxIds.push(
      await write(merchant, '/v1/points/purchases', { orderId: uniqueId('o-audit-1'), consumer: consumerId, amountFen: 100_000 }),
    );
    consumerTxIds.push(
      await write(merchant, '/v1/points/purchases', { orderId: uniqueId('o-audit-2'), consumer: consumerId, amountFen: 20_000 }),
    );
    consumerTxIds.push(await write(platformAdmin, '/v1/points/transfers', { to: consumerId, points: 300 }));
    consumerTxIds.push(await write(consumer, '/v1/points/transfers', { to: otherId, points: 50 }));
  });

  it('lists every change of the consumer account with its transaction id, block and creator', async () => {
    const history = await fullHistory(consumer, consumerId);

    expect(history.map((item) => item.txId)).toEqual(consumerTxIds);
    const balances = history.map((item) => item.value?.balance ?? NaN);
    // Earnings depend on the network's current parameters; the transfers and the final balance do not.
    expect(balances[1] ?? 0).toBeGreaterThan(balances[0] ?? 0);
    expect([(balances[2] ?? 0) - (balances[1] ?? 0), (balances[3] ?? 0) - (balances[2] ?? 0)]).toEqual([300, -50]);
    const current = await platformAdmin.get(`/v1/points/accounts/${consumerId}/balance`);
    expect(current.body.balance).toBe(balances[3]);
    expect(history.map((item) => [item.creatorMsp, item.creatorRole])).toEqual([
      ['RetailMSP', 'merchant'],
      ['RetailMSP', 'merchant'],
      ['PlatformMSP', 'admin'],
      ['PlatformMSP', 'consumer'],
    ]);
    expect(history.every((item) => item.blockNumber !== null && !item.isDelete)).toBe(true);
    expect(await fullHistory(auditor, consumerId)).toEqual(history);
  });

  it('looks a transaction up in the block that holds it', async () => {
    const txId = consumerTxIds[3] ?? '';
    const lookup = await auditor.get(`/v1/audit/transactions/${txId}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({
      txId,
      validationCode: 'VALID',
      creatorMsp: 'PlatformMSP',
      creatorRole: 'consumer',
      contract: 'points',
      transaction: 'Transfer',
    });
    expect(lookup.body.args).toEqual([expect.any(String), otherId, '50']);
    expect((lookup.body.events as Array<{ name: string }>).map((event) => event.name)).toEqual(['Transfer']);

    const blockNumber = String(lookup.body.blockNumber);
    const block = await auditor.get(`/v1/audit/blocks/${blockNumber}`);
    expect(block.status).toBe(200);
    expect(block.body).toMatchObject({ number: blockNumber });
    expect(block.body.txIds).toContain(txId);

    const listed = await auditor.get(`/v1/audit/blocks?from=${blockNumber}&limit=2`);
    expect(listed.status).toBe(200);
    const [first] = listed.body.items as Array<Record<string, unknown>>;
    expect(first).toEqual({ ...block.body, txIds: undefined });
    const history = await fullHistory(auditor, consumerId);
    expect(history.find((item) => item.txId === txId)?.blockNumber).toBe(blockNumber);
  });

  it('verifies the hash chain from block 0 to the tip', async () => {
    const verify = await auditor.get('/v1/audit/verify');

    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ verified: true, firstBreak: null });
    expect(Number(verify.body.height)).toBeGreaterThan(1);
  });

  it('finds the points and coupon invariants holding', async () => {
    const invariants = await auditor.get('/v1/audit/invariants');

    expect(invariants.status).toBe(200);
    expect(invariants.body).toMatchObject({ holds: true, points: { holds: true } });
  });

  it('shows the chain tip and each organisation peer height', async () => {
    const chain = await platformAdmin.get('/v1/audit/chain');

    expect(chain.status).toBe(200);
    expect(Number(chain.body.height)).toBeGreaterThan(1);
    expect(chain.body.currentBlockHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps other members out: another account’s history and the block listing are 403', async () => {
    const otherHistory = await consumer.get(`/v1/audit/history/account/${otherId}`);
    const blocks = await consumer.get('/v1/audit/blocks');

    expect(otherHistory).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(blocks).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });
});
