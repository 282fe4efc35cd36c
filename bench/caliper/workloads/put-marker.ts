/** Caliper workload: the raw write, `system:PutMarker` of a new marker, signed by the platform admin. */
import { Workload, type WorkloadModule } from './sut';

class PutMarker extends Workload {
  async submitTransaction(): Promise<void> {
    await this.send({
      contractFunction: 'system:PutMarker',
      contractArguments: [this.nextId(), 'caliper'],
      invokerMspId: 'PlatformMSP',
      invokerIdentity: 'admin',
    });
  }
}

/** @returns the workload, as Caliper asks for it */
export function createWorkloadModule(): WorkloadModule {
  return new PutMarker();
}
