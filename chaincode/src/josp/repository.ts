/**
 * World-state access of the JOSP module: keys built only through ledger/keys.ts, values
 * written as canonical JSON and read through parsers.
 *
 * @packageDocumentation
 */
import { partialKey, stateKey, type KeyType } from '../ledger/keys';
import { readPage, type Page } from '../ledger/paging';
import { getJson, putJson, type Parser } from '../ledger/state';
import type { Stub } from '../points/repository';
import { parseIndexEntry, parseLoan, parsePlan, parsePosition, parseRosterEntry, type Loan, type Plan, type Position } from './records';

/** Roster positions are padded so that keys sort in subscription order. */
const SEQ_DIGITS = 6;

/**
 * @param seq - a roster position
 * @returns its key part
 */
export function seqKeyPart(seq: number): string {
  return String(seq).padStart(SEQ_DIGITS, '0');
}

/**
 * @param stub - normally `ctx.stub`
 * @param planId - checked key part
 * @returns the plan, or undefined
 */
export async function readPlan(stub: Stub, planId: string): Promise<Plan | undefined> {
  return getJson(stub, stateKey(stub, 'jospplan', planId), parsePlan);
}

/**
 * Writes a plan; the first write also indexes it under its issuer.
 *
 * @param stub - normally `ctx.stub`
 * @param plan - the record
 * @param isNew - true for the opening write
 */
export async function writePlan(stub: Stub, plan: Plan, isNew = false): Promise<void> {
  await putJson(stub, stateKey(stub, 'jospplan', plan.planId), plan);
  if (isNew) {
    await putJson(stub, stateKey(stub, 'jospplanby', plan.issuer, plan.planId), { id: plan.planId });
  }
}

/**
 * @param stub - normally `ctx.stub`
 * @param investor - checked key part
 * @param planId - checked key part
 * @returns the investor's position in the plan, or undefined
 */
export async function readPosition(stub: Stub, investor: string, planId: string): Promise<Position | undefined> {
  return getJson(stub, stateKey(stub, 'jospposition', investor, planId), parsePosition);
}

/**
 * Writes a position; a new one also takes its place in the plan's roster.
 *
 * @param stub - normally `ctx.stub`
 * @param position - the record; its seq is the roster place
 * @param isNew - true for the investor's first subscription
 */
export async function writePosition(stub: Stub, position: Position, isNew = false): Promise<void> {
  await putJson(stub, stateKey(stub, 'jospposition', position.investor, position.planId), position);
  if (isNew) {
    await putJson(stub, stateKey(stub, 'josproster', position.planId, seqKeyPart(position.seq)), {
      investor: position.investor,
    });
  }
}

/**
 * @param stub - normally `ctx.stub`
 * @param planId - checked key part
 * @param seq - roster place
 * @returns the investor at that place, or undefined past the end
 */
export async function readRosterEntry(stub: Stub, planId: string, seq: number): Promise<string | undefined> {
  return (await getJson(stub, stateKey(stub, 'josproster', planId, seqKeyPart(seq)), parseRosterEntry))?.investor;
}

/**
 * @param stub - normally `ctx.stub`
 * @param bank - the bank's account
 * @param consumer - checked key part
 * @returns whether the bank has marked the consumer qualified
 */
export async function isQualified(stub: Stub, bank: string, consumer: string): Promise<boolean> {
  return (await stub.getState(stateKey(stub, 'jospqualified', bank, consumer))).length > 0;
}

/**
 * @param stub - normally `ctx.stub`
 * @param bank - the bank's account
 * @param consumer - checked key part
 * @param record - when and by which transaction
 */
export async function writeQualified(stub: Stub, bank: string, consumer: string, record: { qualifiedAt: string; txId: string }): Promise<void> {
  await putJson(stub, stateKey(stub, 'jospqualified', bank, consumer), record);
}

/**
 * @param stub - normally `ctx.stub`
 * @param loanId - checked key part
 * @returns the loan, or undefined
 */
export async function readLoan(stub: Stub, loanId: string): Promise<Loan | undefined> {
  return getJson(stub, stateKey(stub, 'josploan', loanId), parseLoan);
}

/**
 * Writes a loan; the first write also indexes it under the bank and the merchant.
 *
 * @param stub - normally `ctx.stub`
 * @param loan - the record
 * @param isNew - true for the offer
 */
export async function writeLoan(stub: Stub, loan: Loan, isNew = false): Promise<void> {
  await putJson(stub, stateKey(stub, 'josploan', loan.loanId), loan);
  if (isNew) {
    for (const party of [loan.bank, loan.merchant]) {
      await putJson(stub, stateKey(stub, 'josploanby', party, loan.loanId), { id: loan.loanId });
    }
  }
}

/**
 * @param stub - normally `ctx.stub`
 * @param type - record type
 * @param owner - first key part
 * @param pageSize - checked page size
 * @param bookmark - `""` or a bookmark from a previous page
 * @param parse - checks each record
 * @returns one page of the records under `type~owner`
 */
export async function pageOf<T>(
  stub: Stub,
  type: KeyType,
  owner: string,
  pageSize: number,
  bookmark: unknown,
  parse: Parser<T>,
): Promise<Page<T>> {
  return readPage(stub, partialKey(type, owner), pageSize, bookmark, parse);
}

/**
 * Pages an index (`jospplanby`, `josploanby`) and loads the records it points to.
 *
 * @param stub - normally `ctx.stub`
 * @param index - the index type
 * @param owner - issuer or party
 * @param pageSize - checked page size
 * @param bookmark - `""` or a bookmark from a previous page
 * @param load - reads one record by id
 * @returns the records and the index's bookmark
 */
export async function pageIndexed<T>(
  stub: Stub,
  index: 'jospplanby' | 'josploanby',
  owner: string,
  pageSize: number,
  bookmark: unknown,
  load: (stub: Stub, id: string) => Promise<T | undefined>,
): Promise<Page<T>> {
  const page = await pageOf(stub, index, owner, pageSize, bookmark, parseIndexEntry);
  const items: T[] = [];
  for (const entry of page.items) {
    const item = await load(stub, entry.id);
    if (item !== undefined) {
      items.push(item);
    }
  }
  return { items, bookmark: page.bookmark };
}
