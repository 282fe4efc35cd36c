/**
 * The network's topology as net.sh reads it: every org's host and every port, from
 * fabric-samples-config/topology.env or the file LOULAN_TOPOLOGY names.
 */
import { readFileSync } from 'node:fs';

import { TOPOLOGY_FILE } from './network';

/** Parses a KEY=value file (the env files net.sh writes and the topology file). */
export function readEnvFile(path: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) {
      entries[match[1]] = match[2];
    }
  }
  return entries;
}

/** Every variable of the topology file: hosts and ports. */
export function topology(): Record<string, string> {
  return readEnvFile(TOPOLOGY_FILE);
}

/** The host an org's nodes listen on: `<ORG>_HOST`, else `DEFAULT_HOST` (network/lib.sh, org_host). */
export function orgHost(org: string): string {
  const entries = topology();
  const host = entries[`${org.toUpperCase()}_HOST`] ?? entries.DEFAULT_HOST;
  if (host === undefined) {
    throw new Error(`no host for ${org} in ${TOPOLOGY_FILE}`);
  }
  return host;
}

/** `host:port` of an org's node, the port named by its topology variable (e.g. PEER_RETAIL_PORT). */
export function orgEndpoint(org: string, portVariable: string): string {
  const port = topology()[portVariable];
  if (port === undefined) {
    throw new Error(`no ${portVariable} in ${TOPOLOGY_FILE}`);
  }
  return `${orgHost(org)}:${port}`;
}
