import 'reflect-metadata';

import { contracts } from '../../src';
import { AuditContract } from '../../src/audit/contract';
import { CouponsContract } from '../../src/coupons/contract';
import { JospContract } from '../../src/josp/contract';
import { PointsContract } from '../../src/points/contract';
import { ShelfContract } from '../../src/shelf/contract';
import { SystemContract } from '../../src/system/contract';
import { FakeLedger } from '../support/fake-ledger';
import { type AgreedTransaction, agreedTransactions, declaredTransactions, EVALUATE, SUBMIT } from '../support/metadata';
import { invokeThroughShim, newChaincode } from '../support/shim';

/** docs/points.md "Transactions": name, kind and argument order. */
const AGREED: AgreedTransaction[] = [
  ['Burn', SUBMIT, ['requestId', 'points']],
  ['BuyProduct', SUBMIT, ['requestId', 'productId', 'quantity']],
  ['CheckInvariant', EVALUATE, []],
  ['GetAccount', EVALUATE, ['account']],
  ['GetBalance', EVALUATE, ['account']],
  ['GetMerchant', EVALUATE, ['merchantId']],
  ['GetMonthlySales', EVALUATE, ['merchantId', 'month']],
  ['GetParams', EVALUATE, []],
  ['GetProduct', EVALUATE, ['productId']],
  ['GetRequest', EVALUATE, ['requestId']],
  ['GetStatement', EVALUATE, ['account', 'pageSize', 'bookmark']],
  ['ListProduct', SUBMIT, ['requestId', 'productId', 'name', 'pricePoints', 'stock']],
  ['ListProducts', EVALUATE, ['pageSize', 'bookmark']],
  ['Mint', SUBMIT, ['requestId', 'points']],
  ['OpenAccount', SUBMIT, []],
  ['PayMonthlyReward', SUBMIT, ['requestId', 'merchantId', 'month']],
  ['RebalanceLanes', SUBMIT, ['requestId']],
  ['RecordPurchase', SUBMIT, ['orderId', 'consumer', 'amountFen', 'occurredAt', 'lane']],
  ['RedeemPoints', SUBMIT, ['requestId', 'merchantId', 'orderId', 'points', 'lane']],
  ['RegisterMerchant', SUBMIT, ['requestId', 'merchantId', 'name', 'region']],
  ['RestockProduct', SUBMIT, ['requestId', 'productId', 'quantity']],
  ['Transfer', SUBMIT, ['requestId', 'toAccount', 'points']],
  ['UpdateParams', SUBMIT, ['requestId', 'paramsJson']],
];

describe('points contract surface', () => {
  it('declares exactly the agreed transactions, kinds and string parameters', () => {
    expect(declaredTransactions(PointsContract)).toEqual(agreedTransactions(AGREED));
  });

  it('is served by fabric-shim beside system, which stays the default contract', () => {
    expect(contracts).toEqual([SystemContract, PointsContract, JospContract, CouponsContract, ShelfContract, AuditContract]);
    const served = newChaincode().metadata.contracts;
    expect(Object.keys(served).sort()).toEqual(['audit', 'coupons', 'josp', 'org.hyperledger.fabric', 'points', 'shelf', 'system']);
    expect(served.points?.transactions.map((t) => t.name).sort()).toEqual(AGREED.map(([name]) => name));
    expect(served.system?.transactions.map((t) => t.name).sort()).toEqual(['GetMarker', 'Ping', 'PutMarker']);
  });

  it('names every write of every contract differently, since a request fingerprint names the transaction, not its contract', () => {
    const writes = contracts.flatMap((contract) => declaredTransactions(contract).filter((t) => t.tag.includes('SUBMIT')));
    expect(writes.length).toBeGreaterThan(50);
    expect(new Set(writes.map((t) => t.name)).size).toBe(writes.length);
  });

  it.each(['points:constructor', 'points:beforeTransaction', 'points:getName', 'points:Nope'])('does not run %s', async (fcn) => {
    const result = await invokeThroughShim(new FakeLedger(), fcn, []);
    expect(result.status).toBe(500);
    expect(result.message).toMatch(/does not exist/);
  });
});
