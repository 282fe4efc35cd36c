/**
 * From nothing to a committed transaction: every org's peer endorses and commits
 * through the gateway's Fabric adapter, and all peers end at the same height.
 */
import type { FabricGateway } from '../../../gateway/src/fabric/gateway';
import { connectAs, json, uniqueId } from '../../support/fabric';
import { eventually, height, ORGS } from '../../support/network';

describe('network smoke test', () => {
  const connections = new Map<string, FabricGateway>();
  const connection = (org: (typeof ORGS)[number]): FabricGateway => {
    // Markers are the platform admin's to write; the admin's proposals go through each org's peer.
    const existing = connections.get(org) ?? connectAs(org, {}, 'platform-admin');
    connections.set(org, existing);
    return existing;
  };

  afterAll(() => {
    for (const gateway of connections.values()) {
      gateway.close();
    }
  });

  it('answers a read-only query with the ledger time of the proposal', async () => {
    const ping = json(await connection('platform').evaluate('system', 'Ping', []));
    expect(ping).toMatchObject({ chaincode: 'loulan' });
    expect(Date.parse((ping as { txTime: string }).txTime)).not.toBeNaN();
  });

  it.each(ORGS)('commits a transaction submitted through the %s peer', async (org) => {
    const markerId = uniqueId(`smoke-${org}`);
    const committed = await connection(org).submit('system', 'PutMarker', [markerId, `hello from ${org}`]);

    expect(committed.transactionId).toMatch(/^[0-9a-f]{64}$/);
    expect(committed.blockNumber).toBeGreaterThan(0n);
    // The commit status came from the submitting org's peer; the platform peer may be a block behind.
    await eventually(async () => {
      const stored = json(await connection('platform').evaluate('system', 'GetMarker', [markerId]));
      expect(stored).toMatchObject({ markerId, value: `hello from ${org}`, txId: committed.transactionId });
    }, 10_000, 200);
  });

  it.each(ORGS)('refuses a marker from the %s gateway service identity, which holds no ledger role', async (org) => {
    const service = connectAs(org);
    try {
      await expect(service.submit('system', 'PutMarker', [uniqueId(`refused-${org}`), 'x'])).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      service.close();
    }
  });

  it('brings every peer to the same block height', async () => {
    const { blockNumber } = await connection('retail').submit('system', 'PutMarker', [uniqueId('height'), 'x']);
    await eventually(async () => {
      const heights = await Promise.all(ORGS.map((org) => height(`peer0-${org}`)));
      expect(new Set(heights).size).toBe(1);
      expect(heights[0]).toBeGreaterThan(Number(blockNumber));
    });
  });
});
