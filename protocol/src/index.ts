/**
 * What the Loulan chaincode and its clients agree on: the roles each organisation issues, the
 * ledger's error codes with their wire format, every contract's transactions, the events they emit
 * and the schema of each write's result. Imported by the chaincode, the gateway and
 * the tests, so that each is defined once.
 *
 * @packageDocumentation
 */
export * from './contracts';
export * from './errors';
export * from './events';
export * from './results';
export * from './roles';
export * from './transactions';
