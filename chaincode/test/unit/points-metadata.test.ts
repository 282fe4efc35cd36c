import 'reflect-metadata';

import { POINTS } from '@loulan/protocol';

import { contracts } from '../../src';
import { FakeLedger } from '../support/fake-ledger';
import { declaredTransactions } from '../support/metadata';
import { invokeThroughShim, newChaincode } from '../support/shim';

describe('points contract surface', () => {
  it('is served by fabric-shim with exactly the transactions of the protocol table', () => {
    const served = newChaincode().metadata.contracts;
    expect(served.points?.transactions.map((t) => t.name).sort()).toEqual(Object.keys(POINTS.transactions).sort());
  });

  it('names every write of every contract differently, since a request fingerprint names the transaction, not its contract', () => {
    const writes = contracts.flatMap((contract) => declaredTransactions(contract).filter((t) => t.tag.includes('SUBMIT')));
    expect(writes.length).toBeGreaterThan(50);
    expect(new Set(writes.map((t) => t.name)).size).toBe(writes.length);
  });

  it.each(['points:constructor', 'points:beforeTransaction', 'points:getName', 'points:Nope'])('does not run %s', async (fcn) => {
    const result = await invokeThroughShim(new FakeLedger(), fcn, []);
    expect(result.status).toBe(500);
    expect(result.message).toMatch(/does not exist/);
  });
});
