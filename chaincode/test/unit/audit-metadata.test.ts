import 'reflect-metadata';

import { AuditContract } from '../../src/audit/contract';
import { type AgreedTransaction, agreedTransactions, declaredTransactions, EVALUATE } from '../support/metadata';
import { newChaincode } from '../support/shim';

/** docs/audit.md "Transactions": name, kind and argument order; all read-only. */
const AGREED: AgreedTransaction[] = [
  ['GetHistory', EVALUATE, ['entityType', 'entityId', 'pageSize', 'bookmark']],
  ['ListCouponClasses', EVALUATE, ['pageSize', 'bookmark']],
];

describe('audit contract surface', () => {
  it('declares exactly the agreed read-only transactions and string parameters', () => {
    expect(declaredTransactions(AuditContract)).toEqual(agreedTransactions(AGREED));
  });

  it('is served by fabric-shim as the contract audit', () => {
    const served = newChaincode().metadata.contracts;
    expect(served.audit?.transactions.map((t) => t.name).sort()).toEqual(AGREED.map(([name]) => name));
  });
});
