import { POINTS } from '@loulan/protocol';

import { defineContract } from '../ledger/transactions';
import { getAccount, openAccount, rebalanceLanes, transfer } from './ops-accounts';
import { burn, mint, registerMerchant, updateParams } from './ops-admin';
import { buyProduct, listProduct, restockProduct } from './ops-products';
import { recordPurchase, redeemPoints } from './ops-purchase';
import { recordPurchases } from './ops-purchase-batch';
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
export const PointsContract = defineContract(POINTS, 'Loyalty points ledger', {
  OpenAccount: openAccount,
  GetAccount: getAccount,
  GetParams: getParams,
  UpdateParams: updateParams,
  Mint: mint,
  Burn: burn,
  RegisterMerchant: registerMerchant,
  GetMerchant: getMerchant,
  RecordPurchase: recordPurchase,
  RecordPurchases: recordPurchases,
  RedeemPoints: redeemPoints,
  Transfer: transfer,
  RebalanceLanes: rebalanceLanes,
  ListProduct: listProduct,
  RestockProduct: restockProduct,
  BuyProduct: buyProduct,
  GetProduct: getProduct,
  ListProducts: listProducts,
  PayMonthlyReward: payMonthlyReward,
  GetMonthlySales: getMonthlySales,
  GetBalance: getBalance,
  GetStatement: getStatement,
  GetRequest: getRequest,
  CheckInvariant: checkInvariant,
});
/** An instance of the points contract. */
export type PointsContract = InstanceType<typeof PointsContract>;
