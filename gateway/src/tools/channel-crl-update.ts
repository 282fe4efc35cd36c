/**
 * `node gateway/dist/tools/channel-crl-update.js --block CONFIG_BLOCK --msp MSP_ID --crl CRL_PEM --out ENVELOPE`
 *
 * Builds the unsigned channel configuration update that replaces the revocation list of one
 * organisation's MSP with its CA's current CRL, in every group of the channel configuration that
 * defines that MSP (Application and, for orgs running ordering nodes, Orderer). `network/crl.sh`
 * has the org admin sign and submit it with `peer channel update`.
 *
 * Built by hand (channel-update.ts says why and how): the MSP value goes one version up.
 *
 * With `--current FILE` instead of `--crl`/`--out`, it writes the revocation list the channel
 * carries now for the MSP (empty when none), so that the caller can compare what is revoked.
 *
 * Exit status: 0 the envelope (or the current list) is written; 3 the channel already carries this
 * CRL byte for byte (nothing written); 2 a mistake in the command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { common, msp } from '@hyperledger/fabric-protos';

import { groupsOf, valuesOf } from '../fabric/config-maps';
import { configOf, entries, envelopeOf, groupAt, nextValue, pathGroup } from './channel-update';

/** The inputs of one update. */
export interface CrlUpdateInput {
  /** The channel's latest configuration block, as `peer channel fetch config` writes it. */
  readonly configBlock: Uint8Array;
  readonly mspId: string;
  /** The CRL in PEM, as `fabric-ca-client gencrl` writes it. */
  readonly crlPem: Uint8Array;
}

/**
 * @param input - the configuration block, the MSP and its CRL
 * @returns the serialised unsigned envelope, or null when every definition of the MSP already carries the CRL
 * @throws Error when the block is no configuration block or no group defines the MSP
 */
export function buildCrlUpdate(input: CrlUpdateInput): Uint8Array | null {
  const { channelId, config } = configOf(input.configBlock);
  const root = config.getChannelGroup();
  if (root === undefined) {
    throw new Error('the configuration block holds no channel group');
  }
  const readSet = groupAt(root.getVersion());
  const writeSet = groupAt(root.getVersion());
  let changed = false;
  let found = false;
  for (const [sectionName, section] of entries(root)) {
    for (const [orgName, org] of entries(section)) {
      const value = valuesOf(org).get('MSP');
      if (value === undefined || mspNameOf(value) !== input.mspId) {
        continue;
      }
      found = true;
      const updated = withRevocationList(value, input.crlPem);
      if (updated === null) {
        continue;
      }
      changed = true;
      groupsOf(pathGroup(readSet, sectionName, section)).set(orgName, groupAt(org.getVersion()));
      const orgWrite = groupAt(org.getVersion());
      valuesOf(orgWrite).set('MSP', updated);
      groupsOf(pathGroup(writeSet, sectionName, section)).set(orgName, orgWrite);
    }
  }
  if (!found) {
    throw new Error(`no group of the channel configuration defines the MSP ${input.mspId}`);
  }
  return changed ? envelopeOf(channelId, readSet, writeSet) : null;
}

/**
 * @param configBlock - the channel's latest configuration block
 * @param mspId - the MSP
 * @returns the revocation lists the channel carries for the MSP, PEM concatenated; empty when none
 */
export function currentRevocationList(configBlock: Uint8Array, mspId: string): Uint8Array {
  const root = configOf(configBlock).config.getChannelGroup();
  for (const [, section] of root === undefined ? [] : entries(root)) {
    for (const [, org] of entries(section)) {
      const value = valuesOf(org).get('MSP');
      if (value !== undefined && mspNameOf(value) === mspId) {
        return Buffer.concat(
          fabricMspOf(value)
            .getRevocationListList_asU8()
            .map((crl) => Buffer.from(crl)),
        );
      }
    }
  }
  return new Uint8Array();
}

function fabricMspOf(value: common.ConfigValue): msp.FabricMSPConfig {
  return msp.FabricMSPConfig.deserializeBinary(msp.MSPConfig.deserializeBinary(value.getValue_asU8()).getConfig_asU8());
}

function mspNameOf(value: common.ConfigValue): string {
  return fabricMspOf(value).getName();
}

/** The MSP value with `crl` as its only revocation list, one version up; null when it has exactly that already. */
function withRevocationList(value: common.ConfigValue, crl: Uint8Array): common.ConfigValue | null {
  const mspConfig = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
  const fabric = msp.FabricMSPConfig.deserializeBinary(mspConfig.getConfig_asU8());
  const current = fabric.getRevocationListList_asU8();
  if (current.length === 1 && Buffer.from(current[0] ?? new Uint8Array()).equals(Buffer.from(crl))) {
    return null;
  }
  fabric.setRevocationListList([crl]);
  mspConfig.setConfig(fabric.serializeBinary());
  return nextValue(value, mspConfig.serializeBinary());
}

const EXIT_UNCHANGED = 3;
const EXIT_USAGE = 2;

function main(): void {
  const { values } = parseArgs({
    options: {
      block: { type: 'string' },
      msp: { type: 'string' },
      crl: { type: 'string' },
      out: { type: 'string' },
      current: { type: 'string' },
    },
  });
  if (values.block !== undefined && values.msp !== undefined && values.current !== undefined) {
    writeFileSync(values.current, currentRevocationList(readFileSync(values.block), values.msp));
    return;
  }
  if (values.block === undefined || values.msp === undefined || values.crl === undefined || values.out === undefined) {
    process.stderr.write('usage: channel-crl-update --block FILE --msp MSP_ID (--crl FILE --out FILE | --current FILE)\n');
    process.exit(EXIT_USAGE);
  }
  const envelope = buildCrlUpdate({ configBlock: readFileSync(values.block), mspId: values.msp, crlPem: readFileSync(values.crl) });
  if (envelope === null) {
    process.exit(EXIT_UNCHANGED);
  }
  writeFileSync(values.out, envelope);
}

if (require.main === module) {
  main();
}
