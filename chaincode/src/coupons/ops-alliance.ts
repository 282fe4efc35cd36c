/**
 * Merchant alliances: a merchant founds one, members invite merchants, and an invited
 * merchant joins by signing its own JoinAlliance transaction.
 *
 * @packageDocumentation
 */
import { COUPONS } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { parseText } from '../ledger/args';
import { AlreadyExistsError, ConflictError, ForbiddenError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import type { Stub } from '../ledger/stub';
import { requireRegisteredMerchant } from './common';
import type { Alliance } from './records';
import { alliances } from './repository';

/** Most members and open invitations an alliance may have. */
export const MAX_ALLIANCE_SIZE = 256;

/**
 * CreateAlliance (registered merchant): founds an alliance whose first member is the caller.
 *
 * @returns the Alliance as JSON
 */
export async function createAlliance(ctx: Context, requestId: string, allianceId: string, name: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.CreateAlliance, requestId, args: [allianceId, name] };
  return executeWrite(ctx, spec, async ({ stub, caller, time }) => {
    const id = requireKeyPart(allianceId, 'allianceId');
    const alliance: Alliance = {
      allianceId: id,
      name: parseText(name, 'name', 128),
      founder: caller.account,
      members: [caller.account],
      invited: [],
      createdAt: time,
    };
    await requireRegisteredMerchant(stub, caller.account);
    if ((await alliances.read(stub, id)) !== undefined) {
      throw new AlreadyExistsError(`alliance ${id} exists already`, { allianceId: id });
    }
    await alliances.write(stub, alliance, id);
    return alliance;
  });
}

/**
 * InviteMerchant (member): invites a registered merchant to join.
 *
 * @returns the Alliance as JSON
 */
export async function inviteMerchant(ctx: Context, requestId: string, allianceId: string, merchantId: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.InviteMerchant, requestId, args: [allianceId, merchantId] };
  return executeWrite(ctx, spec, async ({ stub, caller }) => {
    const alliance = await requireAlliance(stub, allianceId);
    const merchant = requireKeyPart(merchantId, 'merchantId');
    if (!alliance.members.includes(caller.account)) {
      throw new ForbiddenError('only a member may invite', { allianceId: alliance.allianceId });
    }
    if (alliance.members.includes(merchant) || alliance.invited.includes(merchant)) {
      throw new AlreadyExistsError(`${merchant} is already a member or invited`, { allianceId: alliance.allianceId, merchantId: merchant });
    }
    if (alliance.members.length + alliance.invited.length >= MAX_ALLIANCE_SIZE) {
      throw new ConflictError(`an alliance has at most ${MAX_ALLIANCE_SIZE} members and invitations`, { allianceId: alliance.allianceId });
    }
    await requireRegisteredMerchant(stub, merchant);
    const updated = { ...alliance, invited: [...alliance.invited, merchant].sort() };
    await alliances.write(stub, updated, alliance.allianceId);
    return updated;
  });
}

/**
 * JoinAlliance (invited merchant): accepts the invitation; from then on the merchant
 * accepts the alliance's alliance-wide coupon classes.
 *
 * @returns the Alliance as JSON
 */
export async function joinAlliance(ctx: Context, requestId: string, allianceId: string): Promise<string> {
  const spec = { tx: COUPONS.transactions.JoinAlliance, requestId, args: [allianceId] };
  return executeWrite(ctx, spec, async ({ stub, caller }) => {
    const alliance = await requireAlliance(stub, allianceId);
    if (!alliance.invited.includes(caller.account)) {
      throw new ForbiddenError('only an invited merchant may join', { allianceId: alliance.allianceId });
    }
    const updated = {
      ...alliance,
      members: [...alliance.members, caller.account].sort(),
      invited: alliance.invited.filter((merchant) => merchant !== caller.account),
    };
    await alliances.write(stub, updated, alliance.allianceId);
    return updated;
  });
}

/**
 * @param stub - normally `ctx.stub`
 * @param allianceId - the argument as received
 * @returns the alliance
 * @throws NotFoundError when it does not exist
 */
export async function requireAlliance(stub: Stub, allianceId: string): Promise<Alliance> {
  return alliances.require(stub, 'allianceId', allianceId);
}
