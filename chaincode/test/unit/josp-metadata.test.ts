import 'reflect-metadata';

import { JospContract } from '../../src/josp/contract';
import { type AgreedTransaction, agreedTransactions, declaredTransactions, EVALUATE, SUBMIT } from '../support/metadata';
import { newChaincode } from '../support/shim';

/** docs/josp.md "Transactions": name, kind and argument order. */
const AGREED: AgreedTransaction[] = [
  ['AcceptLoan', SUBMIT, ['requestId', 'loanId']],
  ['CancelPlan', SUBMIT, ['requestId', 'planId']],
  ['DeclareDefault', SUBMIT, ['requestId', 'loanId']],
  ['GetLoan', EVALUATE, ['loanId']],
  ['GetPlan', EVALUATE, ['planId']],
  ['GetQualification', EVALUATE, ['bank', 'consumer']],
  ['ListLoans', EVALUATE, ['party', 'pageSize', 'bookmark']],
  ['ListPlans', EVALUATE, ['issuer', 'pageSize', 'bookmark']],
  ['ListPositions', EVALUATE, ['investor', 'pageSize', 'bookmark']],
  ['OfferLoan', SUBMIT, ['requestId', 'loanId', 'merchantId', 'principalFen', 'rateBps', 'dueDate', 'collateralPoints']],
  [
    'OpenPlan',
    SUBMIT,
    [
      'requestId',
      'planId',
      'salesMerchant',
      'capPoints',
      'minRaisePoints',
      'minSubscription',
      'maxSubscription',
      'windowStart',
      'windowEnd',
      'maturity',
      'yieldScheduleJson',
    ],
  ],
  ['QualifyInvestor', SUBMIT, ['requestId', 'consumer']],
  ['RecordDisbursement', SUBMIT, ['requestId', 'loanId']],
  ['RecordRepayment', SUBMIT, ['requestId', 'loanId']],
  ['RefundPlan', SUBMIT, ['requestId', 'planId', 'pageSize']],
  ['SettlePlan', SUBMIT, ['requestId', 'planId', 'pageSize']],
  ['Subscribe', SUBMIT, ['requestId', 'planId', 'points']],
];

describe('josp contract surface', () => {
  it('declares exactly the agreed transactions, kinds and string parameters', () => {
    expect(declaredTransactions(JospContract)).toEqual(agreedTransactions(AGREED));
  });

  it('is served by fabric-shim as the contract josp', () => {
    const served = newChaincode().metadata.contracts;
    expect(served.josp?.transactions.map((t) => t.name).sort()).toEqual(AGREED.map(([name]) => name));
  });
});
