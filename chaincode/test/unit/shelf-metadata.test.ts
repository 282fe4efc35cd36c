import 'reflect-metadata';

import { ShelfContract } from '../../src/shelf/contract';
import { type AgreedTransaction, agreedTransactions, declaredTransactions, EVALUATE, SUBMIT } from '../support/metadata';
import { newChaincode } from '../support/shim';

/** docs/shelf.md "Transactions": name, kind and argument order. */
const AGREED: AgreedTransaction[] = [
  ['ClaimDevice', SUBMIT, ['requestId', 'operator']],
  ['DeclineAgreement', SUBMIT, ['requestId', 'shelfId', 'version']],
  ['DisputeStatement', SUBMIT, ['requestId', 'shelfId', 'day', 'reason']],
  ['GetReport', EVALUATE, ['party', 'from', 'to', 'pageSize', 'bookmark']],
  ['GetShelf', EVALUATE, ['shelfId']],
  ['GetStatement', EVALUATE, ['shelfId', 'day']],
  ['ListBoard', EVALUATE, ['kind', 'city', 'pageSize', 'bookmark']],
  ['PostOffer', SUBMIT, ['requestId', 'offerId', 'city', 'skusJson']],
  ['PostRequest', SUBMIT, ['requestId', 'postingId', 'city', 'description']],
  ['PostSite', SUBMIT, ['requestId', 'siteId', 'city', 'location', 'footfall', 'desiredShareBps']],
  ['ProposeAgreement', SUBMIT, ['requestId', 'shelfId', 'siteId', 'supplier', 'supplierBps', 'operatorBps', 'siteBps', 'feeBps']],
  ['RecordPayment', SUBMIT, ['requestId', 'shelfId', 'day', 'transferRef']],
  ['RecordSales', SUBMIT, ['batchId', 'linesJson']],
  ['RegisterDevice', SUBMIT, ['requestId', 'shelfId', 'deviceId']],
  ['ResolveDispute', SUBMIT, ['requestId', 'shelfId', 'day', 'resolution', 'revenueFen', 'costFen', 'note']],
  ['SettleDay', SUBMIT, ['requestId', 'shelfId', 'day']],
  ['SignAgreement', SUBMIT, ['requestId', 'shelfId', 'version']],
  ['UnbindDevice', SUBMIT, ['requestId', 'shelfId', 'deviceId']],
];

describe('shelf contract surface', () => {
  it('declares exactly the agreed transactions, kinds and string parameters', () => {
    expect(declaredTransactions(ShelfContract)).toEqual(agreedTransactions(AGREED));
  });

  it('is served by fabric-shim as the contract shelf', () => {
    const served = newChaincode().metadata.contracts;
    expect(served.shelf?.transactions.map((t) => t.name).sort()).toEqual(AGREED.map(([name]) => name));
  });
});
