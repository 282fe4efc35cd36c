import { JSONSerializer } from 'fabric-contract-api';
import type { ChaincodeResponse, ChaincodeStub } from 'fabric-shim';
import ChaincodeFromContract from 'fabric-shim/lib/contract-spi/chaincodefromcontract';

import { contracts } from '../../src';
import { CHAINCODE_VERSION } from '../../src/version';
import type { FakeLedger, FakeTxOptions } from './fake-ledger';

/**
 * Builds the dispatcher fabric-shim creates at start-up from `contracts`, with the same
 * default serializer its bootstrap uses, so tests see the real routing, argument checks,
 * metadata and error-to-message conversion.
 */
export function newChaincode(): ChaincodeFromContract {
  // The dispatcher appends its own system contract to the array it is given.
  return new ChaincodeFromContract(
    [...contracts],
    { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } },
    {},
    '@loulan/chaincode',
    CHAINCODE_VERSION,
  );
}

/** What a client gets back from one transaction routed through fabric-shim. */
export interface ShimResult {
  status: number;
  /** Error text, the only part of a failure that reaches the client. */
  message: string;
  payload: string;
}

/**
 * Runs `fcn` (e.g. `system:PutMarker`) through fabric-shim's dispatcher and commits the
 * writes when it succeeds, as ordering would; a failed transaction changes nothing.
 */
export async function invokeThroughShim(
  ledger: FakeLedger,
  fcn: string,
  args: string[],
  options: Omit<FakeTxOptions, 'args'> = {},
  chaincode: ChaincodeFromContract = newChaincode(),
): Promise<ShimResult> {
  // The endorser's clock gate (ledger/contract.ts) runs here: a proposal is timed now unless the test says otherwise.
  const stub = ledger.stub({ txTime: new Date(), ...options, args: [fcn, ...args] });
  // See newContext: the fake covers what the dispatcher and contracts call.
  const response: ChaincodeResponse = await chaincode.Invoke(stub as unknown as ChaincodeStub);
  if (response.status === 200) {
    ledger.commit(stub);
  }
  return {
    status: response.status,
    message: response.message ?? '',
    payload: Buffer.from(response.payload ?? new Uint8Array()).toString('utf8'),
  };
}
