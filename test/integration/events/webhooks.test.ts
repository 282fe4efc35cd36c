/**
 * Webhooks on the real network: a retailer's receiver on 127.0.0.1 gets every purchase exactly
 * once by event id, in chain order, across a SIGKILL and restart of the gateway (at least once on
 * the wire); every delivery's signature verifies; a failing receiver is retried, dead-lettered,
 * and served again by a replay and a manual redelivery; a URL off the allow-list is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { eventually, net, STATE_DIR } from '../../support/network';
import { orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';
import { WebhookReceiver } from '../../support/webhook-receiver';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));
const merchantId = uniqueId('m-hooks');
let merchant: RestClient;
const receivers: WebhookReceiver[] = [];
const subscriptions: string[] = [];

function ok(response: RestResponse, status = 200): Record<string, unknown> {
  expect([response.status, response.body]).toEqual([status, expect.anything()]);
  return response.body;
}

async function purchase(name: string): Promise<{ txId: string; block: string }> {
  const body = ok(
    await merchant.post('/v1/points/purchases', { orderId: uniqueId(name), consumer: uniqueId(`c-${name}`), amountFen: 1_000 }),
  );
  return { txId: String(body.transactionId), block: String(body.blockNumber) };
}

async function subscribe(receiver: WebhookReceiver, body: Record<string, unknown> = {}): Promise<string> {
  const created = ok(await merchant.post('/v1/subscriptions', { url: receiver.url, types: ['RecordPurchase'], ...body }), 201);
  receiver.secret = String(created.secret);
  subscriptions.push(String(created.subscriptionId));
  return String(created.subscriptionId);
}

function killGatewayHard(): void {
  process.kill(Number(readFileSync(join(STATE_DIR, 'run/gateway.pid'), 'utf8').trim()), 'SIGKILL');
}

async function startReceiver(): Promise<WebhookReceiver> {
  const receiver = await WebhookReceiver.start();
  receivers.push(receiver);
  return receiver;
}

describe('webhooks', () => {
  beforeAll(async () => {
    merchant = await registerMember(retailAdmin, merchantId, 'merchant');
    ok(await platformAdmin.post('/v1/points/mint', { points: 100_000 }));
    ok(await platformAdmin.post('/v1/points/merchants', { merchantId, name: 'Hook shop', region: 'Hangzhou' }));
  });

  afterAll(async () => {
    for (const id of subscriptions) {
      await merchant.delete(`/v1/subscriptions/${id}`);
    }
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  it('delivers every purchase exactly once by event id, in order, across a gateway SIGKILL and restart', async () => {
    const receiver = await startReceiver();
    // Slow answers keep deliveries in flight when the gateway dies.
    receiver.delayMs = 150;
    const id = await subscribe(receiver);
    const before = [];
    for (let index = 0; index < 8; index++) {
      before.push(await purchase(`hook-before-${index}`));
    }
    await eventually(
      async () => {
        expect(receiver.deliveries.length).toBeGreaterThanOrEqual(2);
      },
      20_000,
      50,
    );
    killGatewayHard();
    await net('start-node', 'gateway');
    const after = [];
    for (let index = 0; index < 4; index++) {
      after.push(await purchase(`hook-after-${index}`));
    }
    const expected = [...before, ...after].map((write) => write.txId);

    await eventually(async () => {
      expect(receiver.distinctIds()).toHaveLength(expected.length);
    }, 60_000);

    const firstOfEach = receiver.distinctIds().map((eventId) => receiver.deliveries.find((delivery) => delivery.eventId === eventId));
    expect(firstOfEach.map((delivery) => delivery?.body.txId)).toEqual(expected);
    expect(firstOfEach.map((delivery) => delivery?.name)).toEqual(expected.map(() => 'RecordPurchase'));
    expect(receiver.deliveries.filter((delivery) => !delivery.signatureValid)).toEqual([]);
    // Nothing beyond the purchases arrives, and the cursor stands at the last one.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.distinctIds()).toHaveLength(expected.length);
    const subscription = ok(await merchant.get(`/v1/subscriptions/${id}`));
    expect(subscription).toMatchObject({ state: 'active', after: receiver.distinctIds().at(-1), failedAttempts: 0 });
  });

  it('retries a failing receiver, dead-letters the event, and serves it again by a replay and a manual redelivery', async () => {
    const receiver = await startReceiver();
    receiver.status = 500;
    const id = await subscribe(receiver, { maxAttempts: 2 });
    const bought = await purchase('hook-failing');

    const log = await eventually(async () => {
      const page = ok(await merchant.get(`/v1/subscriptions/${id}/deliveries`));
      const items = page.items as Record<string, unknown>[];
      expect(items.map((attempt) => [attempt.attempt, attempt.outcome, attempt.status])).toEqual([
        [2, 'dead-lettered', 500],
        [1, 'failed', 500],
      ]);
      return items;
    }, 30_000);
    const eventId = String(log[0]?.eventId);
    expect(ok(await merchant.get(`/v1/subscriptions/${id}`))).toMatchObject({ state: 'dead', failedAttempts: 2 });
    expect(receiver.deliveries.map((delivery) => [delivery.eventId, delivery.attempt])).toEqual([
      [eventId, 1],
      [eventId, 2],
    ]);
    expect(receiver.deliveries[0]?.body).toMatchObject({ txId: bought.txId, block: bought.block });

    receiver.status = 204;
    expect(ok(await merchant.post(`/v1/subscriptions/${id}/replay`, { fromBlock: bought.block }))).toMatchObject({ state: 'active' });
    await eventually(async () => {
      expect(ok(await merchant.get(`/v1/subscriptions/${id}`))).toMatchObject({ state: 'active', after: eventId });
    }, 30_000);

    const redelivered = ok(await merchant.post(`/v1/subscriptions/${id}/redeliveries`, { eventId }));
    expect(redelivered).toMatchObject({ eventId, attempt: 0, manual: true, outcome: 'delivered', status: 204 });
    expect(receiver.deliveries.map((delivery) => delivery.attempt)).toEqual([1, 2, 1, 0]);
    expect(receiver.deliveries.every((delivery) => delivery.signatureValid)).toBe(true);
  });

  it('refuses a URL off the allow-list with 400 and a subscription to another account with 403, storing neither', async () => {
    const listed = (): Promise<RestResponse> => merchant.get('/v1/subscriptions');
    const count = (ok(await listed()).items as unknown[]).length;

    const offList = await merchant.post('/v1/subscriptions', { url: 'http://169.254.169.254/latest/meta-data' });
    const otherAccount = await merchant.post('/v1/subscriptions', { url: 'http://127.0.0.1:1/x', account: 'someone-else' });

    expect([offList.status, offList.body.code]).toEqual([400, 'URL_NOT_ALLOWED']);
    expect([otherAccount.status, otherAccount.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((ok(await listed()).items as unknown[]).length).toBe(count);
  });
});
