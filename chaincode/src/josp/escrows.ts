/**
 * The escrow holdings JOSP uses. Principal is held per investor, so subscriptions of
 * different investors write different escrow keys; the yield escrow is per plan.
 *
 * @packageDocumentation
 */
import type { EscrowRef } from '../ledger/points-book';

/**
 * @param planId - checked key part
 * @returns `escrow~josp-yield~<planId>`: the issuer's guarantee of the maximum yield
 */
export function yieldEscrowRef(planId: string): EscrowRef {
  return { scope: 'josp-yield', ids: [planId] };
}

/**
 * @param planId - checked key part
 * @param investor - checked key part
 * @returns `escrow~josp-principal~<planId>~<investor>`: one investor's subscribed points
 */
export function principalEscrowRef(planId: string, investor: string): EscrowRef {
  return { scope: 'josp-principal', ids: [planId, investor] };
}

/**
 * @param loanId - checked key part
 * @returns `escrow~josp-collateral~<loanId>`: a merchant's locked loan collateral
 */
export function collateralEscrowRef(loanId: string): EscrowRef {
  return { scope: 'josp-collateral', ids: [loanId] };
}
