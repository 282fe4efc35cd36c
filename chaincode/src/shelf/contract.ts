import { SHELF } from '@loulan/protocol';

import { defineContract } from '../ledger/transactions';
import { claimDevice, declineAgreement, proposeAgreement, registerDevice, signAgreement, unbindDevice } from './ops-agreement';
import { postOffer, postRequest, postSite } from './ops-board';
import { recordSales } from './ops-sales';
import { disputeStatement, recordPayment, resolveDispute, settleDay } from './ops-settlement';
import { getReport, getShelf, getStatement, listBoard } from './queries';

/**
 * Unmanned shelves (docs/rules.md#shelf), callable as `shelf:<Transaction>`. The agreed interface is
 * docs/shelf.md: one entry per transaction, which is its operation's function
 * (ledger/transactions.ts).
 */
export const ShelfContract = defineContract(SHELF, 'Unmanned shelves: matching board, agreements, sales, T+1 settlement', {
  PostSite: postSite,
  PostOffer: postOffer,
  PostRequest: postRequest,
  ListBoard: listBoard,
  ProposeAgreement: proposeAgreement,
  SignAgreement: signAgreement,
  DeclineAgreement: declineAgreement,
  GetShelf: getShelf,
  ClaimDevice: claimDevice,
  RegisterDevice: registerDevice,
  UnbindDevice: unbindDevice,
  RecordSales: recordSales,
  SettleDay: settleDay,
  RecordPayment: recordPayment,
  DisputeStatement: disputeStatement,
  ResolveDispute: resolveDispute,
  GetStatement: getStatement,
  GetReport: getReport,
});
/** An instance of the shelf contract. */
export type ShelfContract = InstanceType<typeof ShelfContract>;
