import { common, peer } from '@hyperledger/fabric-protos';

import { groupsOf, policiesOf, valuesOf } from '../src/fabric/config-maps';
import { buildOrgUpdate, hasOrg, type JoiningOrg, orgGroupOf } from '../src/tools/channel-org';
import { child, configBlock, configUpdateOf } from './support/blocks';

const CHANNEL = 'loulan';
const ROOT_VERSION = 3;
const APPLICATION_VERSION = 2;
const MEMBERS = ['PlatformMSP', 'RetailMSP', 'BankMSP'] as const;

function value(version: number, bytes: Uint8Array): common.ConfigValue {
  const configValue = new common.ConfigValue();
  configValue.setVersion(version);
  configValue.setModPolicy('Admins');
  configValue.setValue(bytes);
  return configValue;
}

function policy(version: number): common.ConfigPolicy {
  const configPolicy = new common.ConfigPolicy();
  configPolicy.setVersion(version);
  configPolicy.setModPolicy('Admins');
  const signature = new common.Policy();
  signature.setType(common.Policy.PolicyType.SIGNATURE);
  configPolicy.setPolicy(signature);
  return configPolicy;
}

/** A member organisation's group as configtxgen writes it: an MSP value and its four policies. */
function memberGroup(mspId: string, version = 0): common.ConfigGroup {
  const group = new common.ConfigGroup();
  group.setVersion(version);
  group.setModPolicy('Admins');
  valuesOf(group).set('MSP', value(0, Buffer.from(`msp of ${mspId}`)));
  for (const name of ['Readers', 'Writers', 'Admins', 'Endorsement']) {
    policiesOf(group).set(name, policy(0));
  }
  return group;
}

/** A channel whose application group has `members`, its Capabilities value and its Admins policy. */
function channelBlock(members: readonly string[] = MEMBERS): Uint8Array {
  const application = new common.ConfigGroup();
  application.setVersion(APPLICATION_VERSION);
  application.setModPolicy('Admins');
  members.forEach((mspId, index) => {
    groupsOf(application).set(mspId, memberGroup(mspId, index));
  });
  valuesOf(application).set('Capabilities', value(1, Buffer.from('V2_5')));
  policiesOf(application).set('Admins', policy(4));
  const root = new common.ConfigGroup();
  root.setVersion(ROOT_VERSION);
  groupsOf(root).set('Application', application);
  return configBlock(root, CHANNEL);
}

const PARTNER: JoiningOrg = {
  mspId: 'PartnerMSP',
  group: memberGroup('PartnerMSP'),
  anchor: { host: '127.0.0.1', port: 17361 },
};

/** The names in a jspb map. */
function names(map: { forEach(callback: (value: unknown, key: string) => void): void }): string[] {
  const found: string[] = [];
  map.forEach((_value, key) => found.push(key));
  return found.sort();
}

describe('channel-org: a member organisation joins the application group', () => {
  it('tells whether the channel has an organisation', () => {
    expect(hasOrg(channelBlock(), 'RetailMSP')).toBe(true);
    expect(hasOrg(channelBlock(), 'PartnerMSP')).toBe(false);
  });

  it('adds the group one version up under Admins, naming every existing member at its version', () => {
    const update = configUpdateOf(CHANNEL, buildOrgUpdate(channelBlock(), PARTNER));

    const read = child(update.getReadSet(), 'Application');
    const write = child(update.getWriteSet(), 'Application');
    expect(update.getReadSet()?.getVersion()).toBe(ROOT_VERSION);
    expect(update.getWriteSet()?.getVersion()).toBe(ROOT_VERSION);
    expect(read.getVersion()).toBe(APPLICATION_VERSION);
    expect(write.getVersion()).toBe(APPLICATION_VERSION + 1);
    expect(write.getModPolicy()).toBe('Admins');
    expect(names(groupsOf(read))).toEqual([...MEMBERS].sort());
    expect(names(groupsOf(write))).toEqual([...MEMBERS, 'PartnerMSP'].sort());
    MEMBERS.forEach((mspId, index) => {
      // Existing members are named at their versions with no content: the update changes none of them.
      expect(child(write, mspId).getVersion()).toBe(index);
      expect(names(valuesOf(child(write, mspId)))).toEqual([]);
    });
    expect(valuesOf(write).get('Capabilities')?.getVersion()).toBe(1);
    expect(valuesOf(write).get('Capabilities')?.getValue_asU8()).toHaveLength(0);
    expect(policiesOf(write).get('Admins')?.getVersion()).toBe(4);
  });

  it('writes the new group whole, at version 0, with its anchor peer', () => {
    const write = child(configUpdateOf(CHANNEL, buildOrgUpdate(channelBlock(), PARTNER)).getWriteSet(), 'Application');
    const partner = child(write, 'PartnerMSP');

    expect(partner.getVersion()).toBe(0);
    expect(Buffer.from(valuesOf(partner).get('MSP')?.getValue_asU8() ?? []).toString()).toBe('msp of PartnerMSP');
    expect(names(policiesOf(partner))).toEqual(['Admins', 'Endorsement', 'Readers', 'Writers']);
    const anchor = valuesOf(partner).get('AnchorPeers');
    expect(anchor?.getVersion()).toBe(0);
    expect(anchor?.getModPolicy()).toBe('Admins');
    const peers = peer.AnchorPeers.deserializeBinary(anchor?.getValue_asU8() ?? new Uint8Array()).getAnchorPeersList();
    expect(peers.map((anchorPeer) => `${anchorPeer.getHost()}:${anchorPeer.getPort()}`)).toEqual(['127.0.0.1:17361']);
  });

  it('changes nothing for an organisation that is a member already', () => {
    expect(buildOrgUpdate(channelBlock([...MEMBERS, 'PartnerMSP']), PARTNER)).toBeNull();
  });

  it('refuses a group without an MSP value', () => {
    const empty = new common.ConfigGroup();
    expect(() => buildOrgUpdate(channelBlock(), { ...PARTNER, group: empty })).toThrow('has no MSP value');
  });

  it('reads the group from a configuration holding it under its application group, as configtxlator encodes it', () => {
    const application = new common.ConfigGroup();
    groupsOf(application).set('PartnerMSP', memberGroup('PartnerMSP'));
    const root = new common.ConfigGroup();
    groupsOf(root).set('Application', application);
    const config = new common.Config();
    config.setChannelGroup(root);

    const group = orgGroupOf(config.serializeBinary(), 'PartnerMSP');

    expect(Buffer.from(valuesOf(group).get('MSP')?.getValue_asU8() ?? []).toString()).toBe('msp of PartnerMSP');
    expect(() => orgGroupOf(config.serializeBinary(), 'OtherMSP')).toThrow('holds no application group OtherMSP');
  });
});
