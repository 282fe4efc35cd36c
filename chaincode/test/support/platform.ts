/**
 * Jest setup: loads the chaincode's entry point as the chaincode server does, which binds the
 * points module's services (ledger/platform.ts) that every contract's transactions use.
 */
import '../../src';
