/**
 * Secrets at rest and in the process table, on the real network (docs/security.md, "Secrets at
 * rest"): no process's command line shows a CA bootstrap password, an enrolment secret, an API key
 * or the gateway's master key; everything under the state directory that holds keys, secrets,
 * databases or ledgers is its owner's alone; each org's chaincode service accepts TLS clients of
 * its own org's CA only, and its peer connects with a client certificate.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { type ClientHttp2Session, connect } from 'node:http2';
import { join, relative } from 'node:path';

import { type Org, ORGS, STATE_DIR } from '../../support/network';
import { orgAdminKey, RestClient, uniqueId } from '../../support/rest';
import { orgEndpoint } from '../../support/topology';

jest.setTimeout(120_000);

/** A secret the network holds, named by where it was read from (never printed itself). */
interface KnownSecret {
  readonly source: string;
  readonly value: string;
}

function fileSecret(file: string): KnownSecret {
  return { source: relative(STATE_DIR, file), value: readFileSync(file, 'utf8').trim() };
}

function filesIn(dir: string): string[] {
  return readdirSync(dir).map((name) => join(dir, name));
}

/** Every process's argument vector, from /proc/<pid>/cmdline (what `ps` shows every local user). */
function commandLines(): Array<{ pid: string; argv: string[] }> {
  const processes: Array<{ pid: string; argv: string[] }> = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')
        .filter((arg) => arg !== '');
      processes.push({ pid, argv });
    } catch {
      // the process ended between the listing and the read
    }
  }
  return processes;
}

/** The supervised processes of the network under test, by name, from the pid files net.sh writes. */
function networkProcesses(): Array<{ name: string; pid: string }> {
  return readdirSync(join(STATE_DIR, 'run'))
    .filter((name) => name.endsWith('.pid'))
    .map((name) => ({ name: name.slice(0, -'.pid'.length), pid: readFileSync(join(STATE_DIR, 'run', name), 'utf8').trim() }));
}

function mode(path: string): number {
  return lstatSync(path).mode & 0o777;
}

/**
 * `path` and everything below it (not following symbolic links) with their permission bits. An entry
 * removed meanwhile (a ledger compaction, a rotated log) is skipped.
 */
