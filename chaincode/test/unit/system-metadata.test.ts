import 'reflect-metadata';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { contracts } from '../../src';
import { SystemContract } from '../../src/system/contract';
import { CHAINCODE_VERSION } from '../../src/version';
import { FakeLedger } from '../support/fake-ledger';
import { invokeThroughShim, newChaincode } from '../support/shim';

interface DeclaredTransaction {
  name: string;
  tag: string[];
  parameters: { name: string; schema: { type?: string } }[];
  returns?: { type?: string };
}

describe('system contract surface', () => {
  it('declares exactly Ping, PutMarker and GetMarker with their kinds and parameters', () => {
    // Key written by @Transaction in fabric-contract-api/lib/annotations/transaction.js.
    const declared: DeclaredTransaction[] = Reflect.getMetadata('fabric:transactions', SystemContract.prototype);
    const summary = declared
      .map(({ name, tag, parameters, returns }) => ({
        name,
        tag,
        parameters: parameters.map((p) => `${p.name}:${p.schema.type ?? '?'}`),
        returns: returns?.type,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));

    expect(summary).toEqual([
      { name: 'GetMarker', tag: ['EVALUATE'], parameters: ['markerId:string'], returns: 'string' },
      { name: 'Ping', tag: ['EVALUATE'], parameters: [], returns: 'string' },
      { name: 'PutMarker', tag: ['SUBMIT', 'submitTx'], parameters: ['markerId:string', 'value:string'], returns: 'string' },
    ]);
  });

  it('is what fabric-shim serves, next to its own org.hyperledger.fabric contract', () => {
    expect(contracts[0]).toBe(SystemContract);
    const served = newChaincode().metadata.contracts;
    expect(Object.keys(served).sort()).toEqual(['org.hyperledger.fabric', 'points', 'system']);
    expect(served.system?.transactions.map((t) => t.name).sort()).toEqual(['GetMarker', 'Ping', 'PutMarker']);
    expect(served['org.hyperledger.fabric']?.transactions.map((t) => t.name)).toEqual(['GetMetadata']);
  });

  it.each(['system:constructor', 'system:beforeTransaction', 'system:getName', 'system:Nope'])(
    'does not run %s',
    async (fcn) => {
      const result = await invokeThroughShim(new FakeLedger(), fcn, []);
      expect(result.status).toBe(500);
      expect(result.message).toMatch(/does not exist/);
    },
  );

  it('reports the package.json version', () => {
    const pkg: { version: string } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(CHAINCODE_VERSION).toBe(pkg.version);
  });
});
