/**
 * T+1 settlement of a shelf-day and the life of its statement (docs/rules.md#shelf-settlement): settle once,
 * dispute within the window, resolve by the platform, mark paid by the operator once the
 * window has closed. The window is the platform parameter `disputeWindowSeconds`, read at
 * settlement: each statement stores its own `disputeUntil`, which a later change of the
 * parameter does not move.
 *
 * @packageDocumentation
 */
import { SHELF } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { MAX_FEN_ARGUMENT, parseInteger, parseText, safeAdd } from '../ledger/args';
import type { AccountCaller } from '../ledger/caller';
import { nextDay, parseDay, shanghaiDay, startOfDay } from '../ledger/day';
import { AlreadySettledError, ConflictError, ForbiddenError, InvalidArgumentError, NotFoundError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { platform } from '../ledger/platform';
import type { Stub } from '../ledger/stub';
import { isoMillis } from '../ledger/time';
import { readAgreement, readDayLines, shelves, statements, writeStatement } from './repository';
import { linesHash, settle } from './settlement';
import type { Statement } from './statement';

/**
 * SettleDay (any account): settles shelf-day D from D+1 00:00 Asia/Shanghai, once, under the
 * agreement version active at settlement time; the statement may be disputed until
 * `disputeUntil` = settlement time + the platform parameter `disputeWindowSeconds` then in force.
 *
 * @returns the Statement as JSON
 */
export async function settleDay(ctx: Context, requestId: string, shelfId: string, day: string): Promise<string> {
  const spec = { tx: SHELF.transactions.SettleDay, requestId, args: [shelfId, day] };
  return executeWrite(ctx, spec, async ({ stub, caller, time, timeMs, txId }) => {
    const id = requireKeyPart(shelfId, 'shelfId');
    const settledDay = parseDay(day, 'day');
    const shelf = await shelves.require(stub, 'shelfId', id);
    const agreement = shelf.activeVersion === null ? undefined : await readAgreement(stub, id, shelf.activeVersion);
    if (agreement === undefined) {
      throw new ConflictError('the shelf has no active agreement', { shelfId: id });
    }
    const settleableFrom = startOfDay(nextDay(settledDay));
    if (timeMs < settleableFrom) {
      throw new ConflictError(`day ${settledDay} can be settled from ${isoMillis(settleableFrom)}`, {
        settleableFrom: isoMillis(settleableFrom),
      });
    }
    if ((await statements.read(stub, id, settledDay)) !== undefined) {
      throw new AlreadySettledError(`shelf ${id} is settled for ${settledDay} already`, { shelfId: id, day: settledDay });
    }
    const { disputeWindowSeconds } = await platform().readParams(stub);
    const lines = await readDayLines(stub, id, settledDay);
    const revenue = lines.reduce((sum, line) => safeAdd(sum, line.amountFen), 0);
    const cost = lines.reduce((sum, line) => safeAdd(sum, line.costFen), 0);
    const adjustments = lines.filter((line) => shanghaiDay(Date.parse(line.occurredAt)) !== settledDay);
    const { supplierBps, operatorBps, siteBps, feeBps } = agreement;
    const statement: Statement = {
      shelfId: id,
      day: settledDay,
      version: agreement.version,
      operator: agreement.operator,
      siteProvider: agreement.siteProvider,
      supplier: agreement.supplier,
      supplierBps,
      operatorBps,
      siteBps,
      feeBps,
      ...settle(revenue, cost, agreement),
      lines: lines.length,
      adjustmentLines: adjustments.length,
      adjustmentDays: [...new Set(adjustments.map((line) => shanghaiDay(Date.parse(line.occurredAt))))].sort(),
      salesHash: linesHash(lines),
      status: 'pending',
      settledAt: time,
      settledBy: caller.account,
      // Fixed here: a later change of the parameter leaves settled statements' deadlines alone.
      disputeUntil: isoMillis(timeMs + disputeWindowSeconds * 1000),
      disputedBy: null,
      disputeReason: null,
      resolution: null,
      resolutionNote: null,
      resolvedAt: null,
      transferRef: null,
      paidAt: null,
      txId,
    };
    await writeStatement(stub, statement, true);
    return statement;
  });
}

async function existingStatement(stub: Stub, shelfId: string, day: string): Promise<Statement> {
  const id = requireKeyPart(shelfId, 'shelfId');
  const checkedDay = parseDay(day, 'day');
  const statement = await statements.read(stub, id, checkedDay);
  if (statement === undefined) {
    throw new NotFoundError(`shelf ${id} is not settled for ${checkedDay}`, { shelfId: id, day: checkedDay });
  }
  return statement;
}

function requireParty(statement: Statement, caller: AccountCaller): void {
  const account =
    caller.role === 'shelf-operator' ? statement.operator : caller.role === 'site-provider' ? statement.siteProvider : statement.supplier;
  if (account !== caller.account) {
    throw new ForbiddenError('only a party of the statement, in its own role, may do this', { role: caller.role });
  }
}

/**
 * RecordPayment (the operator, who collected the revenue and pays the supplier, the site
 * provider and the platform fee): records the fiat transfer reference; pending → paid, once
 * the dispute window has closed. The payer pays only a final statement: paying earlier
 * would end the other parties' right to dispute what they are paid.
 *
 * @returns the Statement as JSON
 */
export async function recordPayment(ctx: Context, requestId: string, shelfId: string, day: string, transferRef: string): Promise<string> {
  const spec = { tx: SHELF.transactions.RecordPayment, requestId, args: [shelfId, day, transferRef] };
  return executeWrite(ctx, spec, async ({ stub, caller, time, timeMs }) => {
    const statement = await existingStatement(stub, shelfId, day);
    requireParty(statement, caller);
    const reference = parseText(transferRef, 'transferRef', 128);
    if (statement.status !== 'pending') {
      throw new ConflictError(`the statement is ${statement.status}`, { status: statement.status });
    }
    // The exact complement of DisputeStatement's window check, so no instant allows both.
    if (timeMs <= Date.parse(statement.disputeUntil)) {
      throw new ConflictError(`the statement is payable once its dispute window closes at ${statement.disputeUntil}`, {
        disputeUntil: statement.disputeUntil,
      });
    }
    const paid: Statement = { ...statement, status: 'paid', transferRef: reference, paidAt: time };
    await writeStatement(stub, paid);
    return paid;
  });
}

/**
 * DisputeStatement (a party): freezes a pending statement until the platform resolves it;
 * allowed once, until the statement's `disputeUntil` included (settlement time + the platform
 * parameter `disputeWindowSeconds` in force at settlement).
 *
 * @returns the Statement as JSON
 */
export async function disputeStatement(ctx: Context, requestId: string, shelfId: string, day: string, reason: string): Promise<string> {
  const spec = { tx: SHELF.transactions.DisputeStatement, requestId, args: [shelfId, day, reason] };
  return executeWrite(ctx, spec, async ({ stub, caller, timeMs }) => {
    const statement = await existingStatement(stub, shelfId, day);
    requireParty(statement, caller);
    const text = parseText(reason, 'reason', 1024);
    if (statement.status !== 'pending' || statement.disputedBy !== null) {
      throw new ConflictError('only a pending statement that was never disputed can be disputed', { status: statement.status });
    }
    if (timeMs > Date.parse(statement.disputeUntil)) {
      throw new ConflictError(`the dispute window closed at ${statement.disputeUntil}`, { disputeUntil: statement.disputeUntil });
    }
    const disputed: Statement = { ...statement, status: 'disputed', disputedBy: caller.account, disputeReason: text };
    await writeStatement(stub, disputed);
    return disputed;
  });
}

/**
 * ResolveDispute (admin): `accept` keeps the amounts; `resettle` recomputes every amount from
 * corrected revenue and cost totals. Either way the statement is pending again (payable).
 *
 * @returns the Statement as JSON
 */
export async function resolveDispute(
  ctx: Context,
  requestId: string,
  shelfId: string,
  day: string,
  resolution: string,
  revenueFen: string,
  costFen: string,
  note: string,
): Promise<string> {
  const args = [shelfId, day, resolution, revenueFen, costFen, note];
  const spec = { tx: SHELF.transactions.ResolveDispute, requestId, args };
  return executeWrite(ctx, spec, async ({ stub, time }) => {
    const statement = await existingStatement(stub, shelfId, day);
    const text = parseText(note, 'note', 1024);
    if (statement.status !== 'disputed') {
      throw new ConflictError('only a disputed statement can be resolved', { status: statement.status });
    }
    let amounts = {};
    if (resolution === 'resettle') {
      const revenue = parseInteger(revenueFen, 'revenueFen', 0, MAX_FEN_ARGUMENT);
      amounts = settle(revenue, parseInteger(costFen, 'costFen', 0, MAX_FEN_ARGUMENT), statement);
    } else if (resolution !== 'accept' || revenueFen !== '' || costFen !== '') {
      throw new InvalidArgumentError('resolution is accept (no totals) or resettle (with revenueFen and costFen)', { field: 'resolution' });
    }
    const resolved: Statement = { ...statement, ...amounts, status: 'pending', resolution, resolutionNote: text, resolvedAt: time };
    await writeStatement(stub, resolved);
    return resolved;
  });
}
