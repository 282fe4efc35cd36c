import { defineContract, evaluate, submit } from '../ledger/transactions';
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
 * The loyalty points ledger (docs/rules.md#points), callable as `points:<Transaction>`. The agreed
 * interface is docs/points.md; each method only routes to its operation, so that every
 * method of this class is a transaction.
 */
export const PointsContract = defineContract('points', 'Loyalty points ledger', {
  /** Opens the account the caller's certificate names, owned by its MSP and role. @returns the AccountRecord as JSON */
  OpenAccount: submit(openAccount),
  /** @returns the register entry of an account as JSON */
  GetAccount: evaluate(getAccount),
  /** @returns the parameters as JSON */
  GetParams: evaluate(getParams),
  /** Replaces the parameters (admin). @returns the new parameters as JSON */
  UpdateParams: submit(updateParams),
  /** Creates points in the treasury (admin). @returns the SupplyChange as JSON */
  Mint: submit(mint),
  /** Destroys treasury points (admin). @returns the SupplyChange as JSON */
  Burn: submit(burn),
  /** Registers a merchant and pays its join bonus (admin). @returns the Merchant as JSON */
  RegisterMerchant: submit(registerMerchant),
  /** @returns the Merchant as JSON */
  GetMerchant: evaluate(getMerchant),
  /** Records a purchase; the consumer earns points from the merchant (merchant). @returns the Purchase as JSON */
  RecordPurchase: submit(recordPurchase),
  /** Pays part of an order with points (consumer). @returns the Redemption as JSON */
  RedeemPoints: submit(redeemPoints),
  /** Moves points from the caller to another account. @returns the TransferResult as JSON */
  Transfer: submit(transfer),
  /** Spreads the caller's balance evenly over its lanes. @returns the balance as JSON */
  RebalanceLanes: submit(rebalanceLanes),
  /** Lists a points-only product (admin). @returns the Product as JSON */
  ListProduct: submit(listProduct),
  /** Adds stock to a product (admin). @returns the Product as JSON */
  RestockProduct: submit(restockProduct),
  /** Buys a product with points (consumer). @returns the ProductPurchase as JSON */
  BuyProduct: submit(buyProduct),
  /** @returns the Product as JSON */
  GetProduct: evaluate(getProduct),
  /** @returns one page of products as JSON */
  ListProducts: evaluate(listProducts),
  /** Pays a merchant's reward for a finished month (admin). @returns the Reward as JSON */
  PayMonthlyReward: submit(payMonthlyReward),
  /** @returns a merchant's sales and reward for a month as JSON */
  GetMonthlySales: evaluate(getMonthlySales),
  /** @returns an account's balance as JSON */
  GetBalance: evaluate(getBalance),
  /** @returns one page of an account's statement as JSON */
  GetStatement: evaluate(getStatement),
  /** @returns the caller's own record of a request it executed, `{requestId, txId, result}`, as JSON */
  GetRequest: evaluate(getRequest),
  /** @returns the supply totals and whether the invariant holds, as JSON */
  CheckInvariant: evaluate(checkInvariant),
});
/** An instance of the points contract. */
export type PointsContract = InstanceType<typeof PointsContract>;
