/**
 * A revoked certificate is refused by the peers once its organisation publishes its CRL in the
 * channel (`net.sh publish-crl`): a retail identity that worked before its revocation cannot
 * read or write afterwards, and publishing the same CRL again changes nothing.
 */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as grpc from '@grpc/grpc-js';
import { connect, type Contract, type Gateway, signers } from '@hyperledger/fabric-gateway';

import { HttpFabricCaClient } from '../../../gateway/src/members/ca-client';
import { gatewayEnv } from '../../support/fabric';
import { eventually, height, net, STATE_DIR } from '../../support/network';
import { uniqueId } from '../../support/rest';
import { orgEndpoint } from '../../support/topology';

jest.setTimeout(240_000);

const env = gatewayEnv();
const ca = new HttpFabricCaClient({
  url: env.LOULAN_ORG_RETAIL_CA_URL ?? '',
  tlsRootPem: readFileSync(env.LOULAN_ORG_RETAIL_CA_TLS_CERT_FILE ?? '', 'utf8'),
});
const registrar = {
  certificatePem: readFileSync(env.LOULAN_ORG_RETAIL_ADMIN_CERT_FILE ?? '', 'utf8'),
  privateKey: createPrivateKey(readFileSync(env.LOULAN_ORG_RETAIL_ADMIN_KEY_FILE ?? '')),
};

let gateway: Gateway;
let client: grpc.Client;
let points: Contract;
const supplierId = uniqueId('revoked-supplier');

beforeAll(async () => {
  const secret = randomBytes(16).toString('hex');
  await ca.register(registrar, {
    enrollmentId: supplierId,
    secret,
    type: 'client',
    attributes: [
      { name: 'loulan.role', value: 'supplier', ecert: true },
      { name: 'loulan.account', value: supplierId, ecert: true },
    ],
  });
  const enrolled = await ca.enroll(supplierId, secret);
  const tls = grpc.credentials.createSsl(readFileSync(join(STATE_DIR, 'ca', 'retail', 'ca-cert.pem')));
  client = new grpc.Client(orgEndpoint('retail', 'PEER_RETAIL_PORT'), tls, { 'grpc.ssl_target_name_override': 'peer0.retail.loulan' });
  gateway = connect({
    client,
    identity: { mspId: 'RetailMSP', credentials: Buffer.from(enrolled.certificatePem) },
    signer: signers.newPrivateKeySigner(createPrivateKey(enrolled.privateKeyPem)),
  });
  points = gateway.getNetwork(env.LOULAN_CHANNEL ?? 'loulan').getContract(env.LOULAN_CHAINCODE ?? 'loulan', 'points');
});

afterAll(() => {
  gateway.close();
  client.close();
});

describe('certificate revocation through the channel MSP', () => {
  it('refuses a revoked certificate on every peer once the CRL is published', async () => {
    await points.submitTransaction('OpenAccount');
    expect(JSON.parse(Buffer.from(await points.evaluateTransaction('GetAccount', supplierId)).toString())).toMatchObject({
      msp: 'RetailMSP',
      role: 'supplier',
    });

    const revocation = await ca.revoke(registrar, supplierId, 'keycompromise');
    expect(revocation.revokedCertificates.length).toBeGreaterThan(0);
    const before = await height('peer0-retail');
    await net('publish-crl', 'retail');
    // `peer channel update` returns once ordering accepted the update; the peer commits it soon after.
    await eventually(async () => {
      expect(await height('peer0-retail')).toBeGreaterThan(before);
    });

    await expect(points.evaluateTransaction('GetAccount', supplierId)).rejects.toThrow();
    await expect(points.submitTransaction('RebalanceLanes', uniqueId('after-revocation'))).rejects.toThrow();
  });

  it('publishes an unchanged CRL without another configuration block', async () => {
    const before = await height('peer0-retail');
    const output = await net('publish-crl', 'retail');
    expect(output).toContain('already carries this CRL');
    expect(await height('peer0-retail')).toBe(before);
  });
});
