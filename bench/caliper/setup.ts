/**
 * Prepares a Hyperledger Caliper 0.6 run against the running network (`make bench-caliper`):
 * a merchant identity of its own (enrolled at the retail CA with the merchant role, its account
 * opened with its own signature, registered and funded by the platform admin, its balance spread
 * over its lanes), Caliper's network
 * configuration and connection profiles from the network's crypto, and the benchmark with the
 * bench's two workloads — the raw write and purchases at one merchant.
 *
 * Writes everything to `BENCH_CALIPER_DIR` (default `.loulan/caliper`).
 */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { signers } from '@hyperledger/fabric-gateway';
import { ACCOUNT_ATTRIBUTE, POINTS, ROLE_ATTRIBUTE } from '@loulan/protocol';

import { HttpFabricCaClient } from '../../gateway/src/members/ca-client';
import { connectAs, gatewayEnv } from '../../test/support/fabric';
import { STATE_DIR } from '../../test/support/network';
import { orgAdminKey, RestClient, uniqueId } from '../../test/support/rest';
import { orgEndpoint } from '../../test/support/topology';

const DIR = process.env.BENCH_CALIPER_DIR ?? join(STATE_DIR, 'caliper');
const TRANSACTIONS = Number(process.env.BENCH_CALIPER_TRANSACTIONS ?? 2000);
// 48 in flight: fewer than the merchant's 64 balance lanes, so that a purchase does not reuse the lane of
// one still committing (endorsers at different heights would disagree on it, and Caliper does not retry).
const IN_FLIGHT = Number(process.env.BENCH_CALIPER_IN_FLIGHT ?? 48);
const WORKERS = Number(process.env.BENCH_CALIPER_WORKERS ?? 2);
const WORKLOADS = join(__dirname, 'workloads');

/** A certificate and key on disk, as Caliper's network configuration names them. */
interface IdentityFiles {
  readonly cert: string;
  readonly key: string;
}

function required(env: Record<string, string>, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is missing from the running gateway's environment`);
  }
  return value;
}

/** Enrols a merchant of the retail org, opens its account with its own signature, registers and funds it. */
async function merchantIdentity(merchantId: string): Promise<IdentityFiles> {
  const env = gatewayEnv();
  const ca = new HttpFabricCaClient({
    url: required(env, 'LOULAN_ORG_RETAIL_CA_URL'),
    tlsRootPem: readFileSync(required(env, 'LOULAN_ORG_RETAIL_CA_TLS_CERT_FILE'), 'utf8'),
  });
  const registrar = {
    certificatePem: readFileSync(required(env, 'LOULAN_ORG_RETAIL_ADMIN_CERT_FILE'), 'utf8'),
    privateKey: createPrivateKey(readFileSync(required(env, 'LOULAN_ORG_RETAIL_ADMIN_KEY_FILE'))),
  };
  const secret = randomBytes(16).toString('hex');
  const attributes = [
    { name: ROLE_ATTRIBUTE, value: 'merchant', ecert: true },
    { name: ACCOUNT_ATTRIBUTE, value: merchantId, ecert: true },
  ];
  await ca.register(registrar, { enrollmentId: merchantId, secret, type: 'client', attributes });
  const enrollment = await ca.enroll(merchantId, secret);

  const retail = connectAs('retail');
  const caller = {
    identity: { mspId: 'RetailMSP', credentials: Buffer.from(enrollment.certificatePem, 'utf8') },
    signer: signers.newPrivateKeySigner(createPrivateKey(enrollment.privateKeyPem)),
  };
  await retail.submit(POINTS.contract, POINTS.transactions.OpenAccount.name, [], { caller });

  const admin = new RestClient(orgAdminKey('platform'));
  const points = TRANSACTIONS * 10;
  for (const [path, body] of [
    ['/v1/points/mint', { points: points + 50_000 }],
    ['/v1/points/merchants', { merchantId, name: 'Caliper shop', region: 'Beijing' }],
    ['/v1/points/transfers', { to: merchantId, points }],
  ] as const) {
    const response = await admin.post(path, body);
    if (response.status !== 200) {
      throw new Error(`${path} failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
  }
  // A transfer credits one lane: spread it over all 64, so that purchases on different lanes do not sweep into one.
  await retail.submit(POINTS.contract, POINTS.transactions.RebalanceLanes.name, [uniqueId('caliper-rebalance')], { caller });
  retail.close();
  const files = { cert: join(DIR, 'merchant-cert.pem'), key: join(DIR, 'merchant-key.pem') };
  writeFileSync(files.cert, enrollment.certificatePem);
  writeFileSync(files.key, enrollment.privateKeyPem, { mode: 0o600 });
  return files;
}

/** A connection profile naming an org's own peer, which the fabric-gateway binding connects to. */
function connectionProfile(org: string, mspId: string): string {
  const peer = `peer0.${org}.loulan`;
  const profile = {
    name: `loulan-${org}`,
    version: '1.0.0',
    client: { organization: org },
    organizations: { [org]: { mspid: mspId, peers: [peer] } },
    peers: {
      [peer]: {
        url: `grpcs://${orgEndpoint(org, `PEER_${org.toUpperCase()}_PORT`)}`,
        tlsCACerts: { path: join(STATE_DIR, 'ca', org, 'ca-cert.pem') },
        grpcOptions: { 'ssl-target-name-override': peer, hostnameOverride: peer },
      },
    },
  };
  const path = join(DIR, `${org}-profile.json`);
  writeFileSync(path, `${JSON.stringify(profile, null, 2)}\n`);
  return path;
}

