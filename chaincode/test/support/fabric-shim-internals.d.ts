// fabric-shim ships no typings for its contract dispatcher; these cover what the tests use.
declare module 'fabric-shim/lib/contract-spi/chaincodefromcontract' {
  import type { Contract } from 'fabric-contract-api';
  import type { ChaincodeResponse, ChaincodeStub } from 'fabric-shim';

  interface TransactionMetadata {
    name: string;
    tag?: string[];
    parameters?: { name: string; schema: { type?: string } }[];
    returns?: { type?: string };
  }

  class ChaincodeFromContract {
    constructor(
      contractClasses: (typeof Contract)[],
      serializers: { transaction: string; serializers: Record<string, unknown> },
      metadata: object,
      title: string,
      version: string,
    );
    metadata: { contracts: Record<string, { transactions: TransactionMetadata[] }> };
    Invoke(stub: ChaincodeStub): Promise<ChaincodeResponse>;
  }

  export = ChaincodeFromContract;
}
