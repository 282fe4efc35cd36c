/**
 * Caliper workload: `points:RecordPurchase` of 10 yuan by a new consumer at the round's merchant,
 * signed by that merchant. Each worker cycles through its own share of the merchant's 64 balance
 * lanes, so that concurrent purchases debit different lanes, as the gateway spreads them
 * (docs/points.md "Lanes").
 */
import { Workload, type WorkloadModule } from './sut';

const LANES = 64;

class Purchase extends Workload {
  private turn = 0;

  async submitTransaction(): Promise<void> {
    const id = this.nextId();
    const lanesOfWorker = Math.max(1, Math.floor(LANES / this.workers));
    const lane = this.worker + this.workers * (this.turn++ % lanesOfWorker);
    await this.send({
      contractFunction: 'points:RecordPurchase',
      contractArguments: [id, `c-${id}`, '1000', '', String(lane % LANES)],
      invokerMspId: 'RetailMSP',
      invokerIdentity: 'merchant',
    });
  }
}

/** @returns the workload, as Caliper asks for it */
export function createWorkloadModule(): WorkloadModule {
  return new Purchase();
}
