import type { CallerIdentity, FabricGateway } from '../fabric/gateway';
import { decodeResult, type Decoder } from './decode';
import {
  balanceResult,
  invariantResult,
  merchantResult,
  monthlySalesResult,
  paramsResult,
  productPageResult,
  productPurchaseResult,
  productResult,
  purchaseResult,
  rebalanceResult,
  redemptionResult,
  rewardResult,
  statementResult,
  supplyChangeResult,
  transferResult,
  type Balance,
  type Invariant,
  type Merchant,
  type MonthlySales,
  type Params,
  type Product,
  type ProductPage,
  type ProductPurchase,
  type Purchase,
  type RebalanceResult,
  type Redemption,
  type Reward,
  type Statement,
  type SupplyChange,
  type TransferResult,
} from './results';

/** Chaincode contract name of the points module. */
export const POINTS_CONTRACT = 'points';

/** A committed write: the decoded chaincode result and where it landed. */
export interface WriteResult<T> {
  readonly result: T;
  readonly transactionId: string;
  readonly blockNumber: bigint;
}

/** The parameter document as written by `UpdateParams` (what `GetParams` returns, less its bookkeeping). */
export type ParamsDocument = Omit<Params, 'version' | 'updatedAt' | 'updatedByTxId'>;

/**
 * Typed wrapper of the chaincode contract `points`: one method per transaction of docs/points.md, taking
 * typed arguments, passing them as the decimal strings the chaincode parses, and decoding its JSON result.
 * Every call runs under `caller`'s own Fabric identity; roles are checked by the chaincode.
 */
export class PointsContract {
  constructor(private readonly fabric: FabricGateway) {}

  /** `GetParams`. */
  getParams(caller: CallerIdentity): Promise<Params> {
    return this.read(caller, 'GetParams', [], paramsResult);
  }

  /** `UpdateParams` (admin): replaces the whole document. */
  updateParams(caller: CallerIdentity, requestId: string, params: ParamsDocument): Promise<WriteResult<Params>> {
    return this.write(caller, 'UpdateParams', [requestId, JSON.stringify(params)], paramsResult);
  }

  /** `Mint` (admin): new points into the treasury. */
  mint(caller: CallerIdentity, requestId: string, points: number): Promise<WriteResult<SupplyChange>> {
    return this.write(caller, 'Mint', [requestId, String(points)], supplyChangeResult);
  }

  /** `Burn` (admin): points out of the treasury. */
  burn(caller: CallerIdentity, requestId: string, points: number): Promise<WriteResult<SupplyChange>> {
    return this.write(caller, 'Burn', [requestId, String(points)], supplyChangeResult);
  }

  /** `RegisterMerchant` (admin), paying the region's join bonus. */
  registerMerchant(
    caller: CallerIdentity,
    requestId: string,
    merchant: { readonly merchantId: string; readonly name: string; readonly region: string },
  ): Promise<WriteResult<Merchant>> {
    const args = [requestId, merchant.merchantId, merchant.name, merchant.region];
    return this.write(caller, 'RegisterMerchant', args, merchantResult);
  }

  /** `GetMerchant`. */
  getMerchant(caller: CallerIdentity, merchantId: string): Promise<Merchant> {
    return this.read(caller, 'GetMerchant', [merchantId], merchantResult);
  }

  /** `RecordPurchase` (merchant); the order id is the business id. */
  recordPurchase(
    caller: CallerIdentity,
    purchase: {
      readonly orderId: string;
      readonly consumer: string;
      readonly amountFen: number;
      readonly occurredAt: string;
      readonly lane: number;
    },
  ): Promise<WriteResult<Purchase>> {
    const { orderId, consumer, amountFen, occurredAt, lane } = purchase;
    const args = [orderId, consumer, String(amountFen), occurredAt, String(lane)];
    return this.write(caller, 'RecordPurchase', args, purchaseResult);
  }

  /** `RedeemPoints` (consumer): points towards an order the merchant recorded for the consumer. */
  redeemPoints(
    caller: CallerIdentity,
    requestId: string,
    redemption: {
      readonly merchantId: string;
      readonly orderId: string;
      readonly points: number;
      readonly lane: number;
    },
  ): Promise<WriteResult<Redemption>> {
    const { merchantId, orderId, points, lane } = redemption;
    const args = [requestId, merchantId, orderId, String(points), String(lane)];
    return this.write(caller, 'RedeemPoints', args, redemptionResult);
  }

