import { common, msp, orderer } from '@hyperledger/fabric-protos';

import { policiesOf } from '../src/fabric/config-maps';
import { buildConsenterUpdate, type ConsenterNode, listConsenters } from '../src/tools/channel-consenters';
import { groupsOf, valuesOf } from './fabric-fakes';
import { child, configBlock, configUpdateOf } from './support/blocks';

const CHANNEL = 'loulan';
const ROOT_VERSION = 4;
const ORDERER_VERSION = 2;
const RETAIL_VERSION = 1;
const PLATFORM_VERSION = 0;
const ENDPOINTS_VERSION = 3;
const ORDERERS_VERSION = 5;
const CONSENSUS_VERSION = 6;
const VALIDATION_VERSION = 7;
const VALIDATION_MOD_POLICY = '/Channel/Orderer/Admins';

const pem = (label: string, name: string): Buffer => Buffer.from(`-----BEGIN ${label}-----\n${name}\n-----END ${label}-----\n`);
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString();

/** A consenter as the fixture configures it. */
interface Existing {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly mspId: string;
}

/** The four BFT consenters of the fixture, as configtx.yaml lists them. */
const FOUR: readonly Existing[] = [
  { id: 1, host: '127.0.0.1', port: 7051, mspId: 'PlatformMSP' },
  { id: 2, host: '127.0.0.1', port: 7052, mspId: 'PlatformMSP' },
  { id: 3, host: '127.0.0.1', port: 7053, mspId: 'RetailMSP' },
  { id: 4, host: '127.0.0.1', port: 7054, mspId: 'RetailMSP' },
];

/** `list[index]`, which the fixture guarantees. */
function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) {
    throw new Error(`the fixture has no item ${index}`);
  }
  return item;
}

const identityOf = (port: number): Buffer => pem('CERTIFICATE', `identity-${port}`);
const tlsOf = (port: number): Buffer => pem('CERTIFICATE', `tls-${port}`);

/** A fifth node, of RetailMSP, that is no consenter yet. */
const NEW_NODE: ConsenterNode = {
  mspId: 'RetailMSP',
  host: '127.0.0.1',
  port: 7055,
  endpoint: '127.0.0.1:7155',
  identityPem: identityOf(7055),
  tlsCertPem: tlsOf(7055),
};

/** The consenter `consenter` of FOUR as a node, for a removal (whose certificates the tool does not need). */
function nodeOf(consenter: Existing): ConsenterNode {
  return {
    mspId: consenter.mspId,
    host: consenter.host,
    port: consenter.port,
    endpoint: `${consenter.host}:${consenter.port + 100}`,
    identityPem: new Uint8Array(),
    tlsCertPem: new Uint8Array(),
  };
}

function configValue(version: number, bytes: Uint8Array, modPolicy = 'Admins'): common.ConfigValue {
  const value = new common.ConfigValue();
  value.setVersion(version);
  value.setModPolicy(modPolicy);
  value.setValue(bytes);
  return value;
}

function addresses(list: readonly string[]): Uint8Array {
  const value = new common.OrdererAddresses();
  value.setAddressesList([...list]);
  return value.serializeBinary();
}

function organisation(version: number, endpoints: readonly string[]): common.ConfigGroup {
  const group = new common.ConfigGroup();
  group.setVersion(version);
  valuesOf(group).set('Endpoints', configValue(ENDPOINTS_VERSION, addresses(endpoints)));
  return group;
}

function bftConsenter(existing: Existing): common.Consenter {
  const consenter = new common.Consenter();
  consenter.setId(existing.id);
  consenter.setHost(existing.host);
  consenter.setPort(existing.port);
  consenter.setMspId(existing.mspId);
  consenter.setIdentity(identityOf(existing.port));
  consenter.setClientTlsCert(tlsOf(existing.port));
  consenter.setServerTlsCert(tlsOf(existing.port));
  return consenter;
}

