/**
 * The event stream on the real network: a purchase reaches an open stream soon after its commit,
 * a subscriber that reconnects with Last-Event-ID receives exactly the events it missed, in chain
 * order, and members see only the events of their own account.
 */
import { EventSubscriber } from '../../support/events';
import { orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));
const merchantId = uniqueId('m-events');
let merchant: RestClient;
let auditor: RestClient;

/** The transaction id and block of a committed write. */
function committed(response: RestResponse): { txId: string; block: bigint } {
  expect(response.status).toBe(200);
  return { txId: String(response.body.transactionId), block: BigInt(String(response.body.blockNumber)) };
}

async function purchase(name: string, consumer: string): Promise<{ txId: string; block: bigint; answeredAt: number }> {
  const answer = committed(await merchant.post('/v1/points/purchases', { orderId: uniqueId(name), consumer, amountFen: 1_000 }));
  return { ...answer, answeredAt: performance.now() };
}

/** Orders events as the chain does: by block, then by index in the block. */
function chainOrder(a: { block: string; txIndex: number }, b: { block: string; txIndex: number }): number {
  const byBlock = BigInt(a.block) - BigInt(b.block);
  return byBlock === 0n ? a.txIndex - b.txIndex : byBlock < 0n ? -1 : 1;
}

describe('event stream', () => {
  beforeAll(async () => {
    merchant = await registerMember(retailAdmin, merchantId, 'merchant');
    auditor = await registerMember(platformAdmin, uniqueId('auditor-events'), 'auditor');
    committed(await platformAdmin.post('/v1/points/mint', { points: 100_000 }));
    committed(await platformAdmin.post('/v1/points/merchants', { merchantId, name: 'Event shop', region: 'Hangzhou' }));
  });

  it('pushes a purchase to an open stream once committed, and resumes after Last-Event-ID with exactly the events missed, in order', async () => {
    const stream = await EventSubscriber.open(merchant, '?types=RecordPurchase');
    const first = await purchase('ev-first', uniqueId('c-ev-first'));
    await stream.waitFor(1, 10_000);
    const [seen] = stream.events;
    expect(seen).toMatchObject({ name: 'RecordPurchase', module: 'points', txId: first.txId, block: first.block.toString() });
    expect(seen?.payload).toMatchObject({ merchantId, consumer: uniqueId('c-ev-first'), amountFen: 1_000 });
    // Within 2 s of the commit on a quiet network; the bound here leaves room for a loaded CI machine.
    expect((seen?.receivedAt ?? Infinity) - first.answeredAt).toBeLessThan(10_000);
    await stream.close();

    const missed = [];
    for (let index = 0; index < 50; index++) {
      missed.push(await purchase(`ev-missed-${index}`, uniqueId(`c-ev-${index % 5}`)));
    }
    const resumed = await EventSubscriber.open(merchant, '?types=RecordPurchase', seen?.id);
    await resumed.waitFor(50, 30_000);
    // Nothing beyond the 50 arrives: the next events would be new purchases, and there are none.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await resumed.close();

    expect(resumed.events.map((e) => e.txId)).toEqual(missed.map((m) => m.txId));
    expect([...resumed.events].sort(chainOrder)).toEqual(resumed.events);
    expect(new Set(resumed.events.map((e) => e.id)).size).toBe(50);
  });

  it('shows a consumer the purchases that credited it, an auditor any account, and refuses a member another account', async () => {
    const consumerId = uniqueId('c-ev-member');
    const consumer = await registerMember(platformAdmin, consumerId, 'consumer');
    const own = await purchase('ev-own', consumerId);
    await purchase('ev-other', uniqueId('c-ev-other'));

    const mine = await EventSubscriber.open(consumer, '?module=points');
    const audited = await EventSubscriber.open(auditor, `?account=${consumerId}&types=RecordPurchase`);
    await Promise.all([mine.waitFor(1, 10_000), audited.waitFor(1, 10_000)]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await Promise.all([mine.close(), audited.close()]);

    expect(mine.events.filter((e) => e.name === 'RecordPurchase').map((e) => e.txId)).toEqual([own.txId]);
    expect(audited.events.map((e) => e.txId)).toEqual([own.txId]);
    const refused = await consumer.get(`/v1/events?account=${merchantId}`);
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});
