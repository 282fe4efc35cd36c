/**
 * Drives the real local network for integration tests through the same script the
 * Makefile uses (network/net.sh), so tests exercise exactly what a network admin runs.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { common } from '@hyperledger/fabric-protos';

import { blockHeaderHash as gatewayBlockHeaderHash } from '../../gateway/src/audit/block-hash';

const execFileAsync = promisify(execFile);

/**
 * Repository root: the nearest directory above this file that holds the network
 * configuration, so the helpers work from the sources (jest) and compiled (bench) alike.
 */
export const ROOT_DIR = findRoot(__dirname);

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'fabric-samples-config/topology.env'))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(`no fabric-samples-config/topology.env above ${start}`);
    }
  }
}

/** The network's hosts and ports: fabric-samples-config/topology.env, or the file LOULAN_TOPOLOGY names (as for net.sh). */
export const TOPOLOGY_FILE = process.env.LOULAN_TOPOLOGY ?? join(ROOT_DIR, 'fabric-samples-config/topology.env');
/** State directory of the network under test (LOULAN_STATE_DIR, as for net.sh). */
export const STATE_DIR = process.env.LOULAN_STATE_DIR ?? join(ROOT_DIR, '.loulan');

/** Every org of the network, by its lower-case name. */
export const ORGS = ['platform', 'retail', 'bank'] as const;
export type Org = (typeof ORGS)[number];
export const ORDERERS = ['orderer1', 'orderer2', 'orderer3', 'orderer4'] as const;
export type Orderer = (typeof ORDERERS)[number];

/** Stops the nodes (`make stop-node`), runs `body`, and starts them again whatever happened. */
export async function withNodesStopped<T>(nodes: readonly string[], body: () => Promise<T>): Promise<T> {
  for (const node of nodes) {
    await net('stop-node', node);
  }
  try {
    return await body();
  } finally {
    for (const node of nodes) {
      await net('start-node', node);
    }
  }
}

/** Runs one net.sh command and returns its standard output. */
export async function net(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(join(ROOT_DIR, 'network/net.sh'), args, {
    env: { ...process.env, LOULAN_STATE_DIR: STATE_DIR },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Consensus the network under test was created with. */
export function consensus(): 'bft' | 'raft' {
  const value = readFileSync(join(STATE_DIR, 'consensus'), 'utf8').trim();
  if (value !== 'bft' && value !== 'raft') {
    throw new Error(`unexpected consensus '${value}' in ${STATE_DIR}/consensus`);
  }
  return value;
}

/** Block height of a peer (`peer0-<org>`) or ordering node, as the node reports it. */
export async function height(node: string): Promise<number> {
  const text = (await net('height', node)).trim();
  const value = Number.parseInt(text, 10);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`no height for ${node}: '${text}'`);
  }
  return value;
}

/** Polls until `check` passes or the deadline expires; the last failure is rethrown. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 60_000, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((done) => setTimeout(done, intervalMs));
    }
  }
}

/** Header hash of a block as hex, computed by the gateway's implementation (gateway/src/audit/block-hash.ts). */
export function blockHeaderHash(header: common.BlockHeader): string {
  return gatewayBlockHeaderHash(header.getNumber(), header.getPreviousHash_asU8(), header.getDataHash_asU8()).toString('hex');
}

/** Block `number` as one ordering node delivers it. */
export async function ordererBlock(orderer: Orderer, number: number): Promise<common.Block> {
  const dir = mkdtempSync(join(tmpdir(), 'loulan-block-'));
  try {
    const file = join(dir, 'block.pb');
    await net('fetch-block', orderer, String(number), file);
    return common.Block.deserializeBinary(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
