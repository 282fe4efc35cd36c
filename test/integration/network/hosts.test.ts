/**
 * Each org on a host of its own (test/hosts/netns.sh): the platform, retail and bank run their CA,
 * peer, chaincode service and ordering nodes in their own network namespace, at their own address,
 * and reach each other only by host name over TLS — the topology file names every address. This
 * test runs in the network admin's namespace, whose hosts file names every host.
 */
import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { promisify } from 'node:util';

import { gatewayUrl } from '../../support/fabric';
import { net, ORGS, STATE_DIR } from '../../support/network';
import { numberField, orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';
import { orgHost, topology } from '../../support/topology';

const execFileAsync = promisify(execFile);

/** The namespace an org's processes run in, from the topology file. */
function netnsOf(org: string): string {
  const netns = topology()[`${org.toUpperCase()}_NETNS`];
  if (netns === undefined) {
    throw new Error(`the topology gives ${org} no network namespace; run this suite through test/run-integration.sh`);
  }
  return netns;
}

/** The org a supervised process belongs to, by its name (network/lib.sh, process_org). */
function orgOfProcess(name: string): string {
  const orderers: Record<string, string> = { orderer1: 'platform', orderer2: 'platform', orderer3: 'retail', orderer4: 'bank' };
  return orderers[name] ?? (name === 'gateway' ? 'platform' : name.replace(/^(peer\d+|ca|cc)-/, ''));
}

async function netnsOfPid(pid: string): Promise<string> {
  const { stdout } = await execFileAsync('ip', ['netns', 'identify', pid]);
  return stdout.trim();
}

/** `verified` when a TLS client checking the server's certificate for `host` completes the handshake, else the error code. */
function tlsHandshake(host: string, port: number, ca: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, ca, servername: /^\d/.test(host) ? undefined : host, ALPNProtocols: ['h2'] }, () => {
      socket.end();
      resolve('verified');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code ?? error.message);
    });
  });
}

describe('each org on a host of its own', () => {
  it('names every host in the topology, and the names resolve to addresses beyond loopback', async () => {
    for (const org of ORGS) {
      const host = orgHost(org);
      expect(host).toBe(`${org}.loulan.test`);
      const { address } = await lookup(host, { family: 4 });
      expect(address).not.toMatch(/^127\./);
    }
    expect(new URL(gatewayUrl()).hostname).toBe('platform.loulan.test');
  });

  it("runs every node in its org's namespace, listening on its host's address only", async () => {
    const names = readdirSync(join(STATE_DIR, 'run'))
      .filter((file) => file.endsWith('.pid'))
      .map((file) => file.slice(0, -'.pid'.length));
    expect(names).toEqual(expect.arrayContaining(['ca-retail', 'peer0-bank', 'cc-platform', 'orderer3', 'orderer4', 'gateway']));
    for (const name of names) {
      const pid = readFileSync(join(STATE_DIR, 'run', `${name}.pid`), 'utf8').trim();
      expect([name, await netnsOfPid(pid)]).toEqual([name, netnsOf(orgOfProcess(name))]);
    }
    for (const org of ORGS) {
      const { stdout } = await execFileAsync('ip', ['netns', 'exec', netnsOf(org), 'ss', '-Hltn']);
      const listening = stdout
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/)[3] ?? '');
      const { address } = await lookup(orgHost(org), { family: 4 });
      expect(listening.length).toBeGreaterThanOrEqual(4);
      expect(listening.filter((local) => !local.startsWith(`${address}:`))).toEqual([]);
    }
  });

  it("lists the consenters at their hosts' names in the channel configuration", async () => {
    const consenters = (await net('consenters')).trim().split('\n');
    expect(consenters.map((line) => line.split(' ').slice(0, 2))).toEqual([
      ['orderer1', `platform.loulan.test:${topology().ORDERER1_CLUSTER_PORT ?? ''}`],
      ['orderer2', `platform.loulan.test:${topology().ORDERER2_CLUSTER_PORT ?? ''}`],
      ['orderer3', `retail.loulan.test:${topology().ORDERER3_CLUSTER_PORT ?? ''}`],
      ['orderer4', `bank.loulan.test:${topology().ORDERER4_CLUSTER_PORT ?? ''}`],
    ]);
  });

  it("verifies a peer's TLS certificate by its host name, and refuses the bare address", async () => {
    const ca = readFileSync(join(STATE_DIR, 'ca', 'retail', 'ca-cert.pem'));
    const port = Number(topology().PEER_RETAIL_PORT);
    const { address } = await lookup(orgHost('retail'), { family: 4 });
    expect(await tlsHandshake(orgHost('retail'), port, ca)).toBe('verified');
    expect(await tlsHandshake(address, port, ca)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('enrols a retail merchant at the retail CA and credits a purchase endorsed across the hosts', async () => {
    const platformAdmin = new RestClient(orgAdminKey('platform'));
    const retailAdmin = new RestClient(orgAdminKey('retail'));
    const merchantId = uniqueId('hosts-merchant');
    const consumerId = uniqueId('hosts-consumer');
    const merchant = await registerMember(retailAdmin, merchantId, 'merchant');
    await registerMember(platformAdmin, consumerId, 'consumer');
    expect((await platformAdmin.post('/v1/points/mint', { points: 100_000 })).status).toBe(200);
    const registered = await platformAdmin.post('/v1/points/merchants', { merchantId, name: 'Hosts shop', region: 'Shanghai' });
    expect(registered.status).toBe(200);

    const purchase = await merchant.post('/v1/points/purchases', { orderId: uniqueId('hosts-order'), consumer: consumerId, amountFen: 10_000 });
    expect(purchase).toMatchObject({ status: 200, body: { result: { pointsEarned: 100 } } });
    const balance = await platformAdmin.get(`/v1/points/accounts/${consumerId}/balance`);
    expect(numberField(balance.body, 'balance')).toBe(100);
  });
});