  /** `Transfer`: from the caller's account to `toAccount`. */
  transfer(caller: CallerIdentity, requestId: string, toAccount: string, points: number): Promise<WriteResult<TransferResult>> {
    return this.write(caller, 'Transfer', [requestId, toAccount, String(points)], transferResult);
  }

  /** `RebalanceLanes`: spreads the caller's balance evenly over its lanes. */
  rebalanceLanes(caller: CallerIdentity, requestId: string): Promise<WriteResult<RebalanceResult>> {
    return this.write(caller, 'RebalanceLanes', [requestId], rebalanceResult);
  }

  /** `ListProduct` (admin): creates or replaces a points-only product. */
  listProduct(
    caller: CallerIdentity,
    requestId: string,
    product: { readonly productId: string; readonly name: string; readonly pricePoints: number; readonly stock: number },
  ): Promise<WriteResult<Product>> {
    const args = [requestId, product.productId, product.name, String(product.pricePoints), String(product.stock)];
    return this.write(caller, 'ListProduct', args, productResult);
  }

  /** `RestockProduct` (admin). */
  restockProduct(
    caller: CallerIdentity,
    requestId: string,
    productId: string,
    quantity: number,
  ): Promise<WriteResult<Product>> {
    return this.write(caller, 'RestockProduct', [requestId, productId, String(quantity)], productResult);
  }

  /** `BuyProduct` (consumer). */
  buyProduct(
    caller: CallerIdentity,
    requestId: string,
    productId: string,
    quantity: number,
  ): Promise<WriteResult<ProductPurchase>> {
    return this.write(caller, 'BuyProduct', [requestId, productId, String(quantity)], productPurchaseResult);
  }

  /** `GetProduct`. */
  getProduct(caller: CallerIdentity, productId: string): Promise<Product> {
    return this.read(caller, 'GetProduct', [productId], productResult);
  }

  /** `ListProducts`: one page; `bookmark` is `""` for the first. */
  listProducts(caller: CallerIdentity, pageSize: number, bookmark: string): Promise<ProductPage> {
    return this.read(caller, 'ListProducts', [String(pageSize), bookmark], productPageResult);
  }

  /** `PayMonthlyReward` (admin) for a finished month `yyyymm`. */
  payMonthlyReward(
    caller: CallerIdentity,
    requestId: string,
    merchantId: string,
    month: string,
  ): Promise<WriteResult<Reward>> {
    return this.write(caller, 'PayMonthlyReward', [requestId, merchantId, month], rewardResult);
  }

  /** `GetMonthlySales` (the merchant, admin, auditor). */
  getMonthlySales(caller: CallerIdentity, merchantId: string, month: string): Promise<MonthlySales> {
    return this.read(caller, 'GetMonthlySales', [merchantId, month], monthlySalesResult);
  }

  /** `GetBalance` (owner, admin, auditor). */
  getBalance(caller: CallerIdentity, account: string): Promise<Balance> {
    return this.read(caller, 'GetBalance', [account], balanceResult);
  }

  /** `GetStatement` (owner, admin, auditor): one page of movements. */
  getStatement(caller: CallerIdentity, account: string, pageSize: number, bookmark: string): Promise<Statement> {
    return this.read(caller, 'GetStatement', [account, String(pageSize), bookmark], statementResult);
  }

  /** `CheckInvariant`. */
  checkInvariant(caller: CallerIdentity): Promise<Invariant> {
    return this.read(caller, 'CheckInvariant', [], invariantResult);
  }

  private async read<T>(caller: CallerIdentity, transaction: string, args: string[], decoder: Decoder<T>): Promise<T> {
    return decodeResult(await this.fabric.evaluate(POINTS_CONTRACT, transaction, args, { caller }), decoder);
  }

  private async write<T>(
    caller: CallerIdentity,
    transaction: string,
    args: string[],
    decoder: Decoder<T>,
  ): Promise<WriteResult<T>> {
    const outcome = await this.fabric.submit(POINTS_CONTRACT, transaction, args, { caller });
    return {
      result: decodeResult(outcome.result, decoder),
      transactionId: outcome.transactionId,
      blockNumber: outcome.blockNumber,
    };
  }
}
