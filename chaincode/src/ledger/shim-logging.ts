/**
 * Keeps fabric-shim's disabled log levels free. The shim logs every message it exchanges with
 * the peer at debug level through winston 3, which formats a message (timestamp, metadata,
 * colours, padding) before its transport drops it for its level: at the default info level
 * that formatting was a fifth of the chaincode's CPU in a batch of purchases (one message per
 * state read or write). Each of the shim's loggers on that path gets a no-op for every level
 * it does not log; the levels it logs are untouched.
 *
 * @packageDocumentation
 */
import { Shim } from 'fabric-shim';

/** The shim's loggers that log per message or per transaction (their names in fabric-shim 2.5). */
const HOT_LOGGERS = [
  'lib/handler.js',
  'lib/stub.js',
  'lib/iterators.js',
  'lib/chaincode.js',
  'contracts-spi/chaincodefromcontract.js',
  'contracts-spi/datamarshall.js',
] as const;

/** winston's npm levels below info, which the shim uses for its per-message logs. */
const QUIET_LEVELS = ['debug', 'verbose', 'silly'] as const;

/**
 * Replaces, on each of the shim's hot loggers, the methods of the levels it does not log at its
 * configured level (`CORE_CHAINCODE_LOGGING_LEVEL`, read once when the chaincode loads) with
 * no-ops. Setting the level to DEBUG keeps every log.
 */
export function quietShimLogging(): void {
  for (const name of HOT_LOGGERS) {
    const logger = Shim.newLogger(name);
    for (const level of QUIET_LEVELS) {
      if (!logger.isLevelEnabled(level)) {
        logger[level] = (): typeof logger => logger;
      }
    }
  }
}
