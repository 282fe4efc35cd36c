import { NotFoundError } from '../errors';
import type { ReadModelControl } from './routes';
import type { ReadModelStore } from './store';

/**
 * The read model of an app built without one (unit tests of other modules): its routes stay mounted,
 * so the API looks the same, and each answers 404 NOT_FOUND.
 */
export function unconfiguredReadModel(): { store: ReadModelStore; control: ReadModelControl } {
  const fail = (): Promise<never> => Promise.reject(new NotFoundError('this gateway has no read model'));
  return {
    store: {
      checkpoint: fail,
      applyBlock: fail,
      clear: fail,
      transactionCount: fail,
      movements: fail,
      events: fail,
      topMerchants: fail,
      plans: fail,
      plan: fail,
      redemptions: fail,
      payouts: fail,
      totals: fail,
      throughput: fail,
      versions: fail,
      verifiedPrefix: fail,
      saveVerifiedPrefix: fail,
    },
    control: { latestBlock: () => null, rebuild: fail, onApplied: () => () => undefined },
  };
}
