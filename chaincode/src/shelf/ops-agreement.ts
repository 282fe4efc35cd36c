/**
 * Shelf agreements and device bindings (docs/rules.md#shelf-agreements, #shelf-devices): an
 * operator proposes, all three parties sign with their own identities, any party may decline
 * while it is proposed; a signed version is never edited, only superseded by a newer version
 * signed by all three. A device
 * names its operator with its own identity, and only that operator binds and unbinds it.
 *
 * @packageDocumentation
 */
import { SHELF } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { parseInteger } from '../ledger/args';
import type { AccountCaller } from '../ledger/caller';
import { AlreadyExistsError, ConflictError, ForbiddenError, InvalidArgumentError, NotFoundError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import type { Stub } from '../ledger/stub';
import type { Agreement, DeviceClaim, ShelfHead } from './records';
import { deviceClaims, devices, postIndex, readAgreement, shelves, writeAgreement } from './repository';
import { BPS, type Split } from './settlement';

const MAX_VERSION = 999_999;

/**
 * ProposeAgreement (shelf-operator): a new version of a shelf's agreement; the first version
 * creates the shelf with the caller as its operator.
 *
 * @returns the Agreement as JSON
 */
export async function proposeAgreement(
  ctx: Context,
  requestId: string,
  shelfId: string,
  siteId: string,
  supplier: string,
  supplierBps: string,
  operatorBps: string,
  siteBps: string,
  feeBps: string,
): Promise<string> {
  const args = [shelfId, siteId, supplier, supplierBps, operatorBps, siteBps, feeBps];
  const spec = { tx: SHELF.transactions.ProposeAgreement, requestId, args };
  return executeWrite(ctx, spec, async ({ stub, caller, time, txId }) => {
    const id = requireKeyPart(shelfId, 'shelfId');
    const site = requireKeyPart(siteId, 'siteId');
    const supplierId = requireKeyPart(supplier, 'supplier');
    const split = parseSplit(supplierBps, operatorBps, siteBps, feeBps);
    const siteProvider = await requireSiteProvider(stub, site);
    if (new Set([caller.account, siteProvider, supplierId]).size !== 3) {
      throw new InvalidArgumentError('operator, site provider and supplier are three different accounts', { supplier: supplierId });
    }
    const shelf = await shelfOpenToProposal(stub, caller, id);
    const version = (shelf?.latestVersion ?? 0) + 1;
    const agreement: Agreement = {
      shelfId: id,
      version,
      operator: caller.account,
      siteId: site,
      siteProvider,
      supplier: supplierId,
      ...split,
      status: 'proposed',
      operatorSignedAt: null,
      siteProviderSignedAt: null,
      supplierSignedAt: null,
      proposedAt: time,
      changedAt: null,
      changedBy: null,
      txId,
    };
    await writeAgreement(stub, agreement);
    await shelves.write(
      stub,
      { shelfId: id, operator: caller.account, latestVersion: version, activeVersion: shelf?.activeVersion ?? null },
      id,
    );
    return agreement;
  });
}

/**
 * The split a proposal names: each share a bps count, the three profit shares summing to {@link BPS}.
 *
 * @throws InvalidArgumentError when a share is out of range or the shares do not sum to a whole
 */
function parseSplit(supplierBps: string, operatorBps: string, siteBps: string, feeBps: string): Split {
  const split = {
    supplierBps: parseInteger(supplierBps, 'supplierBps', 0, BPS),
    operatorBps: parseInteger(operatorBps, 'operatorBps', 0, BPS),
    siteBps: parseInteger(siteBps, 'siteBps', 0, BPS),
    feeBps: parseInteger(feeBps, 'feeBps', 0, BPS),
  };
  const sum = split.supplierBps + split.operatorBps + split.siteBps;
  if (sum !== BPS) {
    throw new InvalidArgumentError(`supplierBps + operatorBps + siteBps must be exactly ${BPS}`, { sum });
  }
  return split;
}

/**
 * The account that posted a site on the board, who is the site provider of any agreement on it.
 *
 * @throws NotFoundError when the site is not on the board
 */
async function requireSiteProvider(stub: Stub, site: string): Promise<string> {
  const sitePost = await postIndex.read(stub, 'site', site);
  if (sitePost === undefined) {
    throw new NotFoundError(`site ${site} is not on the board`, { siteId: site });
  }
  return sitePost.owner;
}

/**
 * The shelf a new version is proposed for, undefined when the proposal creates it.
 *
 * @throws ForbiddenError when the caller does not operate the shelf
 * @throws ConflictError while its latest version is still proposed
 */
async function shelfOpenToProposal(stub: Stub, caller: AccountCaller, id: string): Promise<ShelfHead | undefined> {
  const shelf = await shelves.read(stub, id);
  if (shelf === undefined) {
    return undefined;
  }
  if (shelf.operator !== caller.account) {
    throw new ForbiddenError('only the shelf operator proposes new versions', { shelfId: id });
  }
  const latest = await readAgreement(stub, id, shelf.latestVersion);
  if (latest?.status === 'proposed') {
    throw new ConflictError('version is still proposed; it must be signed or declined first', { shelfId: id, version: latest.version });
  }
  return shelf;
}

async function proposedVersion(stub: Stub, caller: AccountCaller, shelfId: string, version: string): Promise<Agreement> {
  const id = requireKeyPart(shelfId, 'shelfId');
  const number = parseInteger(version, 'version', 1, MAX_VERSION);
  const agreement = await readAgreement(stub, id, number);
  if (agreement === undefined) {
    throw new NotFoundError(`shelf ${id} has no agreement version ${number}`, { shelfId: id, version: number });
  }
  if (partyAccount(agreement, caller) !== caller.account) {
    throw new ForbiddenError('only a party of the agreement, in its own role, may sign or decline it', { role: caller.role });
  }
  if (agreement.status !== 'proposed') {
    throw new ConflictError(`agreement version ${number} is ${agreement.status}`, { status: agreement.status });
  }
  return agreement;
}

function partyAccount(agreement: Agreement, caller: AccountCaller): string | null {
  switch (caller.role) {
    case 'shelf-operator':
      return agreement.operator;
    case 'site-provider':
      return agreement.siteProvider;
    case 'supplier':
      return agreement.supplier;
    default:
      return null;
  }
}

function signatureField(caller: AccountCaller): 'operatorSignedAt' | 'siteProviderSignedAt' | 'supplierSignedAt' {
  return caller.role === 'shelf-operator'
    ? 'operatorSignedAt'
    : caller.role === 'site-provider'
      ? 'siteProviderSignedAt'
      : 'supplierSignedAt';
}

/**
 * SignAgreement (a party): signs a proposed version; the third signature activates it and
 * supersedes the version active before.
 *
 * @returns the Agreement as JSON
 */
export async function signAgreement(ctx: Context, requestId: string, shelfId: string, version: string): Promise<string> {
  const spec = { tx: SHELF.transactions.SignAgreement, requestId, args: [shelfId, version] };
  return executeWrite(ctx, spec, async ({ stub, caller, time }) => {
    const proposed = await proposedVersion(stub, caller, shelfId, version);
    const field = signatureField(caller);
    if (proposed[field] !== null) {
      throw new ConflictError('this party has signed already', { version: proposed.version });
    }
    const signed: Agreement = { ...proposed, [field]: time };
    const complete = signed.operatorSignedAt !== null && signed.siteProviderSignedAt !== null && signed.supplierSignedAt !== null;
    if (!complete) {
      await writeAgreement(stub, signed);
      return signed;
    }
    const active: Agreement = { ...signed, status: 'active', changedAt: time, changedBy: caller.account };
    const shelf = await shelves.read(stub, active.shelfId);
    const previous =
      shelf === undefined || shelf.activeVersion === null ? undefined : await readAgreement(stub, active.shelfId, shelf.activeVersion);
    if (previous !== undefined) {
      await writeAgreement(stub, { ...previous, status: 'superseded', changedAt: time, changedBy: caller.account });
    }
    await writeAgreement(stub, active);
    const head = {
      shelfId: active.shelfId,
      operator: active.operator,
      latestVersion: shelf?.latestVersion ?? active.version,
      activeVersion: active.version,
    };
    await shelves.write(stub, head, active.shelfId);
    return active;
  });
}

/**
 * DeclineAgreement (a party): ends a proposed version; the active version, if any, stays.
 *
 * @returns the Agreement as JSON
 */
export async function declineAgreement(ctx: Context, requestId: string, shelfId: string, version: string): Promise<string> {
  const spec = { tx: SHELF.transactions.DeclineAgreement, requestId, args: [shelfId, version] };
  return executeWrite(ctx, spec, async ({ stub, caller, time }) => {
    const declined: Agreement = {
      ...(await proposedVersion(stub, caller, shelfId, version)),
      status: 'declined',
      changedAt: time,
      changedBy: caller.account,
    };
    await writeAgreement(stub, declined);
    return declined;
  });
}

/**
 * ClaimDevice (shelf-device): the device, signing with its own certificate, names the one
 * operator that may bind it. The retail CA enrols every operator's devices, so without this
 * any operator could bind, and collect the sales of, a device it does not hold. A bound
 * device keeps its operator; once unbound it may claim another (a device handed over).
 *
 * @returns the DeviceClaim as JSON
 */
export async function claimDevice(ctx: Context, requestId: string, operator: string): Promise<string> {
  const spec = { tx: SHELF.transactions.ClaimDevice, requestId, args: [operator] };
  return executeWrite(ctx, spec, async ({ stub, caller, time, txId }) => {
    const operatorId = requireKeyPart(operator, 'operator');
    const bound = await devices.read(stub, caller.account);
    if (bound !== undefined) {
      throw new ConflictError('a bound device keeps its operator; the operator unbinds it first', {
        deviceId: caller.account,
        shelfId: bound.shelfId,
      });
    }
    const claim: DeviceClaim = { deviceId: caller.account, operator: operatorId, claimedAt: time, txId };
    await deviceClaims.write(stub, claim, claim.deviceId);
    return claim;
  });
}

/**
 * RegisterDevice (the shelf's operator): binds a device that has claimed the caller
 * (ClaimDevice) to one of the caller's shelves with an active agreement; a device is bound to
 * one shelf at a time.
 *
 * @returns the Device as JSON
 */
export async function registerDevice(ctx: Context, requestId: string, shelfId: string, deviceId: string): Promise<string> {
  const spec = { tx: SHELF.transactions.RegisterDevice, requestId, args: [shelfId, deviceId] };
  return executeWrite(ctx, spec, async ({ stub, caller, time, txId }) => {
    const { shelf, device } = await operatedShelf(stub, caller, shelfId, deviceId, 'registers');
    const id = shelf.shelfId;
    if (shelf.activeVersion === null) {
      throw new ConflictError('the shelf has no active agreement yet', { shelfId: id });
    }
    // Checked before the binding, so another operator learns nothing about the device.
    const claim = await deviceClaims.read(stub, device);
    if (claim?.operator !== caller.account) {
      throw new ForbiddenError('a device is bound only by the operator it has claimed with its own identity', { deviceId: device });
    }
    const bound = await devices.read(stub, device);
    if (bound !== undefined) {
      throw new AlreadyExistsError(`device ${device} is bound to a shelf already`, { deviceId: device, shelfId: bound.shelfId });
    }
    const record = { deviceId: device, shelfId: id, operator: caller.account, registeredAt: time, txId };
    await devices.write(stub, record, device);
    return record;
  });
}

/**
 * UnbindDevice (the shelf's operator): ends a device's binding to the shelf, so it records no
 * more sales there. Its claim stays: the same operator may bind it again, to any of its
 * shelves, and no other operator may.
 *
 * @returns `{deviceId, shelfId, operator, registeredAt, unboundAt, txId}` as JSON
 */
export async function unbindDevice(ctx: Context, requestId: string, shelfId: string, deviceId: string): Promise<string> {
  const spec = { tx: SHELF.transactions.UnbindDevice, requestId, args: [shelfId, deviceId] };
  return executeWrite(ctx, spec, async ({ stub, caller, time, txId }) => {
    const { shelf, device } = await operatedShelf(stub, caller, shelfId, deviceId, 'unbinds');
    const id = shelf.shelfId;
    const bound = await devices.read(stub, device);
    if (bound?.shelfId !== id) {
      throw new NotFoundError(`device ${device} is not bound to shelf ${id}`, { deviceId: device, shelfId: id });
    }
    await devices.remove(stub, device);
    return { deviceId: device, shelfId: id, operator: bound.operator, registeredAt: bound.registeredAt, unboundAt: time, txId };
  });
}

/**
 * The shelf and device a binding request names, the shelf being the caller's. The operator that
 * bound a device is always the shelf's operator, which never changes.
 *
 * @throws InvalidArgumentError for a bad id, NotFoundError when the shelf does not exist
 * @throws ForbiddenError when the caller does not operate the shelf
 */
async function operatedShelf(
  stub: Stub,
  caller: AccountCaller,
  shelfId: string,
  deviceId: string,
  action: 'registers' | 'unbinds',
): Promise<{ shelf: ShelfHead; device: string }> {
  const id = requireKeyPart(shelfId, 'shelfId');
  const device = requireKeyPart(deviceId, 'deviceId');
  const shelf = await shelves.require(stub, 'shelfId', id);
  if (shelf.operator !== caller.account) {
    throw new ForbiddenError(`only the shelf operator ${action} its devices`, { shelfId: id });
  }
  return { shelf, device };
}
