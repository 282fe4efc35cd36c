/**
 * Building blocks of a channel configuration update, written by hand rather than with `configtxlator
 * compute_update` because the pinned configtxlator cannot decode the SmartBFT `Orderers` value that the
 * same build's configtxgen writes. An update follows Fabric's own rules for changed elements: each changed
 * value or policy goes one version up, every group on its path keeps its version, and the read set names
 * those groups at their versions.
 *
 * @packageDocumentation
 */
import { common } from '@hyperledger/fabric-protos';

import { groupsOf } from '../fabric/config-maps';

/** The child groups of `group` with their names. */
export function entries(group: common.ConfigGroup): [string, common.ConfigGroup][] {
  // getEntryList() answers raw arrays; forEach hands out the wrapped messages.
  const found: [string, common.ConfigGroup][] = [];
  groupsOf(group).forEach((child, name) => found.push([name, child]));
  return found;
}

/**
 * @returns the channel id and configuration of a configuration block
 * @throws Error when the block is not a configuration block
 */
export function configOf(blockBytes: Uint8Array): { channelId: string; config: common.Config } {
  const block = common.Block.deserializeBinary(blockBytes);
  const envelope = common.Envelope.deserializeBinary(block.getData()?.getDataList_asU8()[0] ?? new Uint8Array());
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
  if (channelHeader.getType() !== common.HeaderType.CONFIG) {
    throw new Error('the block is not a configuration block');
  }
  const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig();
  if (config === undefined) {
    throw new Error('the configuration block holds no configuration');
  }
  return { channelId: channelHeader.getChannelId(), config };
}

/** An empty group at `version`, for a read or write set. */
export function groupAt(version: number): common.ConfigGroup {
  const group = new common.ConfigGroup();
  group.setVersion(version);
  return group;
}

/** The child group `name` of `set`, created at the original's version when missing. */
export function pathGroup(set: common.ConfigGroup, name: string, original: common.ConfigGroup): common.ConfigGroup {
  const groups = groupsOf(set);
  const existing = groups.get(name);
  if (existing !== undefined) {
    return existing;
  }
  const created = groupAt(original.getVersion());
  groups.set(name, created);
  return created;
}

/** @returns the serialised unsigned `CONFIG_UPDATE` envelope of the update from `readSet` to `writeSet` */
export function envelopeOf(channelId: string, readSet: common.ConfigGroup, writeSet: common.ConfigGroup): Uint8Array {
  const update = new common.ConfigUpdate();
  update.setChannelId(channelId);
  update.setReadSet(readSet);
  update.setWriteSet(writeSet);
  const updateEnvelope = new common.ConfigUpdateEnvelope();
  updateEnvelope.setConfigUpdate(update.serializeBinary());
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.CONFIG_UPDATE);
  channelHeader.setChannelId(channelId);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(updateEnvelope.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope.serializeBinary();
}

/** `current` with `value`, one version up, under the same modification policy. */
export function nextValue(current: common.ConfigValue, value: Uint8Array): common.ConfigValue {
  const updated = new common.ConfigValue();
  updated.setVersion(current.getVersion() + 1);
  updated.setModPolicy(current.getModPolicy());
  updated.setValue(value);
  return updated;
}

/** `current` with `policy`, one version up, under the same modification policy. */
export function nextPolicy(current: common.ConfigPolicy, policy: common.Policy): common.ConfigPolicy {
  const updated = new common.ConfigPolicy();
  updated.setVersion(current.getVersion() + 1);
  updated.setModPolicy(current.getModPolicy());
  updated.setPolicy(policy);
  return updated;
}
