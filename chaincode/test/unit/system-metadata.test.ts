import 'reflect-metadata';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { contracts } from '../../src';
import { SystemContract } from '../../src/system/contract';
import { CHAINCODE_VERSION } from '../../src/version';
import { FakeLedger } from '../support/fake-ledger';
import { parseJsonObject } from '../support/json';
import { declaredTransactions } from '../support/metadata';
import { invokeThroughShim, newChaincode } from '../support/shim';

describe('system contract surface', () => {
  it('declares exactly Ping, the markers and the organisations with their kinds and parameters', () => {
    expect(declaredTransactions(SystemContract)).toEqual([
      { name: 'AdmitOrganisation', tag: ['SUBMIT', 'submitTx'], parameters: ['mspId:string', 'rolesJson:string'], returns: 'string' },
      { name: 'GetMarker', tag: ['EVALUATE'], parameters: ['markerId:string'], returns: 'string' },
      { name: 'GetOrganisation', tag: ['EVALUATE'], parameters: ['mspId:string'], returns: 'string' },
      { name: 'ListOrganisations', tag: ['EVALUATE'], parameters: ['pageSize:string', 'bookmark:string'], returns: 'string' },
      { name: 'Ping', tag: ['EVALUATE'], parameters: [], returns: 'string' },
      { name: 'PutMarker', tag: ['SUBMIT', 'submitTx'], parameters: ['markerId:string', 'value:string'], returns: 'string' },
    ]);
  });

  it('is what fabric-shim serves, next to its own org.hyperledger.fabric contract', () => {
    expect(contracts[0]).toBe(SystemContract);
    const served = newChaincode().metadata.contracts;
    expect(Object.keys(served).sort()).toEqual([
      'audit',
      'coupons',
      'evidence',
      'josp',
      'org.hyperledger.fabric',
      'points',
      'shelf',
      'system',
    ]);
    expect(served.system?.transactions.map((t) => t.name).sort()).toEqual([
      'AdmitOrganisation',
      'GetMarker',
      'GetOrganisation',
      'ListOrganisations',
      'Ping',
      'PutMarker',
    ]);
    expect(served['org.hyperledger.fabric']?.transactions.map((t) => t.name)).toEqual(['GetMetadata']);
  });

  it.each(['system:constructor', 'system:beforeTransaction', 'system:getName', 'system:Nope'])('does not run %s', async (fcn) => {
    const result = await invokeThroughShim(new FakeLedger(), fcn, []);
    expect(result.status).toBe(500);
    expect(result.message).toMatch(/does not exist/);
  });

  it('reports the package.json version', () => {
    const pkg = parseJsonObject(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(CHAINCODE_VERSION).toBe(pkg.version);
  });
});
