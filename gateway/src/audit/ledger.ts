import { array, decodeResult, object, string } from '../contract/decode';
import { NotFoundError } from '../errors';
import { FabricRequestError } from '../fabric/errors';
import type { CallerIdentity, FabricGateway } from '../fabric/gateway';

/** Chaincode contract name of the audit module. */
export const AUDIT_CONTRACT = 'audit';
/** Fabric's query system chaincode: blocks, transactions and chain info. */
export const QSCC = 'qscc';

const classIdsResult = object({ items: array(string), bookmark: string });

/**
 * The ledger reads of the audit view: the chaincode contract `audit` (coupon class ids) and the system
 * chaincode qscc, each
 * evaluated under the caller's own identity so the peer's access control and the chaincode's role checks see
 * the member, not the gateway.
 */
export class AuditLedger {
  constructor(
    private readonly fabric: FabricGateway,
    private readonly channel: string,
  ) {}

  /** Every coupon class id, walking `audit:ListCouponClasses` page by page. */
  async couponClassIds(caller: CallerIdentity): Promise<string[]> {
    const ids: string[] = [];
    let bookmark = '';
    do {
      const bytes = await this.fabric.evaluate(AUDIT_CONTRACT, 'ListCouponClasses', ['100', bookmark], { caller });
      const page = decodeResult(bytes, classIdsResult);
      ids.push(...page.items);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return ids;
  }

  /** qscc `GetChainInfo` (`common.BlockchainInfo` bytes), on a peer of `mspId` when given. */
  chainInfo(caller: CallerIdentity, mspId?: string): Promise<Uint8Array> {
    return this.qscc(caller, 'GetChainInfo', [], mspId === undefined ? {} : { endorsingOrganizations: [mspId] });
  }

  /** qscc `GetBlockByNumber` (`common.Block` bytes). */
  block(caller: CallerIdentity, number: bigint): Promise<Uint8Array> {
    return this.qscc(caller, 'GetBlockByNumber', [number.toString()]);
  }

  /** qscc `GetBlockByTxID` (`common.Block` bytes of the block holding the transaction). */
  blockOfTransaction(caller: CallerIdentity, txId: string): Promise<Uint8Array> {
    return this.qscc(caller, 'GetBlockByTxID', [txId]);
  }

  private async qscc(
    caller: CallerIdentity,
    fn: string,
    args: string[],
    options: { endorsingOrganizations?: string[] } = {},
  ): Promise<Uint8Array> {
    try {
      return await this.fabric.evaluate('', fn, [this.channel, ...args], { caller, chaincode: QSCC, ...options });
    } catch (err) {
      // qscc reports a missing block or transaction as a plain peer error.
      if (err instanceof FabricRequestError && /no such|not found/i.test(err.message)) {
        throw new NotFoundError(`${fn}: nothing found for ${args.join(' ')}`, { cause: err });
      }
      throw err;
    }
  }
}
