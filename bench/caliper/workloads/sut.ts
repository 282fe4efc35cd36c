/**
 * The part of Caliper 0.6's workload-module contract the bench's workloads use, typed here so that
 * the workloads compile without Caliper installed (it is installed only for `make bench-caliper`).
 * Caliper duck-types workload modules: it calls `createWorkloadModule()` and the three methods.
 */

/** One request to Caliper's Fabric connector. */
export interface FabricRequest {
  readonly contractId: string;
  /** `<contract>:<transaction>`, as Fabric names a function of a multi-contract chaincode. */
  readonly contractFunction: string;
  readonly contractArguments: readonly string[];
  /** The MSP of the invoking identity: Caliper looks identities up per organisation (the first one by default). */
  readonly invokerMspId: string;
  readonly invokerIdentity: string;
  readonly readOnly: boolean;
}

/** Caliper's connector to the system under test. */
export interface SutAdapter {
  sendRequests(request: FabricRequest): Promise<unknown>;
}

/** A Caliper workload module. */
export interface WorkloadModule {
  initializeWorkloadModule(
    workerIndex: number,
    totalWorkers: number,
    roundIndex: number,
    roundArguments: Record<string, unknown>,
    sutAdapter: SutAdapter,
    sutContext: unknown,
  ): Promise<void>;
  submitTransaction(): Promise<void>;
  cleanupWorkloadModule(): Promise<void>;
}

/** What every workload keeps from its initialisation: the adapter and a unique id per transaction. */
export abstract class Workload implements WorkloadModule {
  private adapter: SutAdapter | undefined;
  private prefix = '';
  private sent = 0;
  protected args: Record<string, unknown> = {};
  protected worker = 0;
  protected workers = 1;

  async initializeWorkloadModule(
    workerIndex: number,
    totalWorkers: number,
    roundIndex: number,
    roundArguments: Record<string, unknown>,
    sutAdapter: SutAdapter,
  ): Promise<void> {
    this.adapter = sutAdapter;
    this.args = roundArguments;
    this.worker = workerIndex;
    this.workers = totalWorkers;
    this.prefix = `${String(roundArguments.runId)}-r${roundIndex}-w${workerIndex}`;
  }

  abstract submitTransaction(): Promise<void>;

  async cleanupWorkloadModule(): Promise<void> {
    this.adapter = undefined;
  }

  /** @returns an id no other transaction of the run uses */
  protected nextId(): string {
    this.sent += 1;
    return `${this.prefix}-${this.sent}`;
  }

  protected async send(request: Omit<FabricRequest, 'contractId' | 'readOnly'>): Promise<void> {
    if (this.adapter === undefined) {
      throw new Error('the workload module was not initialised');
    }
    await this.adapter.sendRequests({ contractId: 'loulan', readOnly: false, ...request });
  }
}
