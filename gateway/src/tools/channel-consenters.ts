/**
 * `node gateway/dist/tools/channel-consenters.js --block CONFIG_BLOCK (--list | --add … | --remove …)`
 *
 * Reads and changes the consenter set of a channel, for `network/membership.sh` (`make add-orderer`,
 * `make remove-orderer`, `make consenters`):
 * - `--list` prints one line per consenter: `<cluster host:port> <MSP id>` (the MSP is `-` for Raft,
 *   whose consenters name none);
 * - `--add --msp MSP --cluster HOST:PORT --endpoint HOST:PORT --identity PEM --tls PEM --out ENVELOPE`
 *   writes the unsigned update that makes the node a consenter and lists its client endpoint among its
 *   organisation's orderer endpoints;
 * - `--remove --msp MSP --cluster HOST:PORT --endpoint HOST:PORT --out ENVELOPE` the reverse.
 *
 * For BFT the consenters are the orderer group's `Orderers` value (next free id), and its `BlockValidation`
 * policy is rewritten as SmartBFT requires: a quorum, ⌈(N + f + 1) / 2⌉ with f = ⌊(N − 1) / 3⌋, of the
 * consenters' signatures. For Raft they are the consenters in the `ConsensusType` metadata. The update is
 * built by hand (channel-update.ts says why and how).
 *
 * Exit status: 0 written; 3 nothing to change (already a consenter, or already not one; nothing
 * written); 2 a mistake in the command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { common, msp, orderer } from '@hyperledger/fabric-protos';

import { groupsOf, policiesOf, valuesOf } from '../fabric/config-maps';
import { quorumSize } from '../fabric/ordering';
import { configOf, envelopeOf, groupAt, nextPolicy, nextValue, pathGroup } from './channel-update';

/** An ordering node as the consenter set names it. */
export interface ConsenterNode {
  readonly mspId: string;
  /** The cluster (consensus) endpoint. */
  readonly host: string;
  readonly port: number;
  /** The client endpoint (broadcast/deliver), `host:port`, listed under the node's organisation. */
  readonly endpoint: string;
  /** The node's enrolment certificate (PEM); BFT consenters are identified by it. */
  readonly identityPem: Uint8Array;
  /** The node's TLS certificate (PEM), its client and server certificate alike. */
  readonly tlsCertPem: Uint8Array;
}

/** A consenter as {@link listConsenters} reports it. */
export interface ListedConsenter {
  readonly host: string;
  readonly port: number;
  /** Absent for Raft, whose consenters name no MSP. */
  readonly mspId?: string;
}

/** What a change does to the node: make it a consenter, or stop it being one. */
export type ConsenterChange = 'add' | 'remove';

/** The consenters a configuration block lists, in their configured order. */
export function listConsenters(configBlock: Uint8Array): ListedConsenter[] {
  const group = ordererGroupOf(configBlock);
  if (consensusTypeOf(group).getType() === 'BFT') {
    return bftConsenters(group).map((consenter) => ({ host: consenter.getHost(), port: consenter.getPort(), mspId: consenter.getMspId() }));
  }
  return raftMetadata(group)
    .getConsentersList()
    .map((consenter) => ({ host: consenter.getHost(), port: consenter.getPort() }));
}

/**
 * @returns the serialised unsigned update envelope, or null when the node already is (`add`) or is not
 *   (`remove`) a consenter
 * @throws Error when the block is no configuration block or no orderer organisation is `node.mspId`
 */
export function buildConsenterUpdate(configBlock: Uint8Array, change: ConsenterChange, node: ConsenterNode): Uint8Array | null {
  const { channelId, config } = configOf(configBlock);
  const root = config.getChannelGroup();
  const group = root === undefined ? undefined : groupsOf(root).get('Orderer');
  const organisation = group === undefined ? undefined : groupsOf(group).get(node.mspId);
  if (root === undefined || group === undefined || organisation === undefined) {
    throw new Error(`the channel configuration has no orderer organisation ${node.mspId}`);
  }
  const isConsenter = listConsenters(configBlock).some((consenter) => consenter.host === node.host && consenter.port === node.port);
  if (isConsenter === (change === 'add')) {
    return null;
  }
  const readSet = groupAt(root.getVersion());
  const writeSet = groupAt(root.getVersion());
  const ordererWrite = pathGroup(writeSet, 'Orderer', group);
  groupsOf(pathGroup(readSet, 'Orderer', group)).set(node.mspId, groupAt(organisation.getVersion()));
  if (consensusTypeOf(group).getType() === 'BFT') {
    writeBftConsenters(group, ordererWrite, change, node);
  } else {
    writeRaftConsenters(group, ordererWrite, change, node);
  }
  const organisationWrite = groupAt(organisation.getVersion());
  valuesOf(organisationWrite).set('Endpoints', withEndpoint(organisation, change, node.endpoint));
  groupsOf(ordererWrite).set(node.mspId, organisationWrite);
  return envelopeOf(channelId, readSet, writeSet);
}

