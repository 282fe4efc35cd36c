/**
 * The network changes while it runs (docs/operations.md, "Changing the network while it runs"):
 * `make add-orderer` makes a fifth node a consenter by channel configuration update, the node catches
 * up the ledger and orders with the others, and `make remove-orderer` takes it out again (4 → 5 → 4);
 * `make add-peer` gives an org a second peer that pulls the ledger and endorses. Purchases keep
 * committing throughout, each exactly once. The file leaves the four first ordering nodes and the new
 * peer, so the files after it run on a network with a second retail peer.
 */
import { gatewayUrl } from '../../support/fabric';
import { consensus, eventually, height, net, withNodesStopped } from '../../support/network';
import { numberField, orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';

const POINTS_PER_ORDER = 20;
const PAUSE_MS = 1_000;
const admin = new RestClient(orgAdminKey('platform'));

/**
 * Purchases one after another, a second apart, until stopped; each is retried with its order id until it
 * commits. The pause keeps the ledger growing at a till's pace rather than as fast as the network orders.
 */
class Traffic {
  readonly consumers: string[] = [];
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(private readonly merchant: RestClient) {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async run(): Promise<void> {
    for (let index = 0; !this.stopped; index++) {
      const order = { orderId: uniqueId(`mb-order-${index}`), consumer: uniqueId(`mb-c-${index}`), amountFen: POINTS_PER_ORDER * 100 };
      await eventually(async () => {
        expect((await this.merchant.post('/v1/points/purchases', order)).status).toBe(200);
      }, 120_000);
      this.consumers.push(order.consumer);
      await new Promise((resume) => setTimeout(resume, PAUSE_MS));
    }
  }
}

async function consenters(): Promise<string[]> {
  return (await net('consenters'))
    .trim()
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '');
}

/** The ordering service as the gateway's readiness probe sees it from the channel configuration (re-read every minute). */
async function ordering(): Promise<unknown> {
  const response = await fetch(`${gatewayUrl()}/readyz`);
  const body = (await response.json()) as { ordering?: unknown };
  return body.ordering;
}

/** Waits until `count` more purchases than now have committed. */
async function purchasesCommit(traffic: Traffic, count: number): Promise<void> {
  const target = traffic.consumers.length + count;
  await eventually(async () => {
    expect(traffic.consumers.length).toBeGreaterThanOrEqual(target);
  }, 120_000);
}

describe('the network changing while it runs', () => {
  const merchantId = uniqueId('m-members');
  let traffic: Traffic;

  beforeAll(async () => {
    const merchant = await registerMember(new RestClient(orgAdminKey('retail')), merchantId, 'merchant');
    expect((await admin.post('/v1/points/mint', { points: 100_000 })).status).toBe(200);
    expect((await admin.post('/v1/points/merchants', { merchantId, name: 'Membership shop', region: 'Hangzhou' })).status).toBe(200);
    traffic = new Traffic(merchant);
    await purchasesCommit(traffic, 3);
  });

  afterAll(async () => {
    await traffic.stop();
  });

  it('adds a consenter that catches up the whole ledger and is counted in the quorum', async () => {
    expect(await consenters()).toEqual(['orderer1', 'orderer2', 'orderer3', 'orderer4']);

    expect(await net('add-orderer', 'retail')).toContain('orderer5 (retail) is a consenter of loulan');

    expect(await consenters()).toEqual(['orderer1', 'orderer2', 'orderer3', 'orderer4', 'orderer5']);
    await purchasesCommit(traffic, 3);
    const reference = await height('orderer1');
    await eventually(async () => {
      expect(await height('orderer5')).toBeGreaterThanOrEqual(reference);
    }, 90_000);
    const quorum = consensus() === 'bft' ? 4 : 3;
    await eventually(async () => {
      expect(await ordering()).toMatchObject({ ready: true, reachable: 5, nodes: 5, quorum });
    }, 90_000);
    // Run again for the same node (as after an interruption), it finds nothing left to do.
    expect(await net('add-orderer', 'retail', 'orderer5')).toContain('orderer5 is already a consenter');
    expect(await consenters()).toHaveLength(5);
  });

  it('orders with the new node when as many of the first four are down as a quorum of five spares', async () => {
    const spare = consensus() === 'bft' ? ['orderer4'] : ['orderer3', 'orderer4'];
    // Without orderer5 the remaining first nodes are short of a quorum of five.
    await withNodesStopped(spare, () => purchasesCommit(traffic, 3));
    await purchasesCommit(traffic, 2);
  });

  it('removes the node again (5 → 4) and keeps ordering without it', async () => {
    expect(await net('remove-orderer', 'orderer5')).toContain('orderer5 removed');

    expect(await consenters()).toEqual(['orderer1', 'orderer2', 'orderer3', 'orderer4']);
    expect(await net('status')).not.toContain('orderer5');
    await eventually(async () => {
      expect(await ordering()).toMatchObject({ ready: true, reachable: 4, nodes: 4 });
    }, 90_000);
    await purchasesCommit(traffic, 3);
  });

  if (consensus() === 'bft') {
    it('refuses to take a BFT service below four consenters, changing nothing', async () => {
      await expect(net('remove-orderer', 'orderer4')).rejects.toThrow(/keeps at least 4/);
      expect(await consenters()).toEqual(['orderer1', 'orderer2', 'orderer3', 'orderer4']);
    });
  }

  it('adds a second peer to an org that pulls the ledger and endorses for it', async () => {
    expect(await net('add-peer', 'retail')).toContain('peer1-retail (retail) serves loulan');

    expect(await net('status')).toMatch(/peer1-retail +up/);
    const reference = await height('peer0-retail');
    await eventually(async () => {
      expect(await height('peer1-retail')).toBeGreaterThanOrEqual(reference);
    }, 90_000);
    // With retail's first peer and bank's peer down, only the new peer can give the second org's
    // endorsement the MAJORITY policy asks for.
    await withNodesStopped(['peer0-retail', 'peer0-bank'], () => purchasesCommit(traffic, 3));
    expect(await net('add-peer', 'retail', 'peer1-retail')).toContain('peer1-retail (retail) serves loulan');
    await purchasesCommit(traffic, 2);
    // The new peer validates the whole ledger again: minutes on a long one.
  }, 600_000);

  it('credited every purchase made during the changes exactly once', async () => {
    await traffic.stop();
    expect(traffic.consumers.length).toBeGreaterThanOrEqual(14);
    for (const consumer of traffic.consumers) {
      const balance = await admin.get(`/v1/points/accounts/${consumer}/balance`);
      expect(numberField(balance.body, 'balance')).toBe(POINTS_PER_ORDER);
    }
    const merchant = await admin.get(`/v1/points/accounts/${merchantId}/balance`);
    expect(numberField(merchant.body, 'balance')).toBe(50_000 - traffic.consumers.length * POINTS_PER_ORDER);
  });
});
