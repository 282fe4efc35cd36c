import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { CouponsContract } from './coupons/contract';
import { loadMatchBudget, loadMatchSchedule, scheduleMatching } from './coupons/schedule';
import { CouponMatcher } from './coupons/service';
import { loadEventsConfig } from './events/config';
import { loadWebhooksConfig } from './events/webhooks/config';
import { WEBHOOK_MIGRATIONS } from './events/webhooks/sqlite-store';
import { startWebhooks } from './events/webhooks/start';
import { connectFabric, resolvePendingPeriodically } from './fabric/connection';
import { SqliteTransactionJournal, TRANSACTION_JOURNAL_MIGRATIONS } from './fabric/journal';
import { orderingMonitorFor } from './fabric/ordering';
import { createLogger } from './logger';
import { LedgerAccountOpener } from './members/account-opener';
import { openMembers } from './members/open-members';
import { createMetrics } from './metrics';
import { loadMonitoringConfig } from './monitoring/config';
import { checkInvariantPeriodically, orgAdminCaller } from './monitoring/invariant-check';
import { MonitoringStatusSource } from './monitoring/status';
import { PointsContract } from './points/contract';
import { loadReadModelConfig } from './readmodel/config';
import { READ_MODEL_MIGRATIONS } from './readmodel/sqlite-store';
import { startReadModel } from './readmodel/start';
import { loadSecurityConfig } from './security/config';
import { startServer } from './server';
import { openDatabase } from './storage/database';

// Distinct from 1 so supervisors and scripts can tell "fix your environment" from a crash.
const EXIT_BAD_CONFIG = 2;
// Settled journal rows are only kept for diagnosis; a week covers any incident review.
const JOURNAL_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const matchSchedule = loadMatchSchedule(process.env, config.members);
  const matchBudget = loadMatchBudget(process.env);
  const readModelConfig = loadReadModelConfig(process.env);
  const security = loadSecurityConfig(process.env, config.http.host);
  const events = loadEventsConfig(process.env);
  const webhooksConfig = loadWebhooksConfig(process.env);
  const monitoring = loadMonitoringConfig(process.env);
  const invariantCaller = orgAdminCaller(config);
  const logger = createLogger(config.logLevel);
  const database = openDatabase(config.members.dbFile, [
    ...TRANSACTION_JOURNAL_MIGRATIONS,
    ...READ_MODEL_MIGRATIONS,
    ...WEBHOOK_MIGRATIONS,
  ]);
  const metrics = createMetrics();
  const journal = new SqliteTransactionJournal(database);
  journal.pruneSettled(new Date(Date.now() - JOURNAL_RETENTION_MS));
  const fabric = connectFabric(config, { journal, logger, metrics: metrics.fabric });
  const members = await openMembers(config.members, database, {
    accountOpener: new LedgerAccountOpener(fabric),
    apiKeyGraceSeconds: security.apiKeyGraceSeconds,
    warn: (message) => {
      logger.warn(message);
    },
  }).catch((err: unknown) => {
    fabric.close();
    database.close();
    throw err;
  });
  const couponMatcher = new CouponMatcher(new CouponsContract(fabric), { budget: matchBudget });
  const readModel = await startReadModel(config, readModelConfig, database, logger).catch((err: unknown) => {
    fabric.close();
    database.close();
    throw err;
  });

  const webhooks = await startWebhooks({
    database,
    keyRing: members.keyRing,
    readModel,
    ownerEnabled: (memberId) => members.isEnabled(memberId),
    config: webhooksConfig,
    logger,
  }).catch(async (err: unknown) => {
    await readModel.stop();
    fabric.close();
    database.close();
    throw err;
  });

  const ordering = orderingMonitorFor(fabric, config, { metrics: metrics.fabric, logger });
  // Started before listening, so the first readiness requests already find a probe result.
  const probing = ordering?.start(config.orderingProbe.intervalMs);
  const server = await startServer(
    createApp({
      fabric,
      logger,
      config,
      members,
      metrics,
      couponMatcher,
      readModel,
      security,
      events,
      subscriptions: webhooks.subscriptions,
      monitoring: new MonitoringStatusSource(monitoring),
      ...(ordering === undefined ? {} : { ordering: () => ordering.current() }),
    }),
    config.http.host,
    config.http.port,
  ).catch(async (err: unknown) => {
    probing?.stop();
    await webhooks.stop();
    await readModel.stop();
    fabric.close();
    database.close();
    throw err;
  });
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
  // In the background: requests need not wait for transactions an earlier run, or a write that hit its
  // deadline, left undecided.
  const resolving = resolvePendingPeriodically(fabric, config.journalResolution, logger);
  const checkingInvariant = checkInvariantPeriodically({
    points: new PointsContract(fabric),
    caller: invariantCaller,
    metrics: metrics.invariant,
    logger,
    intervalMs: monitoring.invariantCheckIntervalMs,
  });

  const stopMatching = scheduleMatching(
    couponMatcher,
    matchSchedule,
    (apiKey) => members.authenticator.authenticate(apiKey),
    (err: unknown) => {
      logger.warn({ err }, 'scheduled coupon matching failed');
    },
  );

  let stopping = false;
  // `once`: a second identical signal gets the default behaviour, i.e. an immediate exit.
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    stopMatching();
    probing?.stop();
    resolving.stop();
    checkingInvariant.stop();
    logger.info({ signal }, 'shutting down');
    server
      .close()
      .catch((err: unknown) => {
        logger.error({ err }, 'HTTP server did not close cleanly');
      })
      .then(() => webhooks.stop())
      .then(() => readModel.stop())
      .catch((err: unknown) => {
        logger.error({ err }, 'read model did not stop cleanly');
      })
      .finally(() => {
        fabric.close();
        database.close();
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
