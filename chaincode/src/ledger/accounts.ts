/**
 * The account register: which organisation and role own each account id.
 *
 * A certificate's `loulan.account` attribute only says which account its holder claims. Every
 * organisation runs its own CA, so a claim alone cannot stop one member organisation from
 * certifying an identity for another organisation's account. The register closes that gap: an
 * account is opened once, by an identity of the organisation and role that will own it, and from
 * then on the ledger accepts the claim only from that MSP and role (docs/security.md).
 *
 * `account~<id>` = {@link AccountRecord}. The treasury is not in the register: only the platform
 * MSP issues the `admin` role, and that role always acts for the treasury.
 *
 * @packageDocumentation
 */
import { type AccountRole, PLATFORM_MSP, TREASURY_ACCOUNT } from '@loulan/protocol';

import { type AccountCaller, type Caller, type CallerContext, callerOf } from './caller';
import { AccountNotOpenError, ForbiddenError } from './errors';
import { type CompositeKeyStub, requireKeyPart } from './keys';
import { readFields } from './reader';
import type { StateStub } from './state';
import { recordStore } from './store';

/** An opened account. */
export type AccountRecord = {
  readonly account: string;
  /** MSP id of the organisation that opened and owns the account. */
  readonly msp: string;
  /** The role the owning identities hold. */
  readonly role: AccountRole;
  /** Fabric identity (subject and issuer) of the certificate that opened it. */
  readonly openedBy: string;
  /** Transaction time of the opening, ISO 8601. */
  readonly openedAt: string;
  readonly txId: string;
};

/** Stub capabilities the register needs. */
export type AccountStub = StateStub & CompositeKeyStub;

/** `account~<id>`: the register. */
export const accounts = recordStore('account', parseAccountRecord, { noun: 'account', absent: 'is not open' });

/**
 * @param stub - normally `ctx.stub`
 * @param account - a checked account id
 * @returns the register entry, or undefined when the account was never opened
 */
export async function readAccount(stub: AccountStub, account: string): Promise<AccountRecord | undefined> {
  return accounts.read(stub, account);
}

/**
 * Writes a new register entry. Callers check first that the id is free.
 *
 * @param stub - normally `ctx.stub`
 * @param record - the entry
 */
export async function writeAccount(stub: AccountStub, record: AccountRecord): Promise<void> {
  await accounts.write(stub, record, record.account);
}

/**
 * Requires that the caller's certificate may act for the account it names: the register entry
 * exists and names the caller's MSP and role. A platform admin acts for the treasury, which
 * needs no entry.
 *
 * @param stub - normally `ctx.stub`
 * @param caller - from `requireRole`
 * @throws AccountNotOpenError when the account was never opened
 * @throws ForbiddenError when another organisation or role owns it
 */
export async function requireAccountOwner(stub: AccountStub, caller: AccountCaller): Promise<void> {
  if (caller.role === 'admin') {
    return;
  }
  const record = await readAccount(stub, caller.account);
  if (record === undefined) {
    throw new AccountNotOpenError(`account ${caller.account} is not open; its organisation opens it at enrolment`, {
      account: caller.account,
    });
  }
  if (record.msp !== caller.msp || record.role !== caller.role) {
    throw foreignAccount(caller);
  }
}

/**
 * Requires that an account named by a request (a receiver, a counterparty) is open, and, when
 * `roles` is given, that it belongs to one of them. The treasury is always open.
 *
 * @param stub - normally `ctx.stub`
 * @param value - the account id as received
 * @param field - argument name reported in errors
 * @param roles - roles the account must have, or none for any role
 * @returns the checked account id
 * @throws AccountNotOpenError when it was never opened
 * @throws ForbiddenError when it has another role
 */
export async function requireOpenAccount(
  stub: AccountStub,
  value: string,
  field: string,
  roles: readonly AccountRole[] = [],
): Promise<string> {
  const account = requireKeyPart(value, field);
  if (account === TREASURY_ACCOUNT) {
    return account;
  }
  const record = await readAccount(stub, account);
  if (record === undefined) {
    throw new AccountNotOpenError(`account ${account} is not open`, { account, field });
  }
  if (roles.length > 0 && !roles.includes(record.role)) {
    throw new ForbiddenError(`${field} must be an account of the role ${roles.join(' or ')}`, {
      account,
      field,
      role: record.role,
    });
  }
  return account;
}

/**
 * Checks a stored register entry.
 *
 * @param value - decoded JSON
 * @returns the entry
 */
export function parseAccountRecord(value: unknown): AccountRecord {
  const f = readFields(value, 'account');
  return {
    account: f.string('account'),
    msp: f.string('msp'),
    role: f.string('role') as AccountRole,
    openedBy: f.string('openedBy'),
    openedAt: f.string('openedAt'),
    txId: f.string('txId'),
  };
}

/** The parts of a transaction context the register reads: those the caller is read from. */
export type AccountContext = CallerContext;

/**
 * The caller of a read: as {@link callerOf}, and refused when its certificate names an
 * account that another organisation or role owns. A certificate naming an account nobody has
 * opened yet reads only that empty account.
 *
 * @param ctx - transaction context
 * @returns the caller
 * @throws ForbiddenError when the certificate's account belongs to someone else
 */
export async function readingCaller(ctx: AccountContext): Promise<Caller> {
  const caller = await callerOf(ctx);
  if (caller.account === null || caller.role === 'admin') {
    return caller;
  }
  const record = await readAccount(ctx.stub, caller.account);
  if (record !== undefined && (record.msp !== caller.msp || record.role !== caller.role)) {
    throw foreignAccount(caller);
  }
  return caller;
}

function foreignAccount(caller: Caller): ForbiddenError {
  return new ForbiddenError('this certificate names an account that another organisation or role owns', {
    account: caller.account,
    msp: caller.msp,
    role: caller.role,
  });
}

/**
 * The account a purchase credits: an open consumer account, or a new one opened for the platform
 * organisation, which signs consumers up. A shop credits a walk-in customer's loyalty id before
 * the customer enrols; the entry binds that id to the platform's consumers at once, so the points
 * can only ever be spent by the consumer the platform later enrols for it.
 *
 * Only reads: the caller writes the entry ({@link writeAccount}) once the rest of the purchase
 * can no longer be refused, so that a refused purchase of a batch opens nothing.
 *
 * @param stub - normally `ctx.stub`
 * @param account - a checked account id
 * @param opening - who credits it and when, recorded when the account is new
 * @returns the entry to write when the account is new, undefined when it is an open consumer
 *   account
 * @throws ForbiddenError when the id is an account of another role
 */
export async function consumerOpening(
  stub: AccountStub,
  account: string,
  opening: { readonly openedBy: string; readonly openedAt: string; readonly txId: string },
): Promise<AccountRecord | undefined> {
  const record = await readAccount(stub, account);
  if (record === undefined) {
    return { account, msp: PLATFORM_MSP, role: 'consumer', ...opening };
  }
  if (record.role !== 'consumer') {
    throw new ForbiddenError('consumer must be a consumer account', { account, field: 'consumer', role: record.role });
  }
  return undefined;
}