function raftConsenter(existing: Existing): orderer.etcdraft.Consenter {
  const consenter = new orderer.etcdraft.Consenter();
  consenter.setHost(existing.host);
  consenter.setPort(existing.port);
  consenter.setClientTlsCert(tlsOf(existing.port));
  consenter.setServerTlsCert(tlsOf(existing.port));
  return consenter;
}

function consensusType(type: string, metadata: Uint8Array = new Uint8Array()): Uint8Array {
  const value = new orderer.ConsensusType();
  value.setType(type);
  value.setMetadata(metadata);
  value.setState(orderer.ConsensusType.State.STATE_NORMAL);
  return value.serializeBinary();
}

function raftMetadata(consenters: readonly Existing[]): Uint8Array {
  const options = new orderer.etcdraft.Options();
  options.setTickInterval('500ms');
  options.setElectionTick(10);
  options.setHeartbeatTick(1);
  const metadata = new orderer.etcdraft.ConfigMetadata();
  metadata.setConsentersList(consenters.map(raftConsenter));
  metadata.setOptions(options);
  return metadata.serializeBinary();
}

/** The orderer group of a BFT channel: ConsensusType, Orderers and the BlockValidation policy. */
function bftOrdererGroup(consenters: readonly Existing[]): common.ConfigGroup {
  const group = new common.ConfigGroup();
  group.setVersion(ORDERER_VERSION);
  valuesOf(group).set('ConsensusType', configValue(CONSENSUS_VERSION, consensusType('BFT')));
  const orderers = new common.Orderers();
  orderers.setConsenterMappingList(consenters.map(bftConsenter));
  valuesOf(group).set('Orderers', configValue(ORDERERS_VERSION, orderers.serializeBinary()));
  const validation = new common.ConfigPolicy();
  validation.setVersion(VALIDATION_VERSION);
  validation.setModPolicy(VALIDATION_MOD_POLICY);
  // Whatever the policy was before: the update replaces it.
  const implicit = new common.Policy();
  implicit.setType(common.Policy.PolicyType.IMPLICIT_META);
  validation.setPolicy(implicit);
  policiesOf(group).set('BlockValidation', validation);
  return group;
}

/** The orderer group of a Raft channel: the consenters are in the ConsensusType metadata. */
function raftOrdererGroup(consenters: readonly Existing[]): common.ConfigGroup {
  const group = new common.ConfigGroup();
  group.setVersion(ORDERER_VERSION);
  valuesOf(group).set('ConsensusType', configValue(CONSENSUS_VERSION, consensusType('etcdraft', raftMetadata(consenters))));
  return group;
}

/** The client endpoints of the consenters of `mspId`, as the fixture lists them. */
function endpointsOf(consenters: readonly Existing[], mspId: string): string[] {
  return consenters.filter((consenter) => consenter.mspId === mspId).map((consenter) => nodeOf(consenter).endpoint);
}

/** The orderer group with its organisations, keyed by MSP id as configtx.yaml names them. */
function withOrganisations(group: common.ConfigGroup, consenters: readonly Existing[]): common.ConfigGroup {
  groupsOf(group).set('PlatformMSP', organisation(PLATFORM_VERSION, endpointsOf(consenters, 'PlatformMSP')));
  groupsOf(group).set('RetailMSP', organisation(RETAIL_VERSION, endpointsOf(consenters, 'RetailMSP')));
  return group;
}

function blockOf(ordererGroup: common.ConfigGroup, headerType: number = common.HeaderType.CONFIG): Uint8Array {
  const root = new common.ConfigGroup();
  root.setVersion(ROOT_VERSION);
  groupsOf(root).set('Orderer', ordererGroup);
  return configBlock(root, CHANNEL, headerType);
}

const bftBlock = (consenters: readonly Existing[] = FOUR): Uint8Array =>
  blockOf(withOrganisations(bftOrdererGroup(consenters), consenters));