function ordererGroupOf(configBlock: Uint8Array): common.ConfigGroup {
  const root = configOf(configBlock).config.getChannelGroup();
  const group = root === undefined ? undefined : groupsOf(root).get('Orderer');
  if (group === undefined) {
    throw new Error('the channel configuration has no orderer group');
  }
  return group;
}

function requiredValue(group: common.ConfigGroup, name: string): common.ConfigValue {
  const value = valuesOf(group).get(name);
  if (value === undefined) {
    throw new Error(`the orderer group has no ${name} value`);
  }
  return value;
}

function consensusTypeOf(group: common.ConfigGroup): orderer.ConsensusType {
  return orderer.ConsensusType.deserializeBinary(requiredValue(group, 'ConsensusType').getValue_asU8());
}

function bftConsenters(group: common.ConfigGroup): common.Consenter[] {
  return common.Orderers.deserializeBinary(requiredValue(group, 'Orderers').getValue_asU8()).getConsenterMappingList();
}

function raftMetadata(group: common.ConfigGroup): orderer.etcdraft.ConfigMetadata {
  return orderer.etcdraft.ConfigMetadata.deserializeBinary(consensusTypeOf(group).getMetadata_asU8());
}

function writeBftConsenters(group: common.ConfigGroup, write: common.ConfigGroup, change: ConsenterChange, node: ConsenterNode): void {
  const current = bftConsenters(group);
  const consenters =
    change === 'add'
      ? [...current, bftConsenter(Math.max(0, ...current.map((consenter) => consenter.getId())) + 1, node)]
      : current.filter((consenter) => consenter.getHost() !== node.host || consenter.getPort() !== node.port);
  const orderers = new common.Orderers();
  orderers.setConsenterMappingList(consenters);
  valuesOf(write).set('Orderers', nextValue(requiredValue(group, 'Orderers'), orderers.serializeBinary()));
  const validation = policiesOf(group).get('BlockValidation');
  if (validation === undefined) {
    throw new Error('the orderer group has no BlockValidation policy');
  }
  policiesOf(write).set('BlockValidation', nextPolicy(validation, bftBlockValidation(consenters)));
}

function bftConsenter(id: number, node: ConsenterNode): common.Consenter {
  const consenter = new common.Consenter();
  consenter.setId(id);
  consenter.setHost(node.host);
  consenter.setPort(node.port);
  consenter.setMspId(node.mspId);
  consenter.setIdentity(node.identityPem);
  consenter.setClientTlsCert(node.tlsCertPem);
  consenter.setServerTlsCert(node.tlsCertPem);
  return consenter;
}

/** A quorum of the consenters' signatures, as SmartBFT validates blocks. */
function bftBlockValidation(consenters: readonly common.Consenter[]): common.Policy {
  const rules = consenters.map((_, index) => {
    const rule = new common.SignaturePolicy();
    rule.setSignedBy(index);
    return rule;
  });
  const nOutOf = new common.SignaturePolicy.NOutOf();
  nOutOf.setN(quorumSize('BFT', consenters.length));
  nOutOf.setRulesList(rules);
  const rule = new common.SignaturePolicy();
  rule.setNOutOf(nOutOf);
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setRule(rule);
  envelope.setIdentitiesList(
    consenters.map((consenter) => {
      const identity = new msp.SerializedIdentity();
      identity.setMspid(consenter.getMspId());
      identity.setIdBytes(consenter.getIdentity_asU8());
      const principal = new msp.MSPPrincipal();
      principal.setPrincipalClassification(msp.MSPPrincipal.Classification.IDENTITY);
      principal.setPrincipal(identity.serializeBinary());
      return principal;
    }),
  );
  const policy = new common.Policy();
  policy.setType(common.Policy.PolicyType.SIGNATURE);
  policy.setValue(envelope.serializeBinary());
  return policy;
}

