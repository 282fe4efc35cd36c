/**
 * Point programs of merchants and alliances (docs/rules.md#coupons-programs): registered beside platform points,
 * with balances and transfers like them, and exchanged through the same order book as
 * coupons under the asset id `program:<programId>`.
 *
 * @packageDocumentation
 */
import { COUPONS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { MAX_FEN_ARGUMENT, MAX_POINTS_ARGUMENT, parseInteger, parseText, safeAdd } from '../ledger/args';
import type { AccountCaller } from '../ledger/caller';
import { AlreadyExistsError, ForbiddenError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import type { Stub } from '../ledger/stub';
import { requireRegisteredMerchant } from './common';
import { CouponLedger, PROGRAM_ASSET_PREFIX } from './holdings';
import { requireAlliance } from './ops-alliance';
import { requireHolder } from './ops-classes';
import type { PointProgram } from './records-trade';
import { programs } from './repository';

/**
 * CreateProgram (registered merchant): registers a point program owned by the caller, or by
 * an alliance the caller is a member of (`allianceId`, `""` for none).
 *
 * @returns the PointProgram as JSON
 */
export async function createProgram(
  ctx: Context,
  requestId: string,
  programId: string,
  name: string,
  allianceId: string,
  pointValueFen: string,
): Promise<string> {
  const spec = { tx: COUPONS.transactions.CreateProgram, requestId, args: [programId, name, allianceId, pointValueFen] };
  return executeWrite(ctx, spec, async ({ stub, caller, txId, time }) => {
    const id = requireKeyPart(programId, 'programId');
    const program: PointProgram = {
      programId: id,
      name: parseText(name, 'name', 128),
      owner: caller.account,
      allianceId: allianceId === '' ? null : (await requireAlliance(stub, allianceId)).allianceId,
      pointValueFen: parseInteger(pointValueFen, 'pointValueFen', 1, MAX_FEN_ARGUMENT),
      issued: 0,
      createdAt: time,
      txId,
    };
    await requireRegisteredMerchant(stub, caller.account);
    await requireIssuerOf(stub, program, caller);
    if ((await programs.read(stub, id)) !== undefined) {
      throw new AlreadyExistsError(`point program ${id} exists already`, { programId: id });
    }
    await programs.write(stub, program, id);
    return program;
  });
}

/**
 * IssueProgramPoints (the owner, or a member of the program's alliance): new points of the
 * program to a holder.
 *
 * @returns `{requestId, programId, from, to, points, issued, txId, time}` as JSON
 */
export async function issueProgramPoints(
  ctx: Context,
  requestId: string,
  programId: string,
  toAccount: string,
  points: string,
): Promise<string> {
  const spec = { tx: COUPONS.transactions.IssueProgramPoints, requestId, args: [programId, toAccount, points] };
  return executeWrite(ctx, spec, async ({ stub, caller, requestId: id, txId, time }) => {
    const program = await requireProgram(stub, programId);
    const to = requireHolder(toAccount, caller.account);
    const amount = parseInteger(points, 'points', 1, MAX_POINTS_ARGUMENT);
    await requireIssuerOf(stub, program, caller);
    const updated = { ...program, issued: safeAdd(program.issued, amount) };
    await programs.write(stub, updated, program.programId);
    await new CouponLedger(stub).credit(PROGRAM_ASSET_PREFIX + program.programId, to, amount);
    return { requestId: id, programId: program.programId, from: caller.account, to, points: amount, issued: updated.issued, txId, time };
  });
}

/**
 * TransferProgramPoints: the caller gives points of a program to another account.
 *
 * @returns `{requestId, programId, from, to, points, txId, time}` as JSON
 */
export async function transferProgramPoints(
  ctx: Context,
  requestId: string,
  programId: string,
  toAccount: string,
  points: string,
): Promise<string> {
  const spec = { tx: COUPONS.transactions.TransferProgramPoints, requestId, args: [programId, toAccount, points] };
  return executeWrite(ctx, spec, async ({ stub, caller, requestId: id, txId, time }) => {
    const program = await requireProgram(stub, programId);
    const to = requireHolder(toAccount, caller.account);
    const amount = parseInteger(points, 'points', 1, MAX_POINTS_ARGUMENT);
    await new CouponLedger(stub).move(PROGRAM_ASSET_PREFIX + program.programId, caller.account, to, amount);
    return { requestId: id, programId: program.programId, from: caller.account, to, points: amount, txId, time };
  });
}

/**
 * @param stub - normally `ctx.stub`
 * @param programId - the argument as received
 * @returns the program
 * @throws NotFoundError when it does not exist
 */
export async function requireProgram(stub: Stub, programId: string): Promise<PointProgram> {
  return programs.require(stub, 'programId', programId);
}

async function requireIssuerOf(stub: Stub, program: PointProgram, caller: AccountCaller): Promise<void> {
  const allowed =
    program.allianceId === null
      ? caller.account === program.owner
      : (await requireAlliance(stub, program.allianceId)).members.includes(caller.account);
  if (!allowed) {
    throw new ForbiddenError('only the program owner, or a member of its alliance, may issue its points', { programId: program.programId });
  }
}
