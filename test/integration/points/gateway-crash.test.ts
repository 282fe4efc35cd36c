/**
 * A gateway that crashes with purchases in flight loses none and doubles none: the
 * merchant's POS retries every order with the same order id after the restart, and each
 * consumer ends up credited exactly once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { gatewayUrl } from '../../support/fabric';
import { eventually, net, STATE_DIR } from '../../support/network';
import { numberField, orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';

const ORDERS = 20;

/** The restarted gateway's journalled transactions of unknown outcome, from its own metrics. */
async function pendingTransactions(): Promise<number | undefined> {
  const response = await fetch(`${gatewayUrl()}/metrics`);
  const line = (await response.text()).split('\n').find((text) => text.startsWith('loulan_fabric_pending_transactions '));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

function killGatewayHard(): void {
  const pid = Number(readFileSync(join(STATE_DIR, 'run/gateway.pid'), 'utf8').trim());
  process.kill(pid, 'SIGKILL');
}

describe('a gateway crash during purchases', () => {
  it('neither loses nor doubles a purchase when the orders are retried after the restart', async () => {
    const admin = new RestClient(orgAdminKey('platform'));
    const merchantId = uniqueId('m-crash');
    const merchant = await registerMember(new RestClient(orgAdminKey('retail')), merchantId, 'merchant');
    expect((await admin.post('/v1/points/mint', { points: 100_000 })).status).toBe(200);
    expect((await admin.post('/v1/points/merchants', { merchantId, name: 'Crash shop', region: 'Hangzhou' })).status).toBe(200);

    const orders = Array.from({ length: ORDERS }, (_, index) => ({
      orderId: uniqueId(`crash-order-${index}`),
      consumer: uniqueId(`c-crash-${index}`),
      amountFen: 2_000,
    }));
    const inFlight = orders.map((order) => merchant.post('/v1/points/purchases', order).catch(() => undefined));
    await new Promise((done) => setTimeout(done, 150));
    killGatewayHard();
    await Promise.all(inFlight);

    await net('start-node', 'gateway');
    const retried = await eventually(async () => {
      const responses = await Promise.all(orders.map((order) => merchant.post('/v1/points/purchases', order)));
      expect(responses.map((response) => response.status)).toEqual(orders.map(() => 200));
      return responses;
    });

    for (const response of retried) {
      expect(response.body).toMatchObject({ result: { pointsEarned: 20 } });
    }
    for (const order of orders) {
      const balance = await admin.get(`/v1/points/accounts/${order.consumer}/balance`);
      expect(numberField(balance.body, 'balance')).toBe(20);
    }
    const merchantBalance = await admin.get(`/v1/points/accounts/${merchantId}/balance`);
    expect(numberField(merchantBalance.body, 'balance')).toBe(50_000 - ORDERS * 20);

    // The restarted gateway resends the envelopes the killed one left undecided, each a block of its own;
    // the files after this one count blocks, so the test ends once none is left to resend.
    await eventually(async () => {
      expect(await pendingTransactions()).toBe(0);
    }, 90_000);
  });
});
