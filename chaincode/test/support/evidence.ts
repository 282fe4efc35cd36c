/**
 * The evidence contract's test driver (./driver.ts), with the shortcuts its tests share.
 */
import { createHash } from 'node:crypto';

import { EvidenceContract } from '../../src/evidence/contract';
import { displayKey } from '../../src/ledger/keys';
import { Driver, type Json, type Who } from './driver';

/** The SHA-256 of a text, as a client computes a document's: 64 lower-case hex digits. */
export function sha256Of(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The arguments of one notarisation after its request id; unnamed ones are left out (`""`). */
export interface Notarisation {
  readonly sha256: string;
  readonly kind?: string;
  readonly parties?: readonly string[] | string;
  readonly occurredAt?: string;
  readonly title?: string;
}

/** A ledger with a clock that advances one second per transaction, serving the evidence contract. */
export class EvidenceDriver extends Driver<EvidenceContract> {
  constructor(start = '2025-03-10T04:00:00.000Z') {
    super(new EvidenceContract(), start);
  }

  /** Notarises as `as` and commits; returns the result and the keys the transaction wrote, as `type~part…`. */
  async notarise(as: Who, requestId: string, n: Notarisation): Promise<{ json: Json; writes: string[] }> {
    const { json, stub } = await this.run(as, (c, ctx) => c.Notarise(ctx, requestId, ...notariseArgs(n)));
    return { json, writes: [...stub.writes.keys()].map(displayKey) };
  }
}

/**
 * @param n - a notarisation
 * @returns its arguments after the request id, in the protocol's order
 */
export function notariseArgs(n: Notarisation): [string, string, string, string, string] {
  const parties = typeof n.parties === 'string' ? n.parties : n.parties === undefined ? '' : JSON.stringify(n.parties);
  return [n.sha256, n.kind ?? 'contract', parties, n.occurredAt ?? '', n.title ?? ''];
}
