/**
 * Fuzzes every operation of the gateway's OpenAPI document with schemathesis (installed by
 * test/fuzz/install.sh) against the throwaway network, once per kind of caller: no 5xx, every
 * response matches the document, and the ledger invariants still hold afterwards.
 *
 * The number of examples per operation is bounded (LOULAN_FUZZ_EXAMPLES, default 6) so the run
 * takes minutes, not hours; the seed is fixed so a failure reproduces.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { gatewayUrl } from '../../support/fabric';
import { ROOT_DIR, STATE_DIR } from '../../support/network';
import { orgAdminKey, RestClient, uniqueId } from '../../support/rest';

const ST = join(process.env.LOULAN_FUZZ_VENV ?? join(ROOT_DIR, '.loulan/venv-fuzz'), 'bin/st');
const EXAMPLES = process.env.LOULAN_FUZZ_EXAMPLES ?? '6';
const REPORTS = join(STATE_DIR, 'fuzz');
const CONFIG = join(ROOT_DIR, 'test/fuzz/schemathesis.toml');
// Checks of the response against the document; the data-acceptance checks are left out because
// business rules legitimately refuse many schema-valid requests (an unknown merchant id is 404).
const CHECKS = 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance';

jest.setTimeout(900_000);

const platformAdmin = new RestClient(orgAdminKey('platform'));

/** Runs schemathesis with one API key; answers its exit status and the tail of its output. */
function fuzz(name: string, apiKey: string): { status: number | null; output: string } {
  mkdirSync(REPORTS, { recursive: true });
  const run = spawnSync(
    ST,
    [
      '--config-file',
      CONFIG,
      'run',
      `${gatewayUrl()}/openapi.json`,
      '--checks',
      CHECKS,
      '--max-examples',
      EXAMPLES,
      '--phases',
      'examples,coverage,fuzzing',
      '--seed',
      '20261201',
      '--workers',
      '2',
      '--request-timeout',
      '60',
      // The event stream answers a stream that never ends by design, which a fuzzer can only time
      // out on; its refusals are tested in gateway/test/events-stream.test.ts and its stream on the
      // network in test/integration/events.
      '--exclude-operation-id',
      'events.Stream',
      '--no-color',
      '--report',
      'junit',
      '--report-junit-path',
      join(REPORTS, `${name}.xml`),
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 800_000, env: { ...process.env, LOULAN_FUZZ_API_KEY: apiKey } },
  );
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`.slice(-6_000) };
}

beforeAll(() => {
  if (!existsSync(ST)) {
    throw new Error(`schemathesis is not installed at ${ST}; run test/fuzz/install.sh`);
  }
});

describe('schemathesis against the real network', () => {
  it.each([
    ['consumer', 'platform'],
    ['merchant', 'retail'],
  ] as const)('finds no 5xx and no response outside the document for a %s', async (role, org) => {
    const enrolled = await new RestClient(orgAdminKey(org)).post('/v1/members', { memberId: uniqueId(`fuzz-${role}`), role });
    expect(enrolled.status).toBe(201);
    const { status, output } = fuzz(role, String(enrolled.body.apiKey));
    if (status !== 0) {
      throw new Error(`schemathesis found problems (exit ${String(status)}):\n${output}`);
    }
    expect(status).toBe(0);
  });

  it('leaves the points and coupon invariants holding', async () => {
    const invariants = await platformAdmin.get('/v1/audit/invariants');
    expect(invariants.status).toBe(200);
    expect(invariants.body).toMatchObject({ holds: true, points: { holds: true } });
    expect(readFileSync(join(REPORTS, 'consumer.xml'), 'utf8')).toContain('<testsuite');
  });
});
