import { Context, Info, Returns, Transaction } from 'fabric-contract-api';

import { GatedContract } from './gate';
import { CHAINCODE_VERSION } from '../version';
import { getAccount, openAccount, rebalanceLanes, transfer } from './ops-accounts';
import { burn, mint, registerMerchant, updateParams } from './ops-admin';
import { buyProduct, listProduct, restockProduct } from './ops-products';
import { recordPurchase, redeemPoints } from './ops-purchase';
import { payMonthlyReward } from './ops-reward';
import {
  checkInvariant,
  getBalance,
  getMerchant,
  getMonthlySales,
  getParams,
  getProduct,
  getRequest,
  getStatement,
  listProducts,
} from './queries';

/**
 * The loyalty points ledger (SPEC §1–§3), callable as `points:<Transaction>`. The agreed
 * interface is docs/points.md; each method only routes to its operation, so that every
 * method of this class is a transaction.
 */
@Info({ title: 'points', description: 'Loyalty points ledger', version: CHAINCODE_VERSION })
export class PointsContract extends GatedContract {
  constructor() {
    super('points');
  }

  /** Opens the account the caller's certificate names, owned by its MSP and role. @returns the AccountRecord as JSON */
  @Transaction()
  @Returns('string')
  public async OpenAccount(ctx: Context): Promise<string> {
    return openAccount(ctx);
  }

  /** @returns the register entry of an account as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetAccount(ctx: Context, account: string): Promise<string> {
    return getAccount(ctx, account);
  }

  /** @returns the parameters as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetParams(ctx: Context): Promise<string> {
    return getParams(ctx);
  }

  /** Replaces the parameters (admin). @returns the new parameters as JSON */
  @Transaction()
  @Returns('string')
  public async UpdateParams(ctx: Context, requestId: string, paramsJson: string): Promise<string> {
    return updateParams(ctx, requestId, paramsJson);
  }

  /** Creates points in the treasury (admin). @returns the SupplyChange as JSON */
  @Transaction()
  @Returns('string')
  public async Mint(ctx: Context, requestId: string, points: string): Promise<string> {
    return mint(ctx, requestId, points);
  }

  /** Destroys treasury points (admin). @returns the SupplyChange as JSON */
  @Transaction()
  @Returns('string')
  public async Burn(ctx: Context, requestId: string, points: string): Promise<string> {
    return burn(ctx, requestId, points);
  }

  /** Registers a merchant and pays its join bonus (admin). @returns the Merchant as JSON */
  @Transaction()
  @Returns('string')
  public async RegisterMerchant(
    ctx: Context,
    requestId: string,
    merchantId: string,
    name: string,
    region: string,
  ): Promise<string> {
    return registerMerchant(ctx, requestId, merchantId, name, region);
  }

  /** @returns the Merchant as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetMerchant(ctx: Context, merchantId: string): Promise<string> {
    return getMerchant(ctx, merchantId);
  }

  /** Records a purchase; the consumer earns points from the merchant (merchant). @returns the Purchase as JSON */
  @Transaction()
  @Returns('string')
  public async RecordPurchase(
    ctx: Context,
    orderId: string,
    consumer: string,
    amountFen: string,
    occurredAt: string,
    lane: string,
  ): Promise<string> {
    return recordPurchase(ctx, orderId, consumer, amountFen, occurredAt, lane);
  }

  /** Pays part of an order with points (consumer). @returns the Redemption as JSON */
  @Transaction()
  @Returns('string')
  public async RedeemPoints(
    ctx: Context,
    requestId: string,
    merchantId: string,
    orderId: string,
    points: string,
    lane: string,
  ): Promise<string> {
    return redeemPoints(ctx, requestId, merchantId, orderId, points, lane);
  }

  /** Moves points from the caller to another account. @returns the TransferResult as JSON */
  @Transaction()
  @Returns('string')
  public async Transfer(ctx: Context, requestId: string, toAccount: string, points: string): Promise<string> {
    return transfer(ctx, requestId, toAccount, points);
  }

  /** Spreads the caller's balance evenly over its lanes. @returns the balance as JSON */
  @Transaction()
  @Returns('string')
  public async RebalanceLanes(ctx: Context, requestId: string): Promise<string> {
    return rebalanceLanes(ctx, requestId);
  }

  /** Lists a points-only product (admin). @returns the Product as JSON */
  @Transaction()
  @Returns('string')
  public async ListProduct(
    ctx: Context,
    requestId: string,
    productId: string,
    name: string,
    pricePoints: string,
    stock: string,
  ): Promise<string> {
    return listProduct(ctx, requestId, productId, name, pricePoints, stock);
  }

  /** Adds stock to a product (admin). @returns the Product as JSON */
  @Transaction()
  @Returns('string')
  public async RestockProduct(ctx: Context, requestId: string, productId: string, quantity: string): Promise<string> {
    return restockProduct(ctx, requestId, productId, quantity);
  }

  /** Buys a product with points (consumer). @returns the ProductPurchase as JSON */
  @Transaction()
  @Returns('string')
  public async BuyProduct(ctx: Context, requestId: string, productId: string, quantity: string): Promise<string> {
    return buyProduct(ctx, requestId, productId, quantity);
  }

  /** @returns the Product as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetProduct(ctx: Context, productId: string): Promise<string> {
    return getProduct(ctx, productId);
  }

  /** @returns one page of products as JSON */
  @Transaction(false)
  @Returns('string')
  public async ListProducts(ctx: Context, pageSize: string, bookmark: string): Promise<string> {
    return listProducts(ctx, pageSize, bookmark);
  }

  /** Pays a merchant's reward for a finished month (admin). @returns the Reward as JSON */
  @Transaction()
  @Returns('string')
  public async PayMonthlyReward(ctx: Context, requestId: string, merchantId: string, month: string): Promise<string> {
    return payMonthlyReward(ctx, requestId, merchantId, month);
  }

  /** @returns a merchant's sales and reward for a month as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetMonthlySales(ctx: Context, merchantId: string, month: string): Promise<string> {
    return getMonthlySales(ctx, merchantId, month);
  }

  /** @returns an account's balance as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetBalance(ctx: Context, account: string): Promise<string> {
    return getBalance(ctx, account);
  }

  /** @returns one page of an account's statement as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetStatement(ctx: Context, account: string, pageSize: string, bookmark: string): Promise<string> {
    return getStatement(ctx, account, pageSize, bookmark);
  }

  /** @returns the caller's own record of a request it executed, `{requestId, txId, result}`, as JSON */
  @Transaction(false)
  @Returns('string')
  public async GetRequest(ctx: Context, requestId: string): Promise<string> {
    return getRequest(ctx, requestId);
  }

  /** @returns the supply totals and whether the invariant holds, as JSON */
  @Transaction(false)
  @Returns('string')
  public async CheckInvariant(ctx: Context): Promise<string> {
    return checkInvariant(ctx);
  }
}
