import { createHash } from 'node:crypto';

import type { Gateway } from '@hyperledger/fabric-gateway';

import type { CallerIdentity } from './gateway';

/**
 * One fabric-gateway `Gateway` per identity, all sharing one gRPC client, least recently used first out.
 *
 * A `Gateway` is only an identity and a signer bound to the shared connection (its `close()` releases
 * nothing else), so evicting one that a request still uses is harmless; the bound only caps memory.
 */
export class GatewayPool {
  private readonly gateways = new Map<string, Gateway>();

  /**
   * @param connectAs - creates the gateway of an identity on the shared gRPC client.
   * @param maxSize - most identities kept at once.
   */
  constructor(
    private readonly connectAs: (caller: CallerIdentity) => Gateway,
    private readonly maxSize: number,
  ) {}

  /** The gateway of `caller`, created on first use. */
  get(caller: CallerIdentity): Gateway {
    const key = identityKey(caller);
    const cached = this.gateways.get(key);
    if (cached !== undefined) {
      // Re-inserting moves the entry to the end: Map iteration order is the LRU order.
      this.gateways.delete(key);
      this.gateways.set(key, cached);
      return cached;
    }
    const gateway = this.connectAs(caller);
    this.gateways.set(key, gateway);
    for (const [oldest, evicted] of this.gateways) {
      if (this.gateways.size <= this.maxSize) {
        break;
      }
      this.gateways.delete(oldest);
      evicted.close();
    }
    return gateway;
  }

  /** Number of identities currently cached. */
  get size(): number {
    return this.gateways.size;
  }

  /** Closes every cached gateway. */
  close(): void {
    for (const gateway of this.gateways.values()) {
      gateway.close();
    }
    this.gateways.clear();
  }
}

// The certificate, not the signer function, identifies a member: the same certificate always has the same key.
function identityKey(caller: CallerIdentity): string {
  const certificateHash = createHash('sha256').update(caller.identity.credentials).digest('hex');
  return `${caller.identity.mspId}:${certificateHash}`;
}
