import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { connectFabric } from './fabric/connection';
import { createLogger } from './logger';
import { startServer } from './server';

// Distinct from 1 so supervisors and scripts can tell "fix your environment" from a crash.
const EXIT_BAD_CONFIG = 2;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const fabric = connectFabric(config);

  const server = await startServer(createApp({ fabric, logger, config }), config.http.host, config.http.port).catch(
    (err: unknown) => {
      fabric.close();
      throw err;
    },
  );
  logger.info(
    {
      url: server.url,
      peer: config.peer.endpoint,
      mspId: config.identity.mspId,
      channel: config.channel,
      chaincode: config.chaincode,
    },
    'gateway listening',
  );

  let stopping = false;
  // `once`: a second identical signal gets the default behaviour, i.e. an immediate exit.
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server
      .close()
      .catch((err: unknown) => logger.error({ err }, 'HTTP server did not close cleanly'))
      .finally(() => {
        fabric.close();
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`loulan-gateway: ${err.message}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  const reason = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`loulan-gateway: failed to start: ${reason}\n`);
  process.exit(1);
});
