import { common, msp } from '@hyperledger/fabric-protos';

import { buildCrlUpdate, currentRevocationList } from '../src/tools/channel-crl-update';

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
    created.getGroupsMap().set(name, child);
  }
  if (value !== undefined) {
    created.getValuesMap().set('MSP', value);
  }
  return created;
}

/** A configuration block where RetailMSP is defined in Application (MSP value version 2) and Orderer (version 0). */
function configBlock(crls: Uint8Array[] = []): Uint8Array {
  const root = group(0, {
    Application: group(1, { Retail: group(3, {}, mspValue('RetailMSP', 2, crls)), Bank: group(0, {}, mspValue('BankMSP', 0)) }),
    Orderer: group(0, { Retail: group(0, {}, mspValue('RetailMSP', 0, crls)) }),
  });
  const config = new common.Config();
  config.setChannelGroup(root);
  const configEnvelope = new common.ConfigEnvelope();
  configEnvelope.setConfig(config);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.CONFIG);
  channelHeader.setChannelId('loulan');
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(configEnvelope.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  const data = new common.BlockData();
  data.setDataList([envelope.serializeBinary()]);
  const block = new common.Block();
  block.setData(data);
  return block.serializeBinary();
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
    const appOrg = write?.getGroupsMap().get('Application')?.getGroupsMap().get('Retail');
    expect(write?.getGroupsMap().get('Application')?.getVersion()).toBe(1);
    expect(appOrg?.getVersion()).toBe(3);
    expect(appOrg?.getValuesMap().get('MSP')?.getVersion()).toBe(3);
    expect(write?.getGroupsMap().get('Orderer')?.getGroupsMap().get('Retail')?.getValuesMap().get('MSP')?.getVersion()).toBe(1);
    expect(write?.getGroupsMap().get('Application')?.getGroupsMap().get('Bank')).toBeUndefined();
    const read = update.getReadSet()?.getGroupsMap().get('Application')?.getGroupsMap().get('Retail');
    expect(read?.getVersion()).toBe(3);
    expect(read?.getValuesMap().getLength()).toBe(0);
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
