import 'reflect-metadata';

import { CouponsContract } from '../../src/coupons/contract';
import { type AgreedTransaction, agreedTransactions, declaredTransactions, EVALUATE, SUBMIT } from '../support/metadata';
import { newChaincode } from '../support/shim';

/** docs/coupons.md "Transactions": name, kind and argument order. */
const AGREED: AgreedTransaction[] = [
  ['BuyListing', SUBMIT, ['requestId', 'listingId', 'quantity']],
  ['CancelListing', SUBMIT, ['requestId', 'listingId']],
  ['CancelOrder', SUBMIT, ['requestId', 'orderId']],
  ['CheckCouponSupply', EVALUATE, ['classId']],
  ['CheckProgramSupply', EVALUATE, ['programId']],
  ['ClaimCoupons', SUBMIT, ['requestId', 'claimId', 'quantity']],
  ['ClearDay', SUBMIT, ['requestId', 'day', 'merchantA', 'merchantB']],
  ['CloseClaim', SUBMIT, ['requestId', 'claimId']],
  ['CreateAlliance', SUBMIT, ['requestId', 'allianceId', 'name']],
  [
    'CreateClass',
    SUBMIT,
    [
      'requestId',
      'classId',
      'name',
      'faceValueFen',
      'quantity',
      'validFrom',
      'validUntil',
      'minSpendFen',
      'acceptance',
      'rebateBps',
      'transferable',
      'resellable',
    ],
  ],
  ['CreateProgram', SUBMIT, ['requestId', 'programId', 'name', 'allianceId', 'pointValueFen']],
  ['ExecuteMatch', SUBMIT, ['requestId', 'orderIds']],
  ['GetAlliance', EVALUATE, ['allianceId']],
  ['GetClaim', EVALUATE, ['claimId']],
  ['GetClass', EVALUATE, ['classId']],
  ['GetClearing', EVALUATE, ['day', 'merchantA', 'merchantB']],
  ['GetCouponBalance', EVALUATE, ['classId', 'holder']],
  ['GetCouponRedemption', EVALUATE, ['merchantId', 'orderId']],
  ['GetListing', EVALUATE, ['listingId']],
  ['GetOrder', EVALUATE, ['orderId']],
  ['GetPresentation', EVALUATE, ['merchantId', 'orderId']],
  ['GetProgram', EVALUATE, ['programId']],
  ['GetProgramBalance', EVALUATE, ['programId', 'account']],
  ['InviteMerchant', SUBMIT, ['requestId', 'allianceId', 'merchantId']],
  ['IssueMore', SUBMIT, ['requestId', 'classId', 'quantity']],
  ['IssueProgramPoints', SUBMIT, ['requestId', 'programId', 'toAccount', 'points']],
  ['JoinAlliance', SUBMIT, ['requestId', 'allianceId']],
  ['ListCoupons', SUBMIT, ['requestId', 'listingId', 'classId', 'quantity', 'pricePoints']],
  ['ListOpenOrders', EVALUATE, ['pageSize', 'bookmark']],
  ['OpenClaim', SUBMIT, ['requestId', 'claimId', 'classId', 'perPerson', 'total']],
  ['PlaceOrder', SUBMIT, ['requestId', 'orderId', 'giveClassId', 'giveQuantity', 'wantClassId', 'wantQuantity']],
  ['PresentCoupon', SUBMIT, ['requestId', 'classId', 'merchantId', 'orderId']],
  ['RedeemCoupon', SUBMIT, ['requestId', 'orderId', 'classId']],
  ['RevokeUnissued', SUBMIT, ['requestId', 'classId', 'quantity']],
  ['SendCoupons', SUBMIT, ['requestId', 'classId', 'toAccount', 'quantity']],
  ['TransferCoupons', SUBMIT, ['requestId', 'classId', 'toAccount', 'quantity']],
  ['TransferProgramPoints', SUBMIT, ['requestId', 'programId', 'toAccount', 'points']],
  ['WithdrawPresentation', SUBMIT, ['requestId', 'merchantId', 'orderId']],
];

describe('coupons contract surface', () => {
  it('declares exactly the agreed transactions, kinds and string parameters', () => {
    expect(declaredTransactions(CouponsContract)).toEqual(agreedTransactions(AGREED));
  });

  it('is served by fabric-shim as the contract coupons', () => {
    const served = newChaincode().metadata.contracts;
    expect(served.coupons?.transactions.map((t) => t.name).sort()).toEqual(AGREED.map(([name]) => name));
  });
});