const raftBlock = (consenters: readonly Existing[] = FOUR): Uint8Array =>
  blockOf(withOrganisations(raftOrdererGroup(consenters), consenters));

function valueOf(group: common.ConfigGroup, name: string): common.ConfigValue {
  const value = valuesOf(group).get(name);
  if (value === undefined) {
    throw new Error(`no value ${name}`);
  }
  return value;
}

const ordererWriteOf = (update: common.ConfigUpdate): common.ConfigGroup => child(update.getWriteSet(), 'Orderer');
const consentersIn = (group: common.ConfigGroup): common.Consenter[] =>
  common.Orderers.deserializeBinary(valueOf(group, 'Orderers').getValue_asU8()).getConsenterMappingList();
const endpointsIn = (group: common.ConfigGroup): string[] =>
  common.OrdererAddresses.deserializeBinary(valueOf(group, 'Endpoints').getValue_asU8()).getAddressesList();
const summary = (consenter: common.Consenter): Existing => ({
  id: consenter.getId(),
  host: consenter.getHost(),
  port: consenter.getPort(),
  mspId: consenter.getMspId(),
});

/** The BlockValidation policy of the write set's orderer group, checked to be one version up under the same mod_policy. */
function blockValidationIn(group: common.ConfigGroup): common.SignaturePolicyEnvelope {
  const validation = policiesOf(group).get('BlockValidation');
  expect(validation?.getVersion()).toBe(VALIDATION_VERSION + 1);
  expect(validation?.getModPolicy()).toBe(VALIDATION_MOD_POLICY);
  const policy = validation?.getPolicy();
  expect(policy?.getType()).toBe(common.Policy.PolicyType.SIGNATURE);
  return common.SignaturePolicyEnvelope.deserializeBinary(policy?.getValue_asU8() ?? new Uint8Array());
}

/** The signers a BFT BlockValidation policy names, in order, as `mspId identity`. */
function principalsOf(envelope: common.SignaturePolicyEnvelope): string[] {
  return envelope.getIdentitiesList().map((principal) => {
    expect(principal.getPrincipalClassification()).toBe(msp.MSPPrincipal.Classification.IDENTITY);
    const identity = msp.SerializedIdentity.deserializeBinary(principal.getPrincipal_asU8());
    return `${identity.getMspid()} ${text(identity.getIdBytes_asU8())}`;
  });
}

function quorumRuleOf(envelope: common.SignaturePolicyEnvelope): { n: number | undefined; signedBy: number[] | undefined } {
  const nOutOf = envelope.getRule()?.getNOutOf();
  return { n: nOutOf?.getN(), signedBy: nOutOf?.getRulesList().map((rule) => rule.getSignedBy()) };
}

/** The read set: the orderer group and the node's organisation at their versions, nothing in them. */
function expectReadSet(update: common.ConfigUpdate, mspId: string, version: number): void {
  const read = update.getReadSet();
  expect(read?.getVersion()).toBe(ROOT_VERSION);
  const ordererRead = child(read, 'Orderer');
  expect(ordererRead.getVersion()).toBe(ORDERER_VERSION);
  expect(valuesOf(ordererRead).getLength()).toBe(0);
  const organisationRead = child(ordererRead, mspId);
  expect(organisationRead.getVersion()).toBe(version);
  expect(valuesOf(organisationRead).getLength()).toBe(0);
  expect(groupsOf(ordererRead).getLength()).toBe(1);
}

/** The write set's organisation group keeps its version; only its Endpoints value changes, one version up. */
function organisationWriteOf(update: common.ConfigUpdate, mspId: string, version: number): common.ConfigGroup {
  const write = ordererWriteOf(update);
  expect(groupsOf(write).getLength()).toBe(1);
  const organisationWrite = child(write, mspId);
  expect(organisationWrite.getVersion()).toBe(version);
  expect(valuesOf(organisationWrite).getLength()).toBe(1);
  expect(valueOf(organisationWrite, 'Endpoints').getVersion()).toBe(ENDPOINTS_VERSION + 1);
  expect(valueOf(organisationWrite, 'Endpoints').getModPolicy()).toBe('Admins');
  return organisationWrite;
}

