/**
 * `node gateway/dist/tools/rotate-master-key.js --db FILE --old FILE [--old FILE…] --new FILE [--webhook-pg-url URL]`
 *
 * Re-seals every member private key, enrolment secret and webhook secret in the gateway database
 * under the master key in `--new`, opening them with that key or any `--old` key, in one SQLite
 * transaction (see resealStoredSecrets); with `--webhook-pg-url` (a gateway whose webhook store is
 * PostgreSQL) the webhook secrets there too, in one PostgreSQL transaction, after every one of them
 * has opened. A run interrupted between the two leaves values under both keys, which the next run
 * (with both keys, as net.sh keeps them until it succeeds) finishes. Run it with the gateway stopped, then point LOULAN_MASTER_KEY_FILE at the
 * new key: `network/net.sh rotate-master-key` (`make rotate-master-key`) does all three.
 * Exit status: 0 rotated (or nothing left to do); 1 the rotation failed, e.g. a stored value opens
 * with none of the keys or the database stayed locked; 2 a mistake in the command line or the files
 * it names. On 1 and 2 nothing was changed.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { PostgresSubscriptionStore } from '../events/webhooks/postgres-store';
import { WEBHOOK_SEALED_COLUMNS, webhookSecretContext } from '../events/webhooks/sqlite-store';
import { KeyRing, parseMasterKey, SealedValueError } from '../storage/key-ring';
import { openGatewayDatabase, type ResealReport, resealStoredSecrets } from '../storage/reseal';

/** A mistake in the command line or in the files it names; nothing was changed. */
export class RotationInputError extends Error {
  override readonly name = 'RotationInputError';
}

/** What to rotate, from the command line. */
export interface RotateOptions {
  readonly dbFile: string;
  /** Keys that may have sealed stored values (the current LOULAN_MASTER_KEY_FILE, older ones). */
  readonly oldKeyFiles: readonly string[];
  /** The key every value is sealed under afterwards. */
  readonly newKeyFile: string;
  /** The PostgreSQL webhook store (LOULAN_WEBHOOK_PG_URL), when the gateway keeps subscriptions there. */
  readonly webhookPgUrl?: string;
}

/** What {@link rotateMasterKey} did. */
export interface RotationReport extends ResealReport {
  /** Public id of the new key (as stored in every sealed value). */
  readonly keyId: string;
}

const USAGE = 'usage: rotate-master-key --db FILE --old FILE [--old FILE ...] --new FILE [--webhook-pg-url URL]';
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/**
 * Reads the command line.
 *
 * @throws {@link RotationInputError} on an unknown option or a missing one
 */
export function parseRotateArgs(args: readonly string[]): RotateOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        db: { type: 'string' },
        old: { type: 'string', multiple: true },
        new: { type: 'string' },
        'webhook-pg-url': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new RotationInputError(`${err instanceof Error ? err.message : String(err)}; ${USAGE}`);
  }
  const { db, old, new: next, 'webhook-pg-url': webhookPgUrl } = values;
  if (db === undefined || old === undefined || old.length === 0 || next === undefined) {
    throw new RotationInputError(`--db, --old and --new are required; ${USAGE}`);
  }
  return { dbFile: db, oldKeyFiles: old, newKeyFile: next, ...(webhookPgUrl === undefined ? {} : { webhookPgUrl }) };
}

/**
 * Re-seals the database's stored secrets under the new key. Idempotent: a second run with the same
 * options finds every value under the new key and changes nothing.
 *
 * @throws {@link RotationInputError} when a key file is missing, malformed or open to other users,
 *   the new key is one of the old ones, or the database file is missing or not a gateway database
 * @throws {@link SealedValueError} when a stored value opens with none of the keys (nothing changed)
 */
export async function rotateMasterKey(options: RotateOptions): Promise<RotationReport> {
  const newKey = readKeyFile(options.newKeyFile);
  const oldKeys = options.oldKeyFiles.map(readKeyFile);
  if (oldKeys.some((key) => key.equals(newKey))) {
    throw new RotationInputError(`${options.newKeyFile} holds one of the old keys; a rotation needs a new key`);
  }
  const ring = new KeyRing([newKey, ...oldKeys]);
  let db;
  try {
    db = openGatewayDatabase(options.dbFile);
  } catch (err) {
    throw new RotationInputError(`cannot open the database: ${err instanceof Error ? err.message : String(err)}`);
  }
  const postgres = options.webhookPgUrl === undefined ? undefined : await openWebhookStore(options.webhookPgUrl);
  try {
    // Every PostgreSQL value must open before anything is written anywhere.
    const resealedInPostgres = postgres === undefined ? [] : await resealedWebhookSecrets(postgres, ring);
    const sqlite = resealStoredSecrets(db, ring, WEBHOOK_SEALED_COLUMNS);
    const changed = resealedInPostgres.filter((value) => value.changed);
    await postgres?.replaceSealedSecrets(changed);
    return {
      resealed: sqlite.resealed + changed.length,
      alreadyCurrent: sqlite.alreadyCurrent + resealedInPostgres.length - changed.length,
      keyId: ring.currentKeyId,
    };
  } finally {
    db.close();
    await postgres?.close();
  }
}

async function openWebhookStore(url: string): Promise<PostgresSubscriptionStore> {
  try {
    return await PostgresSubscriptionStore.open({ connectionString: url, connectionTimeoutMillis: 10_000 }, () => undefined);
  } catch (err) {
    throw new RotationInputError(`cannot open the webhook store: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Each PostgreSQL webhook secret under the ring's current key, and whether that changed it. */
async function resealedWebhookSecrets(
  store: PostgresSubscriptionStore,
  ring: KeyRing,
): Promise<{ subscriptionId: string; sealed: string; changed: boolean }[]> {
  return (await store.sealedSecrets()).map(({ subscriptionId, sealed }) => {
    try {
      const resealed = ring.reseal(sealed, webhookSecretContext(subscriptionId));
      return { subscriptionId, sealed: resealed, changed: resealed !== sealed };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new SealedValueError(`webhook_subscriptions row ${subscriptionId} in PostgreSQL: ${reason}`, { cause: err });
    }
  });
}

// A master key readable by other users is already disclosed: refuse it rather than rotate to it.
function readKeyFile(file: string): Buffer {
  let content: string;
  let mode: number;
  try {
    mode = statSync(file).mode;
    content = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RotationInputError(`cannot read the key file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if ((mode & 0o077) !== 0) {
    throw new RotationInputError(
      `${file} is open to other users (mode ${(mode & 0o777).toString(8)}); make it readable by its owner only (chmod 600)`,
    );
  }
  try {
    return parseMasterKey(content);
  } catch (err) {
    throw new RotationInputError(`${file} is not a master key: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Where {@link runRotateMasterKey} writes. */
export interface ToolOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * The command: rotates and reports in one line.
 *
 * @returns the exit status (0 done, 1 the rotation failed, 2 a mistake in the input)
 */
export async function runRotateMasterKey(args: readonly string[], output: ToolOutput): Promise<number> {
  try {
    const report = await rotateMasterKey(parseRotateArgs(args));
    output.out(
      `re-sealed ${report.resealed} stored secret(s) under master key ${report.keyId}; ` + `${report.alreadyCurrent} already under it`,
    );
    return 0;
  } catch (err) {
    output.err(`rotate-master-key: ${err instanceof Error ? err.message : String(err)}; nothing was changed`);
    return err instanceof RotationInputError ? EXIT_USAGE : EXIT_FAILED;
  }
}

if (require.main === module) {
  void runRotateMasterKey(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((status) => {
    process.exitCode = status;
  });
}
