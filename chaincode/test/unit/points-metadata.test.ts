import 'reflect-metadata';

import { POINTS, SYSTEM } from '@loulan/protocol';

import { contracts } from '../../src';
import { AuditContract } from '../../src/audit/contract';
import { CouponsContract } from '../../src/coupons/contract';
import { EvidenceContract } from '../../src/evidence/contract';
import { JospContract } from '../../src/josp/contract';
import { PointsContract } from '../../src/points/contract';
import { ShelfContract } from '../../src/shelf/contract';
import { SystemContract } from '../../src/system/contract';
import { FakeLedger } from '../support/fake-ledger';
import { declaredTransactions } from '../support/metadata';
import { invokeThroughShim, newChaincode } from '../support/shim';

describe('points contract surface', () => {
  it('is served by fabric-shim beside system, which stays the default contract', () => {
    expect(contracts).toEqual([
      SystemContract,
      PointsContract,
      JospContract,
      CouponsContract,
      ShelfContract,
      EvidenceContract,
      AuditContract,
    ]);
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
    expect(served.points?.transactions.map((t) => t.name).sort()).toEqual(Object.keys(POINTS.transactions).sort());
    expect(served.system?.transactions.map((t) => t.name).sort()).toEqual(Object.keys(SYSTEM.transactions).sort());
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
