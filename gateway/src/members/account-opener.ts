import { POINTS } from '@loulan/protocol';

import type { CallerIdentity, FabricGateway } from '../fabric/gateway';

/**
 * Opens a new member's ledger account, signed by the member's own certificate, so that the
 * ledger's account register names the member's organisation and role as the owner
 * (docs/security.md, "Accounts").
 */
export interface AccountOpener {
  /**
   * @param member - the new member's certificate and signer
   * @throws ChaincodeError `ACCOUNT_HELD` when another organisation or role owns the account
   */
  open(member: CallerIdentity): Promise<void>;
}

/** {@link AccountOpener} that submits `points:OpenAccount`; the ledger answers a repeat with the first entry. */
export class LedgerAccountOpener implements AccountOpener {
  constructor(private readonly fabric: Pick<FabricGateway, 'submit'>) {}

  async open(member: CallerIdentity): Promise<void> {
    await this.fabric.submit(POINTS.contract, POINTS.transactions.OpenAccount.name, [], { caller: member });
  }
}
