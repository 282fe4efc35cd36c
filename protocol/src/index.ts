/**
 * What the Loulan chaincode and its clients agree on: the roles each organisation issues and
 * the ledger's error codes with their wire format. Imported by the chaincode, the gateway and
 * the tests, so that each is defined once.
 *
 * @packageDocumentation
 */
export * from './contracts';
export * from './errors';
export * from './roles';
export * from './transactions';