describe('channel-consenters, BFT', () => {
  it('lists the consenters of the Orderers value in order, with their MSP', () => {
    expect(listConsenters(bftBlock())).toEqual(FOUR.map(({ host, port, mspId }) => ({ host, port, mspId })));
  });

  it('adds a consenter with the next id, its certificates and a quorum BlockValidation policy of five', () => {
    const update = configUpdateOf(CHANNEL, buildConsenterUpdate(bftBlock(), 'add', NEW_NODE));

    expect(update.getWriteSet()?.getVersion()).toBe(ROOT_VERSION);
    const write = ordererWriteOf(update);
    expect(write.getVersion()).toBe(ORDERER_VERSION);
    // Only Orderers changes among the orderer group's values; ConsensusType stays as it is.
    expect(valuesOf(write).getLength()).toBe(1);
    expect(valueOf(write, 'Orderers').getVersion()).toBe(ORDERERS_VERSION + 1);
    expect(valueOf(write, 'Orderers').getModPolicy()).toBe('Admins');
    const consenters = consentersIn(write);
    expect(consenters.map(summary)).toEqual([...FOUR, { id: 5, host: '127.0.0.1', port: 7055, mspId: 'RetailMSP' }]);
    const added = consenters[4];
    expect(text(added?.getIdentity_asU8() ?? new Uint8Array())).toBe(text(NEW_NODE.identityPem));
    expect(text(added?.getClientTlsCert_asU8() ?? new Uint8Array())).toBe(text(NEW_NODE.tlsCertPem));
    expect(text(added?.getServerTlsCert_asU8() ?? new Uint8Array())).toBe(text(NEW_NODE.tlsCertPem));
    // The existing consenters keep their certificates.
    expect(consenters.slice(0, 4).map((consenter) => text(consenter.getIdentity_asU8()))).toEqual(
      FOUR.map((consenter) => text(identityOf(consenter.port))),
    );

    const validation = blockValidationIn(write);
    expect(principalsOf(validation)).toEqual([
      ...FOUR.map((consenter) => `${consenter.mspId} ${text(identityOf(consenter.port))}`),
      `RetailMSP ${text(NEW_NODE.identityPem)}`,
    ]);
    // f = 1 of 5: ⌈(5 + 1 + 1) / 2⌉ = 4 signatures.
    expect(quorumRuleOf(validation)).toEqual({ n: 4, signedBy: [0, 1, 2, 3, 4] });

    const endpoints = endpointsIn(organisationWriteOf(update, 'RetailMSP', RETAIL_VERSION));
    expect(endpoints).toEqual([...endpointsOf(FOUR, 'RetailMSP'), NEW_NODE.endpoint]);
    expect(groupsOf(write).get('PlatformMSP')).toBeUndefined();
    expectReadSet(update, 'RetailMSP', RETAIL_VERSION);
  });

  it('answers null when the node already is a consenter, or is not one to remove', () => {
    const existing = at(FOUR, 2);
    expect(buildConsenterUpdate(bftBlock(), 'add', { ...NEW_NODE, host: existing.host, port: existing.port })).toBeNull();
    expect(buildConsenterUpdate(bftBlock(), 'remove', NEW_NODE)).toBeNull();
  });

  it('removes a consenter of five, its endpoint and its signature, down to a quorum of three', () => {
    const five: Existing[] = [...FOUR, { id: 5, host: '127.0.0.1', port: 7055, mspId: 'RetailMSP' }];
    const removed = at(five, 3);
    const update = configUpdateOf(CHANNEL, buildConsenterUpdate(bftBlock(five), 'remove', nodeOf(removed)));

    const write = ordererWriteOf(update);
    expect(write.getVersion()).toBe(ORDERER_VERSION);
    expect(valueOf(write, 'Orderers').getVersion()).toBe(ORDERERS_VERSION + 1);
    const remaining = five.filter((consenter) => consenter !== removed);
    expect(consentersIn(write).map(summary)).toEqual(remaining);
    const validation = blockValidationIn(write);
    expect(principalsOf(validation)).toEqual(remaining.map((consenter) => `${consenter.mspId} ${text(identityOf(consenter.port))}`));
    // f = 1 of 4: ⌈(4 + 1 + 1) / 2⌉ = 3 signatures.
    expect(quorumRuleOf(validation)).toEqual({ n: 3, signedBy: [0, 1, 2, 3] });

    const endpoints = endpointsIn(organisationWriteOf(update, 'RetailMSP', RETAIL_VERSION));
    expect(endpoints).toEqual(endpointsOf(remaining, 'RetailMSP'));
    expect(endpoints).not.toContain(nodeOf(removed).endpoint);
    expectReadSet(update, 'RetailMSP', RETAIL_VERSION);
  });

  it('gives a node added after a middle consenter left the highest id plus one, not the freed id', () => {
    const middle = at(FOUR, 1);
    const removal = ordererWriteOf(configUpdateOf(CHANNEL, buildConsenterUpdate(bftBlock(), 'remove', nodeOf(middle))));
    const left = consentersIn(removal).map(summary);
    expect(left.map((consenter) => consenter.id)).toEqual([1, 3, 4]);
    expect(listConsenters(bftBlock(left)).map((consenter) => consenter.port)).toEqual([7051, 7053, 7054]);

    const addition = ordererWriteOf(configUpdateOf(CHANNEL, buildConsenterUpdate(bftBlock(left), 'add', NEW_NODE)));
    expect(consentersIn(addition).map((consenter) => consenter.getId())).toEqual([1, 3, 4, 5]);
    // 4 consenters again: a quorum of 3.
    expect(quorumRuleOf(blockValidationIn(addition))).toEqual({ n: 3, signedBy: [0, 1, 2, 3] });
  });

  it('records the endpoint under the organisation named by the node, and keeps a listed endpoint once', () => {
    const platformNode: ConsenterNode = { ...NEW_NODE, mspId: 'PlatformMSP', endpoint: endpointsOf(FOUR, 'PlatformMSP')[0] ?? '' };
    const update = configUpdateOf(CHANNEL, buildConsenterUpdate(bftBlock(), 'add', platformNode));
    const endpoints = endpointsIn(organisationWriteOf(update, 'PlatformMSP', PLATFORM_VERSION));
    expect(endpoints).toEqual([...endpointsOf(FOUR, 'PlatformMSP').slice(1), platformNode.endpoint]);
    expect(consentersIn(ordererWriteOf(update))[4]?.getMspId()).toBe('PlatformMSP');
    expectReadSet(update, 'PlatformMSP', PLATFORM_VERSION);
  });
});

