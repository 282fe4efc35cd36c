/** Name the chaincode reports about itself; independent of the name it is deployed under. */
export const CHAINCODE_NAME = 'loulan';

/**
 * Release of this code. A constant rather than a read of package.json at run time so that
 * the deployed artefact cannot report a different file's version; a unit test keeps the
 * two equal.
 */
export const CHAINCODE_VERSION = '0.1.0';
