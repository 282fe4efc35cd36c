import {
  type Arguments,
  type ContractProtocol,
  type ReadName,
  type TransactionName,
  transactionOf,
  type WriteName,
} from '@loulan/protocol';

import type { CallerIdentity, FabricGateway } from '../fabric/gateway';
import { type Decoder, decodeResult } from './decode';

/** What a committed write answers: the decoded chaincode result, its transaction and block. */
export interface CommittedWrite<T> {
  readonly result: T;
  readonly transactionId: string;
  readonly blockNumber: bigint;
  /**
   * Milliseconds the Fabric call took, from the first proposal to the commit status, retries
   * included: what a write answer reports in its `Server-Timing` header, so that a client can
   * tell the gateway's own share of the latency from Fabric's.
   */
  readonly fabricMs: number;
}

/**
 * The one way the gateway calls a chaincode contract: evaluate or submit a transaction of its
 * protocol table (@loulan/protocol) under the caller's own Fabric identity and decode its JSON
 * result, so that nothing reaches a route or a service on a bare type assertion. Arguments are
 * given by name and put in the order the table gives, so a call that misses, misnames or adds one
 * does not compile. Routes call it from their operation table (http/operations.ts); a module whose
 * services call transactions too extends it with typed methods for those (`points/contract.ts`).
 */
export class ContractClient<C extends ContractProtocol = ContractProtocol> {
  /**
   * @param protocol - the contract's transaction table
   */
  constructor(
    private readonly fabric: FabricGateway,
    readonly protocol: C,
  ) {}

  /** The chaincode contract name (`points`, `josp`, `coupons`, `shelf`). */
  get contract(): string {
    return this.protocol.contract;
  }

  /** Evaluates `transaction` on the caller's behalf (nothing is ordered) and decodes its result. */
  async read<N extends ReadName<C>, T>(caller: CallerIdentity, transaction: N, args: Arguments<C, N>, decoder: Decoder<T>): Promise<T> {
    return decodeResult(await this.fabric.evaluate(this.contract, transaction, this.ordered(transaction, args), { caller }), decoder);
  }

  /** Submits `transaction` signed by the caller, waits for its commit and decodes its result. */
  async write<N extends WriteName<C>, T>(
    caller: CallerIdentity,
    transaction: N,
    args: Arguments<C, N>,
    decoder: Decoder<T>,
  ): Promise<CommittedWrite<T>> {
    const started = performance.now();
    const outcome = await this.fabric.submit(this.contract, transaction, this.ordered(transaction, args), { caller });
    const fabricMs = performance.now() - started;
    return {
      result: decodeResult(outcome.result, decoder),
      transactionId: outcome.transactionId,
      blockNumber: outcome.blockNumber,
      fabricMs,
    };
  }

  /** The arguments in the order the chaincode function takes them. */
  private ordered<N extends TransactionName<C>>(transaction: N, args: Arguments<C, N>): string[] {
    const named: Readonly<Record<string, string>> = args;
    return transactionOf(this.protocol, transaction).args.map((name) => named[name] ?? '');
  }
}
