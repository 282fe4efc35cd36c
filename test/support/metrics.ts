/** Reads Prometheus metrics from a node's TLS operations endpoint. */
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';

import { type Orderer, type Org, STATE_DIR } from './network';
import { orgHost, topology } from './topology';

const ORDERER_ORG: Record<Orderer, string> = {
  orderer1: 'platform',
  orderer2: 'platform',
  orderer3: 'retail',
  orderer4: 'bank',
};

/** Fetches /metrics of an ordering node with its org admin's TLS client certificate. */
export function ordererMetrics(orderer: Orderer): Promise<string> {
  return operationsMetrics(`${orderer.toUpperCase()}_OPS_PORT`, ORDERER_ORG[orderer], orderer);
}

/** Fetches /metrics of an org's peer with its org admin's TLS client certificate. */
export function peerMetrics(org: Org): Promise<string> {
  return operationsMetrics(`PEER_${org.toUpperCase()}_OPS_PORT`, org, `peer0-${org}`);
}

function operationsMetrics(portVariable: string, org: string, node: string): Promise<string> {
  const port = topology()[portVariable];
  const ca = readFileSync(join(STATE_DIR, 'ca', org, 'ca-cert.pem'));
  // the operations endpoint serves /metrics to TLS clients of the node's own org
  const adminTls = join(STATE_DIR, 'crypto', org, 'users/admin/tls');
  const cert = readFileSync(join(adminTls, 'server.crt'));
  const key = readFileSync(join(adminTls, 'server.key'));
  return new Promise((resolve, reject) => {
    const request = get({ host: orgHost(org), port, path: '/metrics', ca, cert, key, timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve(body);
      });
    });
    request.on('timeout', () => request.destroy(new Error(`metrics of ${node} timed out`)));
    request.on('error', reject);
  });
}

/** Sum of every sample of `name` whose labels contain all of `labels`. */
export function metricSum(metrics: string, name: string, ...labels: string[]): number {
  return metrics
    .split('\n')
    .filter((text) => text.startsWith(`${name}{`) && labels.every((label) => text.includes(label)))
    .reduce((sum, text) => sum + Number(text.trim().split(/\s+/).pop()), 0);
}

/** Value of one metric sample whose line starts with `name{` and contains `label`; undefined when absent. */
export function metricValue(metrics: string, name: string, label: string): number | undefined {
  const line = metrics.split('\n').find((text) => text.startsWith(`${name}{`) && text.includes(label));
  return line === undefined ? undefined : Number(line.trim().split(/\s+/).pop());
}
