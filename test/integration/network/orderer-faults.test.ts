/**
 * BFT ordering with four nodes tolerates one faulty node, the leader included, and
 * refuses to order without a quorum; stopped nodes catch up on the same chain.
 */
import type { FabricGateway } from '../../../gateway/src/fabric/gateway';
import { connectAs, json, uniqueId } from '../../support/fabric';
import { metricValue, ordererMetrics } from '../../support/metrics';
import { blockHeaderHash, eventually, height, net, type Orderer, ordererBlock, ORDERERS, withNodesStopped } from '../../support/network';

const LEADER_METRIC = 'consensus_BFT_leader_id';

async function currentLeader(): Promise<Orderer> {
  return eventually(async () => {
    for (const orderer of ORDERERS) {
      const leaderId = metricValue(await ordererMetrics(orderer).catch(() => ''), LEADER_METRIC, 'channel="loulan"');
      if (leaderId !== undefined && leaderId > 0) {
        const leader = ORDERERS[leaderId - 1];
        if (leader !== undefined) {
          return leader;
        }
      }
    }
    throw new Error('no ordering node reports a leader');
  });
}

async function expectSameChain(restarted: Orderer, reference: Orderer): Promise<void> {
  const target = await height(reference);
  await eventually(async () => { expect(await height(restarted)).toBeGreaterThanOrEqual(target); }, 90_000);
  const [mine, theirs] = await Promise.all([ordererBlock(restarted, target - 1), ordererBlock(reference, target - 1)]);
  const header = (block: typeof mine): string => {
    const blockHeader = block.getHeader();
    if (blockHeader === undefined) {
      throw new Error('block without header');
    }
    return blockHeaderHash(blockHeader);
  };
  expect(header(mine)).toBe(header(theirs));
}

async function expectInStep(): Promise<void> {
  const heights = await Promise.all(ORDERERS.map((orderer) => height(orderer)));
  expect(new Set(heights).size).toBe(1);
}

/**
 * A fault only tells something when the other three nodes are healthy, so every node is in step first.
 * The pinned SmartBFT build can leave a node that lagged behind a consenter change (the membership test
 * makes some) stuck on the old consenter set until it restarts (README, Troubleshooting): a node still
 * behind after 30 s is restarted, as an admin would, before the faults are injected.
 */
async function orderersInStep(): Promise<void> {
  if (await eventually(expectInStep, 30_000).then(() => true, () => false)) {
    return;
  }
  const heights = await Promise.all(ORDERERS.map((orderer) => height(orderer)));
  const top = Math.max(...heights);
  for (const [index, orderer] of ORDERERS.entries()) {
    if ((heights[index] ?? 0) < top) {
      await net('stop-node', orderer);
      await net('start-node', orderer);
    }
  }
  await eventually(expectInStep, 120_000);
}

describe('BFT ordering faults', () => {
  let platform: FabricGateway;

  beforeAll(async () => {
    platform = connectAs('platform', {}, 'platform-admin');
    await orderersInStep();
  }, 240_000);
  afterAll(async () => {
    platform.close();
    for (const orderer of ORDERERS) {
      await net('start-node', orderer);
    }
  });

  it('keeps committing with the leader stopped, and the leader catches up after a restart', async () => {
    const leader = await currentLeader();
    // The followers notice the silent leader after missed heartbeats and elect another (a view change):
    // with this network's SmartBFT timeouts that takes 8-20 s, longer on a loaded machine than the
    // gateway's 20 s default write deadline, which a real client would retry past with the same id.
    const patient = connectAs('platform', { LOULAN_WRITE_DEADLINE_MS: '90000', LOULAN_COMMIT_STATUS_TIMEOUT_MS: '90000' }, 'platform-admin');
    try {
      await withNodesStopped([leader], async () => {
        const committed = await patient.submit('system', 'PutMarker', [uniqueId('leader-down'), 'ordered without the leader']);
        expect(committed.blockNumber).toBeGreaterThan(0n);
        await patient.submit('system', 'PutMarker', [uniqueId('leader-down-2'), 'again']);
      });
    } finally {
      patient.close();
    }

    const reference = ORDERERS.find((orderer) => orderer !== leader) ?? 'orderer1';
    await expectSameChain(leader, reference);
  }, 240_000);

  it('refuses to order with two of four nodes stopped, applies nothing, and resumes after a restart', async () => {
    const stopped: Orderer[] = ['orderer3', 'orderer4'];
    for (const orderer of stopped) {
      await net('stop-node', orderer);
    }
    const impatient = connectAs('platform', { LOULAN_COMMIT_STATUS_TIMEOUT_MS: '15000', LOULAN_SUBMIT_TIMEOUT_MS: '15000' }, 'platform-admin');
    const markerId = uniqueId('no-quorum');
    try {
      await expect(impatient.submit('system', 'PutMarker', [markerId, 'must not commit now'])).rejects.toMatchObject({
        code: 'NETWORK_UNAVAILABLE',
      });
      await expect(platform.evaluate('system', 'GetMarker', [markerId])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      impatient.close();
      for (const orderer of stopped) {
        await net('start-node', orderer);
      }
    }

    const resumed = await eventually(
      () => platform.submit('system', 'PutMarker', [uniqueId('quorum-back'), 'ordered again']),
      120_000,
      2_000,
    );
    expect(resumed.blockNumber).toBeGreaterThan(0n);
    // The refused request either never commits or commits whole: a retry with the same id stays exactly once.
    const retried = json((await platform.submit('system', 'PutMarker', [markerId, 'must not commit now'])).result);
    expect(retried).toMatchObject({ markerId, value: 'must not commit now' });
    for (const orderer of stopped) {
      await expectSameChain(orderer, 'orderer1');
    }
  });
});
