/**
 * Points-collateral loans: the bank offers, the merchant accepts by locking collateral, the
 * bank records the (off-ledger) disbursement and then the repayment (collateral back to the
 * merchant) or, after the due date, the default (collateral to the bank). Fiat amounts are
 * recorded only; the collateral is the only thing that moves.
 *
 * @packageDocumentation
 */
import { JOSP, type Transaction } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { MAX_FEN_ARGUMENT, MAX_POINTS_ARGUMENT, parseInteger } from '../ledger/args';
import type { AccountCaller } from '../ledger/caller';
import { AlreadyExistsError, ConflictError, ForbiddenError, InvalidArgumentError, NotFoundError } from '../ledger/errors';
import { executeWrite, type WriteScope } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { creditLane, DEFAULT_DEBIT_LANE } from '../ledger/lanes';
import { mulDivFloor } from '../ledger/money';
import { platform } from '../ledger/platform';
import type { Stub } from '../ledger/stub';
import { isoMillis, parseInstant } from '../ledger/time';
import { collateralEscrowRef } from './escrows';
import type { Loan, LoanStatus } from './records';
import { loans, writeLoan } from './repository';
import { BPS } from './yield';

/**
 * OfferLoan (bank): offers a fiat loan to a registered merchant against points collateral.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param loanId - the new loan's id
 * @param merchantId - the borrowing merchant
 * @param principalFen - the fiat principal
 * @param rateBps - interest over the term
 * @param dueDate - ISO 8601, after the transaction time
 * @param collateralPoints - points the merchant locks on acceptance
 * @returns the Loan as JSON
 */
export async function offerLoan(
  ctx: Context,
  requestId: string,
  loanId: string,
  merchantId: string,
  principalFen: string,
  rateBps: string,
  dueDate: string,
  collateralPoints: string,
): Promise<string> {
  const args = [loanId, merchantId, principalFen, rateBps, dueDate, collateralPoints];
  const spec = { tx: JOSP.transactions.OfferLoan, requestId, args };
  return executeWrite(ctx, spec, async ({ stub, caller, txId, time, timeMs }) => {
    const id = requireKeyPart(loanId, 'loanId');
    const merchant = requireKeyPart(merchantId, 'merchantId');
    const principal = parseInteger(principalFen, 'principalFen', 1, MAX_FEN_ARGUMENT);
    const rate = parseInteger(rateBps, 'rateBps', 0, BPS);
    const due = parseInstant(dueDate, 'dueDate');
    const collateral = parseInteger(collateralPoints, 'collateralPoints', 1, MAX_POINTS_ARGUMENT);
    if (due <= timeMs) {
      throw new InvalidArgumentError('dueDate must lie after the transaction time', { field: 'dueDate' });
    }
    if (!(await platform().isRegisteredMerchant(stub, merchant))) {
      throw new NotFoundError(`merchant ${merchant} is not registered`, { merchantId: merchant });
    }
    if ((await loans.read(stub, id)) !== undefined) {
      throw new AlreadyExistsError(`loan ${id} exists already`, { loanId: id });
    }
    const loan: Loan = {
      loanId: id,
      bank: caller.account,
      merchant,
      principalFen: principal,
      rateBps: rate,
      interestFen: mulDivFloor(principal, rate, BPS),
      dueDate: isoMillis(due),
      collateralPoints: collateral,
      status: 'OFFERED',
      offeredAt: time,
      acceptedAt: null,
      disbursedAt: null,
      closedAt: null,
      txId,
    };
    await writeLoan(stub, loan, true);
    return loan;
  });
}

/**
 * AcceptLoan (the loan's merchant): locks the collateral before the due date.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param loanId - the loan
 * @returns the Loan as JSON
 */
export async function acceptLoan(ctx: Context, requestId: string, loanId: string): Promise<string> {
  return loanStep(ctx, JOSP.transactions.AcceptLoan, requestId, loanId, async (scope, loan) => {
    requireParty(scope.caller, loan.merchant, "the loan's merchant");
    requireStatus(loan, 'OFFERED');
    if (scope.timeMs >= Date.parse(loan.dueDate)) {
      throw new ConflictError('the offer expired at its due date', { loanId: loan.loanId });
    }
    const leg = {
      account: loan.merchant,
      points: loan.collateralPoints,
      kind: 'ESCROW_LOCK' as const,
      requestId: scope.requestId,
      reference: loan.loanId,
    };
    await scope.book.lockEscrow(leg, collateralEscrowRef(loan.loanId), DEFAULT_DEBIT_LANE);
    return { ...loan, status: 'ACCEPTED', acceptedAt: scope.time };
  });
}