describe('channel-consenters, Raft', () => {
  it('lists the consenters of the ConsensusType metadata, naming no MSP', () => {
    const listed = listConsenters(raftBlock());
    expect(listed).toEqual(FOUR.map(({ host, port }) => ({ host, port })));
    for (const consenter of listed) {
      expect(consenter).not.toHaveProperty('mspId');
    }
  });

  it('appends a consenter to the metadata, one ConsensusType version up, leaving BlockValidation alone', () => {
    const update = configUpdateOf(CHANNEL, buildConsenterUpdate(raftBlock(), 'add', NEW_NODE));

    const write = ordererWriteOf(update);
    expect(write.getVersion()).toBe(ORDERER_VERSION);
    expect(valuesOf(write).getLength()).toBe(1);
    expect(valuesOf(write).get('Orderers')).toBeUndefined();
    expect(policiesOf(write).get('BlockValidation')).toBeUndefined();
    const value = valueOf(write, 'ConsensusType');
    expect(value.getVersion()).toBe(CONSENSUS_VERSION + 1);
    expect(value.getModPolicy()).toBe('Admins');
    const type = orderer.ConsensusType.deserializeBinary(value.getValue_asU8());
    expect(type.getType()).toBe('etcdraft');
    expect(type.getState()).toBe(orderer.ConsensusType.State.STATE_NORMAL);
    const metadata = orderer.etcdraft.ConfigMetadata.deserializeBinary(type.getMetadata_asU8());
    expect(metadata.getOptions()?.getTickInterval()).toBe('500ms');
    expect(metadata.getOptions()?.getElectionTick()).toBe(10);
    const consenters = metadata.getConsentersList();
    expect(consenters.map((consenter) => `${consenter.getHost()}:${consenter.getPort()}`)).toEqual([
      ...FOUR.map((consenter) => `${consenter.host}:${consenter.port}`),
      '127.0.0.1:7055',
    ]);
    const added = consenters[4];
    expect(text(added?.getClientTlsCert_asU8() ?? new Uint8Array())).toBe(text(NEW_NODE.tlsCertPem));
    expect(text(added?.getServerTlsCert_asU8() ?? new Uint8Array())).toBe(text(NEW_NODE.tlsCertPem));

    expect(endpointsIn(organisationWriteOf(update, 'RetailMSP', RETAIL_VERSION))).toEqual([
      ...endpointsOf(FOUR, 'RetailMSP'),
      NEW_NODE.endpoint,
    ]);
    expectReadSet(update, 'RetailMSP', RETAIL_VERSION);
  });

  it('drops a consenter from the metadata and its endpoint, and answers null for no change', () => {
    const removed = at(FOUR, 0);
    const update = configUpdateOf(CHANNEL, buildConsenterUpdate(raftBlock(), 'remove', nodeOf(removed)));

    const write = ordererWriteOf(update);
    expect(policiesOf(write).get('BlockValidation')).toBeUndefined();
    const value = valueOf(write, 'ConsensusType');
    expect(value.getVersion()).toBe(CONSENSUS_VERSION + 1);
    const type = orderer.ConsensusType.deserializeBinary(value.getValue_asU8());
    expect(type.getType()).toBe('etcdraft');
    const ports = orderer.etcdraft.ConfigMetadata.deserializeBinary(type.getMetadata_asU8())
      .getConsentersList()
      .map((consenter) => consenter.getPort());
    expect(ports).toEqual([7052, 7053, 7054]);
    expect(endpointsIn(organisationWriteOf(update, 'PlatformMSP', PLATFORM_VERSION))).toEqual(endpointsOf(FOUR.slice(1), 'PlatformMSP'));
    expectReadSet(update, 'PlatformMSP', PLATFORM_VERSION);

    expect(buildConsenterUpdate(raftBlock(), 'remove', NEW_NODE)).toBeNull();
    expect(buildConsenterUpdate(raftBlock(), 'add', { ...NEW_NODE, port: removed.port })).toBeNull();
  });
});

describe('channel-consenters, refusals', () => {
  it('refuses a node of an MSP that is no orderer organisation', () => {
    expect(() => buildConsenterUpdate(bftBlock(), 'add', { ...NEW_NODE, mspId: 'NopeMSP' })).toThrow(/NopeMSP/);
    expect(() => buildConsenterUpdate(raftBlock(), 'remove', { ...nodeOf(at(FOUR, 0)), mspId: 'BankMSP' })).toThrow(Error);
  });

  it('refuses a block that is no configuration block', () => {
    const block = blockOf(withOrganisations(bftOrdererGroup(FOUR), FOUR), common.HeaderType.ENDORSER_TRANSACTION);
    expect(() => listConsenters(block)).toThrow(/not a configuration block/);
    expect(() => buildConsenterUpdate(block, 'add', NEW_NODE)).toThrow(/not a configuration block/);
  });
});
