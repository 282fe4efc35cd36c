import { Shim } from 'fabric-shim';

import { quietShimLogging } from '../../src/ledger/shim-logging';

describe('quietShimLogging', () => {
  it('skips the shim’s debug logs at the info level, and keeps its info logs', () => {
    const logger = Shim.newLogger('lib/handler.js');
    const write = jest.spyOn(logger, 'write').mockImplementation(() => true);
    quietShimLogging();
    logger.debug('a message per state read');
    expect(write).not.toHaveBeenCalled();
    logger.info('a message per transaction');
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('keeps every log when the peer asks for DEBUG', () => {
    jest.isolateModules(() => {
      process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'DEBUG';
      // A fresh shim, as a chaincode started with that level loads it.
      const { Shim: FreshShim } = jest.requireActual<typeof import('fabric-shim')>('fabric-shim');
      const { quietShimLogging: quiet } =
        jest.requireActual<typeof import('../../src/ledger/shim-logging')>('../../src/ledger/shim-logging');
      const logger = FreshShim.newLogger('lib/stub.js');
      const write = jest.spyOn(logger, 'write').mockImplementation(() => true);
      quiet();
      logger.debug('a message per state read');
      expect(write).toHaveBeenCalledTimes(1);
    });
    delete process.env.CORE_CHAINCODE_LOGGING_LEVEL;
  });
});