function walk(path: string): Array<{ path: string; mode: number }> {
  let stats;
  let children: string[] = [];
  try {
    stats = lstatSync(path);
    if (stats.isDirectory()) {
      children = filesIn(path);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw err;
  }
  return [{ path, mode: stats.mode & 0o777 }, ...children.flatMap(walk)];
}

/** Outcome of one HTTP/2 request to a chaincode service over TLS with the given client credentials. */
function probeChaincodeService(org: Org, client: { cert: Buffer; key: Buffer } | undefined): Promise<'answered' | 'refused'> {
  return new Promise((resolve) => {
    const session: ClientHttp2Session = connect(`https://${orgEndpoint(org, `CC_${org.toUpperCase()}_PORT`)}`, {
      ca: readFileSync(join(STATE_DIR, 'ca', org, 'ca-cert.pem')),
      servername: `chaincode.${org}.loulan`,
      ...client,
    });
    const settle = (outcome: 'answered' | 'refused'): void => {
      clearTimeout(timer);
      session.destroy();
      resolve(outcome);
    };
    // A refused client certificate ends the connection without an answer, sometimes without an error.
    const timer = setTimeout(() => {
      settle('refused');
    }, 10_000);
    session.on('error', () => {
      settle('refused');
    });
    session.on('close', () => {
      settle('refused');
    });
    // A method the chaincode service does not have: an answer (UNIMPLEMENTED) proves the TLS session was accepted.
    const request = session.request({
      ':method': 'POST',
      ':path': '/loulan.security.Probe/None',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    request.on('response', () => {
      settle('answered');
    });
    request.on('error', () => {
      settle('refused');
    });
    request.end();
  });
}

function tlsCredentials(org: Org, identity: string): { cert: Buffer; key: Buffer } {
  const dir = join(STATE_DIR, 'crypto', org, identity, 'tls');
  return { cert: readFileSync(join(dir, 'server.crt')), key: readFileSync(join(dir, 'server.key')) };
}

let memberApiKey: string;

beforeAll(async () => {
  // Enrols a member through the gateway and its org's CA, and opens its account through the
  // chaincode: the enrolment secret, the member's API key and a peer-to-chaincode stream all exist.
  const response = await new RestClient(orgAdminKey('retail')).post('/v1/members', {
    memberId: uniqueId('secrets-shop'),
    role: 'merchant',
  });
  expect(response.status).toBe(201);
  expect(typeof response.body.apiKey).toBe('string');
  memberApiKey = String(response.body.apiKey);
});

function knownSecrets(): KnownSecret[] {
  const gateway = join(STATE_DIR, 'gateway');
  return [
    // CA bootstrap passwords (<org>-caadmin) and every identity's enrolment secret
    ...filesIn(join(STATE_DIR, 'secrets')).map(fileSecret),
    fileSecret(join(gateway, 'master.key')),
    ...filesIn(join(gateway, 'api-keys')).map(fileSecret),
    { source: 'API key of the member registered by this test', value: memberApiKey },
  ];
}

describe('no secret on any command line', () => {
  it("knows the secrets to look for, and sees the network's CAs and chaincode services in the process table", () => {
    const sources = knownSecrets().map(({ source }) => source);
    for (const org of ORGS) {
      expect(sources).toContain(join('secrets', `${org}-caadmin`));
      expect(sources).toContain(join('gateway', 'api-keys', `${org}-admin.key`));
    }
    expect(knownSecrets().every(({ value }) => value.length >= 16)).toBe(true);

    const lines = commandLines().map(({ argv }) => argv.join(' '));
    for (const org of ORGS) {
      expect(lines).toContainEqual(expect.stringContaining(`fabric-ca-server start --home ${join(STATE_DIR, 'ca', org)} `));
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(`fabric-chaincode-node server .*--chaincode-tls-client-cacert-file ${join(STATE_DIR, 'ca', org, 'ca-cert.pem')}`),
        ),
      );
    }
  });

  it("shows no CA bootstrap password, enrolment secret, API key or master key in any process's arguments", () => {
    const secrets = knownSecrets();
    const leaks = commandLines().flatMap(({ pid, argv }) =>
      secrets
        .filter(({ value }) => argv.some((arg) => arg.includes(value)))
        .map(({ source }) => ({ pid, command: argv[0], secretFrom: source })),
    );

    expect(leaks).toEqual([]);
  });

  it("keeps none of them in the environment of the network's long-running processes either", () => {
    const secrets = knownSecrets();
    const processes = networkProcesses();
    expect(processes.map(({ name }) => name)).toEqual(expect.arrayContaining(ORGS.map((org) => `ca-${org}`)));
    const leaks = processes.flatMap(({ name, pid }) => {
      let environment: string;
      try {
        environment = readFileSync(`/proc/${pid}/environ`, 'utf8');
      } catch {
        return []; // a process stopped by an earlier test and not restarted
      }
      return secrets.filter(({ value }) => environment.includes(value)).map(({ source }) => ({ name, secretFrom: source }));
    });

    expect(leaks).toEqual([]);
  });
});

describe('secrets at rest', () => {
  // What the network scripts create under the state directory (restrict_state_permissions in net.sh);
  // `crl` exists once a CRL was published.
  const PRIVATE_ENTRIES = [
    'ca',
    'ca-clients',
    'crypto',
    'secrets',
    'gateway',
    'nodes',
    'chaincode',
    'channel',
    'run',
    'logs',
    'consensus',
    'gateway.env',
  ];
  const OPTIONAL_PRIVATE_ENTRIES = ['crl'];

  it('gives the CA homes mode 0700 and their configuration, database and keys 0600', () => {
    for (const org of ORGS) {
      const home = join(STATE_DIR, 'ca', org);
      expect({ home: relative(STATE_DIR, home), mode: mode(home) }).toEqual({ home: relative(STATE_DIR, home), mode: 0o700 });
      const files = [
        'fabric-ca-server-config.yaml', // holds the bootstrap identity's password
        'fabric-ca-server.db',
        ...readdirSync(join(home, 'msp', 'keystore')).map((name) => join('msp', 'keystore', name)),
      ].map((file) => join(home, file));
      expect(files.length).toBeGreaterThan(2);
      expect(files.map((file) => ({ file: relative(STATE_DIR, file), mode: mode(file) }))).toEqual(
        files.map((file) => ({ file: relative(STATE_DIR, file), mode: 0o600 })),
      );
    }
  });

  it("gives the gateway's database, master key and API key files mode 0600 in a 0700 directory", () => {
    const gateway = join(STATE_DIR, 'gateway');
    const files = [join(gateway, 'gateway.db'), join(gateway, 'master.key'), ...filesIn(join(gateway, 'api-keys'))];

    expect(mode(gateway)).toBe(0o700);
    expect(files.map((file) => ({ file: relative(STATE_DIR, file), mode: mode(file) }))).toEqual(
      files.map((file) => ({ file: relative(STATE_DIR, file), mode: 0o600 })),
    );
  });

  it("writes none of the secrets into the network's logs (fabric-ca-server init logs its bootstrap identity)", () => {
    const secrets = knownSecrets();
    const logs = filesIn(join(STATE_DIR, 'logs'));
    const leaks = logs.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return secrets
        .filter(({ value }) => text.includes(value))
        .map(({ source }) => ({ log: relative(STATE_DIR, file), secretFrom: source }));
    });

    expect(logs.map((file) => relative(STATE_DIR, file))).toEqual(expect.arrayContaining(ORGS.map((org) => join('logs', `ca-${org}.log`))));
    expect(leaks).toEqual([]);
  });

  it('lets no other user read, write or enter anything the network keeps (keys, MSPs, ledgers, logs)', () => {
    const missing = PRIVATE_ENTRIES.filter((entry) => !existsSync(join(STATE_DIR, entry)));
    const entries = [...PRIVATE_ENTRIES, ...OPTIONAL_PRIVATE_ENTRIES].flatMap((entry) => walk(join(STATE_DIR, entry)));
    const open = entries
      .filter((entry) => (entry.mode & 0o077) !== 0)
      .map((entry) => `${relative(STATE_DIR, entry.path)} ${entry.mode.toString(8)}`);

    expect(missing).toEqual([]);
    expect(entries.length).toBeGreaterThan(100);
    expect(open).toEqual([]);
  });
});

