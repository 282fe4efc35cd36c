/**
 * Opens test identities' accounts, as the gateway does when it enrols a member, so that tests
 * of other rules need not open each account by hand. Every identity built by `who()` is
 * remembered; each driver opens the remembered accounts missing from its ledger before each
 * transaction, the first identity built for an id owning it.
 */
import { type AccountRole, ROLES_BY_MSP } from '@loulan/protocol';

import { stateKey } from '../../src/ledger/keys';
import type { FakeLedger } from './fake-ledger';

/** An identity whose account the drivers open. */
export interface KnownAccount {
  readonly msp: string;
  readonly role: string;
  readonly account: string;
}

const known = new Map<string, KnownAccount>();
// Roles without a register entry: the admin acts for the treasury, an auditor owns nothing.
const UNREGISTERED_ROLES = new Set(['admin', 'auditor']);

/** Remembers an identity's account for {@link openKnownAccounts}; the first one for an id wins. */
export function rememberAccount(identity: KnownAccount): void {
  if (!UNREGISTERED_ROLES.has(identity.role) && !known.has(identity.account)) {
    known.set(identity.account, identity);
  }
}

/** Writes the register entry of every remembered account the ledger lacks, as a committed transaction. */
export function openKnownAccounts(ledger: FakeLedger): void {
  const stub = ledger.stub({ txId: 'open-accounts' });
  let opened = 0;
  for (const { msp, role, account } of known.values()) {
    const key = stateKey(stub, 'account', account);
    if (ledger.read(key) === undefined) {
      const record = {
        account,
        msp,
        openedAt: '2025-01-01T00:00:00.000Z',
        openedBy: `test::${role}-${account}`,
        role,
        txId: 'open-accounts',
      };
      void stub.putState(key, Buffer.from(JSON.stringify(record), 'utf8'));
      opened += 1;
    }
  }
  if (opened > 0) {
    ledger.commit(stub);
  }
}

/**
 * Declares accounts that receive points before their holders sign anything (a consumer credited
 * by a purchase, say): the drivers open them as their organisation would at enrolment.
 *
 * @param role - the accounts' role; the MSP is the one organisation that issues it
 * @param accounts - the account ids
 */
export function openAccounts(role: AccountRole, ...accounts: string[]): void {
  const msp = Object.keys(ROLES_BY_MSP).find((id) => ROLES_BY_MSP[id]?.includes(role));
  if (msp === undefined) {
    throw new Error(`no organisation issues the role ${role}`);
  }
  for (const account of accounts) {
    rememberAccount({ msp, role, account });
  }
}
