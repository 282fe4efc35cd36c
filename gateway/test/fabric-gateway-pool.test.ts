import type { Gateway } from '@hyperledger/fabric-gateway';

import type { CallerIdentity } from '../src/fabric/gateway';
import { GatewayPool } from '../src/fabric/gateway-pool';

function identity(name: string): CallerIdentity {
  return { identity: { mspId: 'Org1MSP', credentials: Buffer.from(name) }, signer: async () => Buffer.from('s') };
}

// Each fake's close mock, kept aside: read off the gateway, close would be an unbound method.
const closeMocks = new WeakMap<Gateway, jest.Mock>();

function fakeGateway(): Gateway {
  const close = jest.fn();
  const gateway = { close } as unknown as Gateway;
  closeMocks.set(gateway, close);
  return gateway;
}

function closeOf(gateway: Gateway): jest.Mock {
  const close = closeMocks.get(gateway);
  if (close === undefined) {
    throw new Error('not a fake gateway');
  }
  return close;
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
    expect(closeOf(bob)).toHaveBeenCalledTimes(1);
    expect(closeOf(alice)).not.toHaveBeenCalled();
  });

  it('closes every gateway on close', () => {
    const pool = new GatewayPool(fakeGateway, 5);
    const gateways = [pool.get(identity('a')), pool.get(identity('b'))];

    pool.close();

    expect(gateways.map((g) => closeOf(g).mock.calls.length)).toEqual([1, 1]);
    expect(pool.size).toBe(0);
  });
});