function writeRaftConsenters(group: common.ConfigGroup, write: common.ConfigGroup, change: ConsenterChange, node: ConsenterNode): void {
  const consensusType = consensusTypeOf(group);
  const metadata = raftMetadata(group);
  const current = metadata.getConsentersList();
  if (change === 'add') {
    const consenter = new orderer.etcdraft.Consenter();
    consenter.setHost(node.host);
    consenter.setPort(node.port);
    consenter.setClientTlsCert(node.tlsCertPem);
    consenter.setServerTlsCert(node.tlsCertPem);
    metadata.setConsentersList([...current, consenter]);
  } else {
    metadata.setConsentersList(current.filter((consenter) => consenter.getHost() !== node.host || consenter.getPort() !== node.port));
  }
  consensusType.setMetadata(metadata.serializeBinary());
  valuesOf(write).set('ConsensusType', nextValue(requiredValue(group, 'ConsensusType'), consensusType.serializeBinary()));
}

function withEndpoint(organisation: common.ConfigGroup, change: ConsenterChange, endpoint: string): common.ConfigValue {
  const value = valuesOf(organisation).get('Endpoints');
  if (value === undefined) {
    throw new Error('the orderer organisation has no Endpoints value');
  }
  const current = common.OrdererAddresses.deserializeBinary(value.getValue_asU8()).getAddressesList();
  const others = current.filter((address) => address !== endpoint);
  const addresses = new common.OrdererAddresses();
  addresses.setAddressesList(change === 'add' ? [...others, endpoint] : others);
  return nextValue(value, addresses.serializeBinary());
}

const EXIT_UNCHANGED = 3;
const EXIT_USAGE = 2;

function usage(): never {
  process.stderr.write(
    'usage: channel-consenters --block FILE (--list | (--add --identity PEM --tls PEM | --remove) --msp MSP_ID --cluster HOST:PORT --endpoint HOST:PORT --out FILE)\n',
  );
  process.exit(EXIT_USAGE);
}

function hostAndPort(address: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(address);
  if (match?.[1] === undefined || match[2] === undefined) {
    usage();
  }
  return { host: match[1], port: Number(match[2]) };
}

interface ChangeCommand {
  readonly change: ConsenterChange;
  readonly node: ConsenterNode;
  readonly out: string;
}

function changeCommand(values: Readonly<Record<string, string | boolean | undefined>>): ChangeCommand {
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const change: ConsenterChange | undefined = values.add === true ? 'add' : values.remove === true ? 'remove' : undefined;
  const [mspId, cluster, endpoint, out] = [text('msp'), text('cluster'), text('endpoint'), text('out')];
  if (change === undefined || mspId === undefined || cluster === undefined || endpoint === undefined || out === undefined) {
    usage();
  }
  const [identity, tls] = [text('identity'), text('tls')];
  if (change === 'add' && (identity === undefined || tls === undefined)) {
    usage();
  }
  // A removal finds the node by its cluster endpoint; its certificates are not needed.
  const pem = (file: string | undefined): Uint8Array => (file === undefined ? new Uint8Array() : readFileSync(file));
  return { change, out, node: { mspId, ...hostAndPort(cluster), endpoint, identityPem: pem(identity), tlsCertPem: pem(tls) } };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      block: { type: 'string' },
      list: { type: 'boolean' },
      add: { type: 'boolean' },
      remove: { type: 'boolean' },
      msp: { type: 'string' },
      cluster: { type: 'string' },
      endpoint: { type: 'string' },
      identity: { type: 'string' },
      tls: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.block === undefined) {
    usage();
  }
  const block = readFileSync(values.block);
  if (values.list === true) {
    for (const consenter of listConsenters(block)) {
      process.stdout.write(`${consenter.host}:${consenter.port} ${consenter.mspId ?? '-'}\n`);
    }
    return;
  }
  const command = changeCommand(values);
  const envelope = buildConsenterUpdate(block, command.change, command.node);
  if (envelope === null) {
    process.exit(EXIT_UNCHANGED);
  }
  writeFileSync(command.out, envelope);
}

if (require.main === module) {
  main();
}
