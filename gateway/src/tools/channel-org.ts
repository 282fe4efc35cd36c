/**
 * `node gateway/dist/tools/channel-org.js --block CONFIG_BLOCK (--has MSP | --add CONFIG --msp MSP --anchor HOST:PORT --out ENVELOPE)`
 *
 * Adds a member organisation to a channel's application group, for `network/membership.sh`
 * (`make add-org`):
 * - `--has MSP` exits 0 when the application group has the organisation, 3 when it has not;
 * - `--add CONFIG --msp MSP --anchor HOST:PORT --out ENVELOPE` writes the unsigned update that adds the
 *   organisation's configuration group under `MSP`, with its anchor peer. `CONFIG` is a serialised
 *   `common.Config` whose application group holds just that group: `configtxgen -printOrg` prints the
 *   group, and `configtxlator proto_encode --type common.Config` encodes it placed there (it types a
 *   group's values by the group's place in a configuration, so it cannot encode the group alone).
 *
 * The application group goes one version up under its own modification policy (`Admins`: a majority of
 * the member organisations' admins must sign); the new group enters at version 0. The update is built by
 * hand (channel-update.ts says why and how).
 *
 * Exit status: 0 written (or, with `--has`, present); 3 nothing to change (the organisation is a member
 * already; nothing written) or, with `--has`, absent; 2 a mistake in the command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { common, peer } from '@hyperledger/fabric-protos';

import { groupsOf, policiesOf, valuesOf } from '../fabric/config-maps';
import { configOf, envelopeOf, groupAt } from './channel-update';

/** An organisation joining the channel. */
export interface JoiningOrg {
  readonly mspId: string;
  /** Its configuration group: MSP value and policies, no anchor peers. */
  readonly group: common.ConfigGroup;
  /** The peer other organisations' peers reach it through first (gossip). */
  readonly anchor: { readonly host: string; readonly port: number };
}

// The name of a member organisation's group under /Channel/Application, and of its modification policy.
const APPLICATION = 'Application';
const ORG_ADMINS = 'Admins';

/** Whether the channel's application group has the organisation `mspId`. */
export function hasOrg(configBlock: Uint8Array, mspId: string): boolean {
  return groupsOf(applicationOf(configBlock).group).get(mspId) !== undefined;
}

/**
 * @returns the serialised unsigned update adding `org` to the channel's application group, or null when
 *   the group has it already
 */
export function buildOrgUpdate(configBlock: Uint8Array, org: JoiningOrg): Uint8Array | null {
  const { channelId, root, group } = applicationOf(configBlock);
  if (groupsOf(group).get(org.mspId) !== undefined) {
    return null;
  }
  // A copy: the anchor peers go into the update, not into the caller's group.
  const joining = common.ConfigGroup.deserializeBinary(org.group.serializeBinary());
  if (valuesOf(joining).get('MSP') === undefined) {
    throw new Error(`the group of ${org.mspId} has no MSP value`);
  }
  valuesOf(joining).set('AnchorPeers', anchorPeersValue(org.anchor));

  const readApplication = membersAt(group);
  const writeApplication = membersAt(group);
  writeApplication.setVersion(group.getVersion() + 1);
  writeApplication.setModPolicy(group.getModPolicy());
  groupsOf(writeApplication).set(org.mspId, joining);

  const readSet = groupAt(root.getVersion());
  groupsOf(readSet).set(APPLICATION, readApplication);
  const writeSet = groupAt(root.getVersion());
  groupsOf(writeSet).set(APPLICATION, writeApplication);
  return envelopeOf(channelId, readSet, writeSet);
}

/**
 * @returns the group of `mspId` in a serialised configuration holding it under its application group,
 *   as `configtxlator proto_encode --type common.Config` writes one
 */
export function orgGroupOf(configBytes: Uint8Array, mspId: string): common.ConfigGroup {
  const root = common.Config.deserializeBinary(configBytes).getChannelGroup();
  const application = root === undefined ? undefined : groupsOf(root).get(APPLICATION);
  const group = application === undefined ? undefined : groupsOf(application).get(mspId);
  if (group === undefined) {
    throw new Error(`the configuration holds no application group ${mspId}`);
  }
  return group;
}

function applicationOf(configBlock: Uint8Array): { channelId: string; root: common.ConfigGroup; group: common.ConfigGroup } {
  const { channelId, config } = configOf(configBlock);
  const root = config.getChannelGroup();
  const group = root === undefined ? undefined : groupsOf(root).get(APPLICATION);
  if (root === undefined || group === undefined) {
    throw new Error('the configuration has no application group');
  }
  return { channelId, root, group };
}

/**
 * `group` at its version with each of its groups, values and policies named at theirs: a group whose
 * version goes up keeps exactly the members its write set names, so every existing one is named.
 */
function membersAt(group: common.ConfigGroup): common.ConfigGroup {
  const copy = groupAt(group.getVersion());
  groupsOf(group).forEach((child, name) => {
    groupsOf(copy).set(name, groupAt(child.getVersion()));
  });
  valuesOf(group).forEach((value, name) => {
    const stub = new common.ConfigValue();
    stub.setVersion(value.getVersion());
    valuesOf(copy).set(name, stub);
  });
  policiesOf(group).forEach((policy, name) => {
    const stub = new common.ConfigPolicy();
    stub.setVersion(policy.getVersion());
    policiesOf(copy).set(name, stub);
  });
  return copy;
}

function anchorPeersValue(anchor: JoiningOrg['anchor']): common.ConfigValue {
  const anchorPeer = new peer.AnchorPeer();
  anchorPeer.setHost(anchor.host);
  anchorPeer.setPort(anchor.port);
  const anchorPeers = new peer.AnchorPeers();
  anchorPeers.setAnchorPeersList([anchorPeer]);
  const value = new common.ConfigValue();
  value.setModPolicy(ORG_ADMINS);
  value.setValue(anchorPeers.serializeBinary());
  return value;
}

const EXIT_UNCHANGED = 3;
const EXIT_USAGE = 2;

function usage(): never {
  process.stderr.write('usage: channel-org --block FILE (--has MSP_ID | --add CONFIG_FILE --msp MSP_ID --anchor HOST:PORT --out FILE)\n');
  process.exit(EXIT_USAGE);
}

function anchorOf(address: string | undefined): JoiningOrg['anchor'] {
  const match = /^(.+):(\d{1,5})$/.exec(address ?? '');
  if (match?.[1] === undefined || match[2] === undefined) {
    usage();
  }
  return { host: match[1], port: Number(match[2]) };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      block: { type: 'string' },
      has: { type: 'string' },
      add: { type: 'string' },
      msp: { type: 'string' },
      anchor: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.block === undefined) {
    usage();
  }
  const block = readFileSync(values.block);
  if (values.has !== undefined) {
    process.exit(hasOrg(block, values.has) ? 0 : EXIT_UNCHANGED);
  }
  if (values.add === undefined || values.msp === undefined || values.out === undefined) {
    usage();
  }
  const group = orgGroupOf(readFileSync(values.add), values.msp);
  const envelope = buildOrgUpdate(block, { mspId: values.msp, group, anchor: anchorOf(values.anchor) });
  if (envelope === null) {
    process.exit(EXIT_UNCHANGED);
  }
  writeFileSync(values.out, envelope);
}

if (require.main === module) {
  main();
}
