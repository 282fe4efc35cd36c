import { defineContract, evaluate, submit } from '../ledger/transactions';
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
export const ShelfContract = defineContract('shelf', 'Unmanned shelves: matching board, agreements, sales, T+1 settlement', {
  /** Posts a site (site-provider). @returns the Post as JSON */
  PostSite: submit(postSite),
  /** Posts a supply offer (supplier). @returns the Post as JSON */
  PostOffer: submit(postOffer),
  /** Posts an operator's request (shelf-operator). @returns the Post as JSON */
  PostRequest: submit(postRequest),
  /** @returns one page of board posts as JSON */
  ListBoard: evaluate(listBoard),
  /** Proposes a new agreement version (shelf-operator). @returns the Agreement as JSON */
  ProposeAgreement: submit(proposeAgreement),
  /** Signs a proposed version (a party). @returns the Agreement as JSON */
  SignAgreement: submit(signAgreement),
  /** Declines a proposed version (a party). @returns the Agreement as JSON */
  DeclineAgreement: submit(declineAgreement),
  /** @returns the shelf with its agreement versions as JSON */
  GetShelf: evaluate(getShelf),
  /** Names the operator that may bind the calling device (shelf-device). @returns the DeviceClaim as JSON */
  ClaimDevice: submit(claimDevice),
  /** Binds a device that has claimed the caller to the shelf (its operator). @returns the Device as JSON */
  RegisterDevice: submit(registerDevice),
  /** Ends a device's binding to the shelf (its operator). @returns the unbound Device as JSON */
  UnbindDevice: submit(unbindDevice),
  /** Records a batch of sales lines (shelf-device). @returns the batch result as JSON */
  RecordSales: submit(recordSales),
  /** Settles a shelf-day (any account). @returns the Statement as JSON */
  SettleDay: submit(settleDay),
  /** Records the operator's fiat transfer (shelf-operator). @returns the Statement as JSON */
  RecordPayment: submit(recordPayment),
  /** Disputes a pending statement (a party). @returns the Statement as JSON */
  DisputeStatement: submit(disputeStatement),
  /** Resolves a dispute (admin). @returns the Statement as JSON */
  ResolveDispute: submit(resolveDispute),
  /** @returns a statement and its sales lines as JSON */
  GetStatement: evaluate(getStatement),
  /** @returns one page of a party's reconciliation report as JSON */
  GetReport: evaluate(getReport),
});
/** An instance of the shelf contract. */
export type ShelfContract = InstanceType<typeof ShelfContract>;
