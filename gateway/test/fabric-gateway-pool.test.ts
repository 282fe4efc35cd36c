import type { Gateway } from '@hyperledger/fabric-gateway';

import type { CallerIdentity } from '../src/fabric/gateway';
import { GatewayPool } from '../src/fabric/gateway-pool';

function identity(name: string): CallerIdentity {
  return { identity: { mspId: 'Org1MSP', credentials: Buffer.from(name) }, signer: async () => Buffer.from('s') };
}

function fakeGateway(): Gateway {
  return { close: jest.fn() } as unknown as Gateway;
}

describe('GatewayPool', () => {
  it('connects each identity once and reuses its gateway', () => {
    const connectAs = jest.fn(fakeGateway);
    const pool = new GatewayPool(connectAs, 10);

    const first = pool.get(identity('alice'));
    const again = pool.get({ ...identity('alice'), signer: async () => Buffer.from('other') });

    expect(again).toBe(first);
    expect(connectAs).toHaveBeenCalledTimes(1);
  });

  it('evicts and closes the least recently used gateway beyond its bound', () => {
    const pool = new GatewayPool(fakeGateway, 2);
    const alice = pool.get(identity('alice'));
    const bob = pool.get(identity('bob'));
    pool.get(identity('alice'));

    pool.get(identity('carol'));

    expect(pool.size).toBe(2);
    expect(bob.close).toHaveBeenCalledTimes(1);
    expect(alice.close).not.toHaveBeenCalled();
  });

  it('closes every gateway on close', () => {
    const pool = new GatewayPool(fakeGateway, 5);
    const gateways = [pool.get(identity('a')), pool.get(identity('b'))];

    pool.close();

    expect(gateways.map((g) => (g.close as jest.Mock).mock.calls.length)).toEqual([1, 1]);
    expect(pool.size).toBe(0);
  });
});
