/**
 * Read-only transactions of the JOSP contract.
 *
 * @packageDocumentation
 */
import type { Context } from 'fabric-contract-api';

import { readingCaller } from '../ledger/accounts';
import { requireReadAccess } from '../ledger/caller';
import { ForbiddenError } from '../ledger/errors';
import { requireKeyPart } from '../ledger/keys';
import { parsePageSize } from '../ledger/paging';
import { stableStringify } from '../ledger/state';
import { requireLoan } from './ops-loan';
import { requirePlan } from './ops-plan';
import type { PlanView } from './records';
import { isQualified, loans, loansBy, pageIndexed, plans, plansBy, positions } from './repository';
import { viewOf } from './tranches';

/**
 * GetPlan (any): a plan with its totals (raised, investors, processed, paid yield).
 *
 * @param ctx - transaction context
 * @param planId - the plan
 * @returns the PlanView as JSON
 */
export async function getPlan(ctx: Context, planId: string): Promise<string> {
  await readingCaller(ctx);
  return stableStringify(await viewOf(ctx.stub, await requirePlan(ctx.stub, planId)));
}

/**
 * ListPlans (any): the plans an issuer opened, in plan id order.
 *
 * @param ctx - transaction context
 * @param issuer - the issuing account
 * @param pageSize - investors to pay in this transaction, 1-100
 * @param bookmark - `""` for the first page
 * @returns `{issuer, items: PlanView[], bookmark}` as JSON
 */
export async function listPlans(ctx: Context, issuer: string, pageSize: string, bookmark: string): Promise<string> {
  await readingCaller(ctx);
  const id = requireKeyPart(issuer, 'issuer');
  const page = await pageIndexed(ctx.stub, plansBy, id, parsePageSize(pageSize), bookmark, plans);
  const items: PlanView[] = [];
  for (const plan of page.items) {
    items.push(await viewOf(ctx.stub, plan));
  }
  return stableStringify({ issuer: id, items, bookmark: page.bookmark });
}

/**
 * ListPositions (the investor, admin, auditor): an investor's positions, in plan id order.
 *
 * @param ctx - transaction context
 * @param investor - the investor account
 * @param pageSize - investors to pay in this transaction, 1-100
 * @param bookmark - `""` for the first page
 * @returns `{investor, items: Position[], bookmark}` as JSON
 */
export async function listPositions(ctx: Context, investor: string, pageSize: string, bookmark: string): Promise<string> {
  const id = requireKeyPart(investor, 'investor');
  requireReadAccess(await readingCaller(ctx), id);
  const page = await positions.page(ctx.stub, parsePageSize(pageSize), bookmark, id);
  return stableStringify({ investor: id, items: page.items, bookmark: page.bookmark });
}

/**
 * GetLoan (its bank or merchant, admin, auditor).
 *
 * @param ctx - transaction context
 * @param loanId - the loan
 * @returns the Loan as JSON
 */
export async function getLoan(ctx: Context, loanId: string): Promise<string> {
  const caller = await readingCaller(ctx);
  const loan = await requireLoan(ctx.stub, loanId);
  if (caller.role !== 'admin' && caller.role !== 'auditor' && caller.account !== loan.bank && caller.account !== loan.merchant) {
    throw new ForbiddenError('only the parties of a loan, a platform admin or an auditor may read it', { role: caller.role });
  }
  return stableStringify(loan);
}

/**
 * ListLoans (the party, admin, auditor): the loans a bank offered or a merchant was
 * offered, in loan id order.
 *
 * @param ctx - transaction context
 * @param party - a bank or merchant account
 * @param pageSize - investors to pay in this transaction, 1-100
 * @param bookmark - `""` for the first page
 * @returns `{party, items: Loan[], bookmark}` as JSON
 */
export async function listLoans(ctx: Context, party: string, pageSize: string, bookmark: string): Promise<string> {
  const id = requireKeyPart(party, 'party');
  requireReadAccess(await readingCaller(ctx), id);
  const page = await pageIndexed(ctx.stub, loansBy, id, parsePageSize(pageSize), bookmark, loans);
  return stableStringify({ party: id, items: page.items, bookmark: page.bookmark });
}

/**
 * GetQualification (any): whether a bank has marked a consumer qualified.
 *
 * @param ctx - transaction context
 * @param bank - the bank account
 * @param consumer - the consumer account
 * @returns `{bank, consumer, qualified}` as JSON
 */
export async function getQualification(ctx: Context, bank: string, consumer: string): Promise<string> {
  await readingCaller(ctx);
  const bankId = requireKeyPart(bank, 'bank');
  const consumerId = requireKeyPart(consumer, 'consumer');
  return stableStringify({ bank: bankId, consumer: consumerId, qualified: await isQualified(ctx.stub, bankId, consumerId) });
}