/** Caliper's network configuration (format 2.0.0): the channel, the chaincode, two orgs and their identities. */
function networkConfig(merchant: IdentityFiles): string {
  const env = gatewayEnv();
  const adminMsp = join(STATE_DIR, 'crypto', 'platform', 'users/admin/msp');
  const identity = (name: string, files: IdentityFiles): Record<string, unknown> => ({
    name,
    clientPrivateKey: { path: files.key },
    clientSignedCert: { path: files.cert },
  });
  const config = {
    name: 'loulan',
    version: '2.0.0',
    caliper: { blockchain: 'fabric' },
    channels: [{ channelName: env.LOULAN_CHANNEL ?? 'loulan', contracts: [{ id: env.LOULAN_CHAINCODE ?? 'loulan' }] }],
    organizations: [
      {
        mspid: 'PlatformMSP',
        identities: {
          certificates: [identity('admin', { cert: join(adminMsp, 'signcerts/cert.pem'), key: join(adminMsp, 'keystore/key.pem') })],
        },
        connectionProfile: { path: connectionProfile('platform', 'PlatformMSP'), discover: false },
      },
      {
        mspid: 'RetailMSP',
        identities: { certificates: [identity('merchant', merchant)] },
        connectionProfile: { path: connectionProfile('retail', 'RetailMSP'), discover: false },
      },
    ],
  };
  const path = join(DIR, 'network.json');
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

/** The benchmark: the raw write, then purchases at the merchant, each at a fixed number in flight. */
function benchmark(merchantId: string): string {
  const round = (label: string, module: string, args: Record<string, unknown>): Record<string, unknown> => ({
    label,
    txNumber: TRANSACTIONS,
    rateControl: { type: 'fixed-load', opts: { transactionLoad: IN_FLIGHT } },
    workload: { module: join(WORKLOADS, module), arguments: args },
  });
  const config = {
    test: {
      name: 'loulan',
      description: 'The raw write and purchases at one merchant (docs/bench.md)',
      workers: { number: WORKERS },
      rounds: [
        round('baseline: system:PutMarker', 'put-marker.js', { runId: uniqueId('caliper-marker') }),
        round('points:RecordPurchase at one merchant', 'purchase.js', { runId: uniqueId('caliper-purchase'), merchantId }),
      ],
    },
  };
  const path = join(DIR, 'benchmark.json');
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const merchantId = uniqueId('caliper-merchant');
  const network = networkConfig(await merchantIdentity(merchantId));
  console.log(`${network}\n${benchmark(merchantId)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