describe('chaincode services take TLS clients of their own organisation only', () => {
  it('gives each peer a connection with its own TLS client certificate, in a file only its owner can read', () => {
    for (const org of ORGS) {
      const builds = join(STATE_DIR, 'nodes', `peer0-${org}`, 'data', 'externalbuilder', 'builds');
      const connections = readdirSync(builds).map((build) => join(builds, build, 'release', 'chaincode', 'server', 'connection.json'));
      expect(connections.length).toBeGreaterThan(0);
      for (const file of connections) {
        const connection = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        expect({ org, tls: connection.tls_required, clientAuth: connection.client_auth_required, domain: connection.domain }).toEqual({
          org,
          tls: true,
          clientAuth: true,
          domain: `chaincode.${org}.loulan`,
        });
        expect(String(connection.client_cert).trim()).toBe(tlsCredentials(org, 'peers/peer0').cert.toString('utf8').trim());
        expect(mode(file)).toBe(0o600);
      }
    }
  });

  it.each(ORGS)(
    "the %s chaincode service answers a client of its org and refuses another org's client and a client without a certificate",
    async (org) => {
      const other: Org = org === 'bank' ? 'retail' : 'bank';

      expect(await probeChaincodeService(org, tlsCredentials(org, 'users/admin'))).toBe('answered');
      expect(await probeChaincodeService(org, tlsCredentials(other, 'users/admin'))).toBe('refused');
      expect(await probeChaincodeService(org, undefined)).toBe('refused');
    },
  );
});
