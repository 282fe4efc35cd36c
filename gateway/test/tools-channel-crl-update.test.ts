import { common, msp } from '@hyperledger/fabric-protos';

import { buildCrlUpdate, currentRevocationList } from '../src/tools/channel-crl-update';
import { groupsOf, valuesOf } from './fabric-fakes';
import { configBlock as blockOf } from './support/blocks';

const CRL = Buffer.from('-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n');

function mspValue(name: string, version: number, crls: Uint8Array[] = []): common.ConfigValue {
  const fabric = new msp.FabricMSPConfig();
  fabric.setName(name);
  fabric.setRevocationListList(crls);
  const config = new msp.MSPConfig();
  config.setConfig(fabric.serializeBinary());
  const value = new common.ConfigValue();
  value.setVersion(version);
  value.setModPolicy('Admins');
  value.setValue(config.serializeBinary());
  return value;
}

function group(version: number, children: Record<string, common.ConfigGroup> = {}, value?: common.ConfigValue): common.ConfigGroup {
  const created = new common.ConfigGroup();
  created.setVersion(version);
  for (const [name, child] of Object.entries(children)) {
    groupsOf(created).set(name, child);
  }
  if (value !== undefined) {
    valuesOf(created).set('MSP', value);
  }
  return created;
}

/** A configuration block where RetailMSP is defined in Application (MSP value version 2) and Orderer (version 0). */
function configBlock(crls: Uint8Array[] = []): Uint8Array {
  const root = group(0, {
    Application: group(1, { Retail: group(3, {}, mspValue('RetailMSP', 2, crls)), Bank: group(0, {}, mspValue('BankMSP', 0)) }),
    Orderer: group(0, { Retail: group(0, {}, mspValue('RetailMSP', 0, crls)) }),
  });
  return blockOf(root, 'loulan');
}

/** The group at `path` below `root`; undefined when a step of it is missing. */
function descendant(root: common.ConfigGroup | undefined, ...path: string[]): common.ConfigGroup | undefined {
  return path.reduce<common.ConfigGroup | undefined>((group, name) => (group === undefined ? undefined : groupsOf(group).get(name)), root);
}

function mspVersion(group: common.ConfigGroup | undefined): number | undefined {
  return group === undefined ? undefined : valuesOf(group).get('MSP')?.getVersion();
}

function valueCount(group: common.ConfigGroup | undefined): number | undefined {
  return group === undefined ? undefined : valuesOf(group).getLength();
}

function updateOf(envelopeBytes: Uint8Array): common.ConfigUpdate {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  expect(common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array()).getType()).toBe(
    common.HeaderType.CONFIG_UPDATE,
  );
  return common.ConfigUpdate.deserializeBinary(
    common.ConfigUpdateEnvelope.deserializeBinary(payload.getData_asU8()).getConfigUpdate_asU8(),
  );
}

describe('channel-crl-update', () => {
  it('raises the MSP value one version in every group defining the MSP, keeping every group version', () => {
    const envelope = buildCrlUpdate({ configBlock: configBlock(), mspId: 'RetailMSP', crlPem: CRL });
    const update = updateOf(envelope ?? new Uint8Array());

    expect(update.getChannelId()).toBe('loulan');
    const write = update.getWriteSet();
    const appOrg = descendant(write, 'Application', 'Retail');
    expect(descendant(write, 'Application')?.getVersion()).toBe(1);
    expect(appOrg?.getVersion()).toBe(3);
    expect(mspVersion(appOrg)).toBe(3);
    expect(mspVersion(descendant(write, 'Orderer', 'Retail'))).toBe(1);
    expect(descendant(write, 'Application', 'Bank')).toBeUndefined();
    const read = descendant(update.getReadSet(), 'Application', 'Retail');
    expect(read?.getVersion()).toBe(3);
    expect(valueCount(read)).toBe(0);
  });

  it('answers null when the MSP carries exactly this CRL already, and reads it back', () => {
    const block = configBlock([CRL]);
    expect(buildCrlUpdate({ configBlock: block, mspId: 'RetailMSP', crlPem: CRL })).toBeNull();
    expect(Buffer.from(currentRevocationList(block, 'RetailMSP')).equals(CRL)).toBe(true);
    expect(currentRevocationList(block, 'BankMSP')).toHaveLength(0);
  });

  it('refuses an MSP that no group defines', () => {
    expect(() => buildCrlUpdate({ configBlock: configBlock(), mspId: 'NopeMSP', crlPem: CRL })).toThrow(/NopeMSP/);
  });
});