/**
 * RecordDisbursement (the loan's bank): the fiat principal was paid out.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param loanId - the loan
 * @returns the Loan as JSON
 */
export async function recordDisbursement(ctx: Context, requestId: string, loanId: string): Promise<string> {
  return loanStep(ctx, JOSP.transactions.RecordDisbursement, requestId, loanId, async (scope, loan) => {
    requireParty(scope.caller, loan.bank, "the loan's bank");
    requireStatus(loan, 'ACCEPTED');
    return { ...loan, status: 'DISBURSED', disbursedAt: scope.time };
  });
}

/**
 * RecordRepayment (the loan's bank): the merchant repaid; the collateral goes back to it.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param loanId - the loan
 * @returns the Loan as JSON
 */
export async function recordRepayment(ctx: Context, requestId: string, loanId: string): Promise<string> {
  return loanStep(ctx, JOSP.transactions.RecordRepayment, requestId, loanId, async (scope, loan) => {
    requireParty(scope.caller, loan.bank, "the loan's bank");
    requireStatus(loan, 'DISBURSED');
    await release(scope, loan, loan.merchant, 'ESCROW_RELEASE');
    return { ...loan, status: 'REPAID', closedAt: scope.time };
  });
}

/**
 * DeclareDefault (the loan's bank): after the due date, the collateral goes to the bank.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param loanId - the loan
 * @returns the Loan as JSON
 */
export async function declareDefault(ctx: Context, requestId: string, loanId: string): Promise<string> {
  return loanStep(ctx, JOSP.transactions.DeclareDefault, requestId, loanId, async (scope, loan) => {
    requireParty(scope.caller, loan.bank, "the loan's bank");
    requireStatus(loan, 'DISBURSED');
    if (scope.timeMs <= Date.parse(loan.dueDate)) {
      throw new ConflictError('a loan can be declared in default only after its due date', { loanId: loan.loanId, dueDate: loan.dueDate });
    }
    await release(scope, loan, loan.bank, 'LOAN_DEFAULT');
    return { ...loan, status: 'DEFAULTED', closedAt: scope.time };
  });
}

async function loanStep(
  ctx: Context,
  tx: Transaction,
  requestId: string,
  loanId: string,
  step: (scope: WriteScope, loan: Loan) => Promise<Loan>,
): Promise<string> {
  const spec = { tx, requestId, args: [loanId] };
  return executeWrite(ctx, spec, async (scope) => {
    const loan = await requireLoan(scope.stub, loanId);
    const next: Loan = { ...(await step(scope, loan)), txId: scope.txId };
    await writeLoan(scope.stub, next);
    return next;
  });
}

async function release(scope: WriteScope, loan: Loan, to: string, kind: 'ESCROW_RELEASE' | 'LOAN_DEFAULT'): Promise<void> {
  const leg = { account: to, points: loan.collateralPoints, kind, requestId: scope.requestId, reference: loan.loanId };
  await scope.book.releaseEscrow(leg, collateralEscrowRef(loan.loanId), creditLane(scope.txId));
}

/**
 * @param stub - normally `ctx.stub`
 * @param loanId - the loan
 * @returns the loan
 * @throws NotFoundError when there is none
 */
export async function requireLoan(stub: Stub, loanId: string): Promise<Loan> {
  return loans.require(stub, 'loanId', loanId);
}

function requireParty(caller: AccountCaller, party: string, who: string): void {
  if (caller.account !== party) {
    throw new ForbiddenError(`only ${who} may take this step`, { role: caller.role });
  }
}

function requireStatus(loan: Loan, expected: LoanStatus): void {
  if (loan.status !== expected) {
    throw new ConflictError(`the loan is ${loan.status}, this step needs ${expected}`, { loanId: loan.loanId, status: loan.status });
  }
}
