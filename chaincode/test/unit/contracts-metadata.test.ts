import 'reflect-metadata';

import { type ContractProtocol, CONTRACTS, defineProtocol, read, transactionsOf, write } from '@loulan/protocol';

import { contracts } from '../../src';
import { defineContract } from '../../src/ledger/transactions';
import { type AgreedTransaction, agreedTransactions, declaredTransactions, EVALUATE, SUBMIT } from '../support/metadata';
import { newChaincode } from '../support/shim';

/*
 * Every contract class against its module's table in @loulan/protocol: the one description of
 * each transaction's kind and arguments that the gateway and the authorisation matrix read too.
 */

/** What fabric-contract-api should declare for a protocol's transactions, sorted by name as it lists them. */
function agreed(protocol: ContractProtocol): AgreedTransaction[] {
  return transactionsOf(protocol)
    .map((tx): AgreedTransaction => [tx.name, tx.submit ? SUBMIT : EVALUATE, [...tx.args]])
    .sort(([a], [b]) => a.localeCompare(b));
}

const classes = new Map(contracts.map((contract) => [new contract().getName(), contract]));

describe.each(CONTRACTS.map((protocol) => [protocol.contract, protocol] as const))('the %s contract', (name, protocol) => {
  it('declares exactly the protocol transactions, kinds and string parameters', () => {
    const contract = classes.get(name);
    expect(contract).toBeDefined();
    expect(declaredTransactions(contract ?? Object)).toEqual(agreedTransactions(agreed(protocol)));
  });

  it('is served by fabric-shim under its name', () => {
    const served = newChaincode().metadata.contracts;
    expect(served[name]?.transactions.map((t) => t.name).sort()).toEqual(
      transactionsOf(protocol)
        .map((tx) => tx.name)
        .sort(),
    );
  });
});

describe('the chaincode', () => {
  it('serves exactly the protocol contracts, system first', () => {
    expect([...classes.keys()]).toEqual(CONTRACTS.map((protocol) => protocol.contract));
  });

  it('declares only writes whose roles the protocol names, and reads open to every member', () => {
    for (const tx of CONTRACTS.flatMap(transactionsOf)) {
      expect(tx.submit ? tx.roles.length > 0 : tx.roles.length === 0).toBe(true);
    }
  });
});

describe('defineContract', () => {
  const protocol = defineProtocol('sample', '/v1/sample', {
    Put: write(['admin'], ['requestId', 'value'], 'Put a value'),
    Get: read(['id'], 'A value'),
  });
  const put = (_ctx: unknown, requestId: string, value: string): Promise<string> => Promise.resolve(`${requestId}=${value}`);
  const get = (_ctx: unknown, id: string): Promise<string> => Promise.resolve(id);

  it('refuses a function whose parameters are not its transaction arguments', () => {
    const short = (_ctx: unknown, requestId: string): Promise<string> => Promise.resolve(requestId);
    expect(() => defineContract(protocol, 'sample', { Put: short, Get: get })).toThrow('sample:Put takes 1 arguments, its protocol 2');
  });

  it('refuses a function the protocol does not describe', () => {
    expect(() => defineContract(protocol, 'sample', { Put: put, Get: get, Extra: get })).toThrow('sample: Extra not in the protocol');
  });
});
