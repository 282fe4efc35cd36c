import type { CallerIdentity, FabricGateway } from '../fabric/gateway';
import { type Decoder, decodeResult } from './decode';

/** What a committed write answers: the decoded chaincode result, its transaction and block. */
export interface CommittedWrite<T> {
  readonly result: T;
  readonly transactionId: string;
  readonly blockNumber: bigint;
}

/**
 * The one way the gateway calls a chaincode contract: evaluate or submit a transaction under the
 * caller's own Fabric identity and decode its JSON result, so that nothing reaches a route or a service
 * on a bare type assertion. Routes call it from their operation table (http/operations.ts); a module
 * whose services call transactions too extends it with typed methods for those (`points/contract.ts`).
 */
export class ContractClient {
  /**
   * @param contract - the chaincode contract name (`points`, `josp`, `coupons`, `shelf`)
   */
  constructor(
    private readonly fabric: FabricGateway,
    readonly contract: string,
  ) {}

  /** Evaluates `transaction` on the caller's behalf (nothing is ordered) and decodes its result. */
  async read<T>(caller: CallerIdentity, transaction: string, args: readonly string[], decoder: Decoder<T>): Promise<T> {
    return decodeResult(await this.fabric.evaluate(this.contract, transaction, args, { caller }), decoder);
  }

  /** Submits `transaction` signed by the caller, waits for its commit and decodes its result. */
  async write<T>(caller: CallerIdentity, transaction: string, args: readonly string[], decoder: Decoder<T>): Promise<CommittedWrite<T>> {
    const outcome = await this.fabric.submit(this.contract, transaction, args, { caller });
    return { result: decodeResult(outcome.result, decoder), transactionId: outcome.transactionId, blockNumber: outcome.blockNumber };
  }
}
