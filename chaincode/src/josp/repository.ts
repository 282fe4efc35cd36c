/**
 * World-state access of the JOSP module: a record store per record kind (ledger/store.ts), and
 * the writes that also keep an index or a roster; keys built only through ledger/keys.ts, values
 * written as canonical JSON and read through parsers.
 *
 * @packageDocumentation
 */
import type { Page } from '../ledger/paging';
import { type RecordStore, recordStore } from '../ledger/store';
import type { Stub } from '../ledger/stub';
import {
  type Loan,
  parseIndexEntry,
  parseLoan,
  parsePlan,
  parsePosition,
  parseQualification,
  parseRosterEntry,
  parseTranche,
  type Plan,
  type Position,
} from './records';

/** Tranche numbers are padded so that keys sort in order (at most 16 tranches). */
const TRANCHE_DIGITS = 2;
/** Roster positions are padded so that keys sort in subscription order. */
const SEQ_DIGITS = 6;

/** `jospplan~<planId>`. */
export const plans = recordStore('jospplan', parsePlan, { noun: 'plan' });
/** `jospposition~<investor>~<planId>`: an investor's positions, in plan id order. */
export const positions = recordStore('jospposition', parsePosition, { noun: 'position' });
/** `josploan~<loanId>`. */
export const loans = recordStore('josploan', parseLoan, { noun: 'loan' });
/** `jospplanby~<issuer>~<planId>`: the plans an issuer opened. */
export const plansBy = recordStore('jospplanby', parseIndexEntry);
/** `josploanby~<party>~<loanId>`: the loans of a bank or a merchant. */
export const loansBy = recordStore('josploanby', parseIndexEntry);
/** `josptranche~<planId>~<nn>`: a share of a plan's cap, what was raised from it and its investors. */
export const tranches = recordStore('josptranche', parseTranche, { noun: 'tranche' });
/** `josproster~<planId>~<nn>~<seq>`: the investors of a plan's tranche, in subscription order. */
const roster = recordStore('josproster', parseRosterEntry);
/** `jospqualified~<bank>~<consumer>`: a bank's mark that a consumer may invest in its products. */
export const qualifications = recordStore('jospqualified', parseQualification);

/**
 * @param seq - a roster position
 * @returns its key part
 */
export function seqKeyPart(seq: number): string {
  return String(seq).padStart(SEQ_DIGITS, '0');
}

/**
 * @param tranche - 0-based tranche number
 * @returns its key part
 */
export function trancheKeyPart(tranche: number): string {
  return String(tranche).padStart(TRANCHE_DIGITS, '0');
}

/**
 * Writes a plan; the first write also indexes it under its issuer.
 *
 * @param stub - normally `ctx.stub`
 * @param plan - the record
 * @param isNew - true for the opening write
 */
export async function writePlan(stub: Stub, plan: Plan, isNew = false): Promise<void> {
  await plans.write(stub, plan, plan.planId);
  if (isNew) {
    await plansBy.write(stub, { id: plan.planId }, plan.issuer, plan.planId);
  }
}

/**
 * Writes a position; a new one also takes its place in its home tranche's roster.
 *
 * @param stub - normally `ctx.stub`
 * @param position - the record; its tranche and seq are the roster place
 * @param isNew - true for the investor's first subscription
 */
export async function writePosition(stub: Stub, position: Position, isNew = false): Promise<void> {
  await positions.write(stub, position, position.investor, position.planId);
  if (isNew) {
    await roster.write(stub, { investor: position.investor }, position.planId, trancheKeyPart(position.tranche), seqKeyPart(position.seq));
  }
}

/**
 * @param stub - normally `ctx.stub`
 * @param planId - checked key part
 * @param place - tranche and place in its roster
 * @returns the investor at that place, or undefined past the end
 */
export async function readRosterEntry(stub: Stub, planId: string, place: { tranche: number; seq: number }): Promise<string | undefined> {
  return (await roster.read(stub, planId, trancheKeyPart(place.tranche), seqKeyPart(place.seq)))?.investor;
}

/**
 * @param stub - normally `ctx.stub`
 * @param bank - the bank's account
 * @param consumer - checked key part
 * @returns whether the bank has marked the consumer qualified
 */
export async function isQualified(stub: Stub, bank: string, consumer: string): Promise<boolean> {
  return (await qualifications.read(stub, bank, consumer)) !== undefined;
}

/**
 * Writes a loan; the first write also indexes it under the bank and the merchant.
 *
 * @param stub - normally `ctx.stub`
 * @param loan - the record
 * @param isNew - true for the offer
 */
export async function writeLoan(stub: Stub, loan: Loan, isNew = false): Promise<void> {
  await loans.write(stub, loan, loan.loanId);
  if (isNew) {
    for (const party of [loan.bank, loan.merchant]) {
      await loansBy.write(stub, { id: loan.loanId }, party, loan.loanId);
    }
  }
}

/**
 * Pages an index and loads the records it points to.
 *
 * @param stub - normally `ctx.stub`
 * @param index - the index store
 * @param owner - issuer or party
 * @param pageSize - checked page size
 * @param bookmark - `""` or a bookmark from a previous page
 * @param target - the store of the records the index points to
 * @returns the records and the index's bookmark
 */
export async function pageIndexed<T extends Plan | Loan>(
  stub: Stub,
  index: RecordStore<{ id: string }>,
  owner: string,
  pageSize: number,
  bookmark: unknown,
  target: RecordStore<T>,
): Promise<Page<T>> {
  const page = await index.page(stub, pageSize, bookmark, owner);
  const items: T[] = [];
  for (const entry of page.items) {
    const item = await target.read(stub, entry.id);
    if (item !== undefined) {
      items.push(item);
    }
  }
  return { items, bookmark: page.bookmark };
}
