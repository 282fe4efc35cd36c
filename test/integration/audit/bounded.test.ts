/**
 * Bounded audit reads on the real network (docs/audit.md): a long account history paged through the read
 * model in chain order, while it grows, without gaps or repeats; and hash-chain verification that reads
 * only the blocks committed since the previous call.
 */
import { orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const consumerId = uniqueId('c-bounded');
const TRANSFERS = 24;
const PAGE_SIZE = 5;

let consumer: RestClient;
let auditor: RestClient;

interface HistoryItem {
  txId: string;
  blockNumber: string;
  value: { balance: number };
}

async function transfer(points: number): Promise<string> {
  const response = await platformAdmin.post('/v1/points/transfers', { to: consumerId, points });
  expect(response.status).toBe(200);
  return String(response.body.transactionId);
}

async function historyPage(bookmark: string): Promise<{ items: HistoryItem[]; bookmark: string }> {
  const response = await consumer.get(`/v1/audit/history/account/${consumerId}?pageSize=${PAGE_SIZE}&bookmark=${bookmark}`);
  expect(response.status).toBe(200);
  const items = response.body.items as HistoryItem[];
  expect(items.length).toBeLessThanOrEqual(PAGE_SIZE);
  return { items, bookmark: String(response.body.bookmark) };
}

async function verify(): Promise<{ height: string; verified: boolean; verifiedFrom: string; verifiedNow: number }> {
  const response = await auditor.get('/v1/audit/verify');
  expect(response.status).toBe(200);
  return response.body as { height: string; verified: boolean; verifiedFrom: string; verifiedNow: number };
}

describe('bounded audit reads through the REST gateway', () => {
  beforeAll(async () => {
    consumer = await registerMember(platformAdmin, consumerId, 'consumer');
    auditor = await registerMember(platformAdmin, uniqueId('auditor-bounded'), 'auditor');
    const mint = await platformAdmin.post('/v1/points/mint', { points: 10_000 });
    expect(mint.status).toBe(200);
  });

  it('pages through a long, growing account history in chain order without gaps or repeats', async () => {
    const txIds: string[] = [];
    for (let points = 1; points <= TRANSFERS; points += 1) {
      txIds.push(await transfer(points));
    }

    const first = await historyPage('');
    // Committed between two page reads: it must appear once, at the end.
    txIds.push(await transfer(TRANSFERS + 1));
    const items = [...first.items];
    let bookmark = first.bookmark;
    let pages = 1;
    while (bookmark !== '') {
      const page = await historyPage(bookmark);
      items.push(...page.items);
      bookmark = page.bookmark;
      pages += 1;
    }

    expect(items.map((item) => item.txId)).toEqual(txIds);
    expect(pages).toBe(Math.ceil((TRANSFERS + 1) / PAGE_SIZE));
    // Transfer n adds n points: the balances after each version say so.
    const balances = items.map((item) => item.value.balance);
    expect(balances.map((balance, index) => balance - (balances[index - 1] ?? 0))).toEqual(txIds.map((_, index) => index + 1));
    const blocks = items.map((item) => BigInt(item.blockNumber));
    expect(blocks.every((block, index) => index === 0 || block >= (blocks[index - 1] ?? 0n))).toBe(true);
    const current = await platformAdmin.get(`/v1/points/accounts/${consumerId}/balance`);
    expect(current.body.balance).toBe(balances[balances.length - 1]);
  });

  it('verifies the whole chain, the second call reading only the blocks committed since the first', async () => {
    const first = await verify();
    await transfer(1);
    await transfer(2);
    const second = await verify();

    expect(first).toMatchObject({ verified: true, firstBreak: null });
    expect(Number(first.verifiedFrom) + first.verifiedNow).toBe(Number(first.height));
    expect(Number(second.height)).toBeGreaterThan(Number(first.height));
    expect(second).toMatchObject({
      verified: true,
      firstBreak: null,
      verifiedFrom: first.height,
      verifiedNow: Number(second.height) - Number(first.height),
    });
    expect(second.verifiedNow).toBeLessThan(Number(second.height));
  });
});
