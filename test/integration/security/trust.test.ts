/**
 * Attacks between member organisations, reproduced on the real network and refused with
 * balances unchanged (docs/security.md): a cross-org account claim at enrolment and with a
 * certificate issued directly by a CA, a proposal timed an hour ahead, and redemptions against
 * orders the merchant did not record for the caller.
 */
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as grpc from '@grpc/grpc-js';
import { connect, type Gateway, type Signer, signers } from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProtos, peer } from '@hyperledger/fabric-protos';

import { HttpFabricCaClient } from '../../../gateway/src/members/ca-client';
import { gatewayEnv } from '../../support/fabric';
import { STATE_DIR } from '../../support/network';
import { newKey, numberField, orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';
import { orgEndpoint } from '../../support/topology';

jest.setTimeout(180_000);

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));
const bankAdmin = new RestClient(orgAdminKey('bank'));

const shopId = uniqueId('sec-shop');
const aliceId = uniqueId('sec-alice');
const malloryId = uniqueId('sec-mallory');
let shop: RestClient;
let alice: RestClient;
let mallory: RestClient;

/** The rejection of a Fabric call that the chaincode refused with `code`: an error detail whose message holds that code. */
function refusedWith(code: string): Record<string, unknown> {
  const detail: Record<string, unknown> = { message: expect.stringContaining(`"code":"${code}"`) };
  return { details: expect.arrayContaining([expect.objectContaining(detail)]) };
}

async function balance(account: string): Promise<number> {
  return numberField((await platformAdmin.get(`/v1/points/accounts/${account}/balance`)).body, 'balance');
}

/** A Fabric Gateway connection to the platform peer that signs with the given certificate and key. */
function connectWith(mspId: string, certificatePem: string, signer: Signer): { gateway: Gateway; client: grpc.Client } {
  const tls = grpc.credentials.createSsl(readFileSync(join(STATE_DIR, 'ca', 'platform', 'ca-cert.pem')));
  const client = new grpc.Client(orgEndpoint('platform', 'PEER_PLATFORM_PORT'), tls, {
    'grpc.ssl_target_name_override': 'peer0.platform.loulan',
  });
  const gateway = connect({ client, identity: { mspId, credentials: Buffer.from(certificatePem) }, signer });
  return { gateway, client };
}

function platformAdminSigner(): { certificatePem: string; signer: Signer } {
  const msp = join(STATE_DIR, 'crypto', 'platform', 'users/admin/msp');
  return {
    certificatePem: readFileSync(join(msp, 'signcerts/cert.pem'), 'utf8'),
    signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(join(msp, 'keystore/key.pem')))),
  };
}

beforeAll(async () => {
  shop = await registerMember(retailAdmin, shopId, 'merchant');
  alice = await registerMember(platformAdmin, aliceId, 'consumer');
  mallory = await registerMember(platformAdmin, malloryId, 'consumer');
  const registered = await platformAdmin.post('/v1/points/merchants', { merchantId: shopId, name: 'Trust shop', region: 'Suzhou' });
  expect(registered.status).toBe(200);
  expect((await platformAdmin.post('/v1/points/transfers', { to: malloryId, points: 1_000 })).status).toBe(200);
});

describe('accounts belong to the org that opened them', () => {
  it('refuses a bank member claiming a retail merchant account at enrolment, and nothing moves', async () => {
    const before = await balance(shopId);
    const claim = await bankAdmin.post('/v1/members', { memberId: uniqueId('b-x'), role: 'bank', account: shopId });
    expect(claim).toMatchObject({ status: 409, body: { code: 'ACCOUNT_HELD' } });
    expect(await balance(shopId)).toBe(before);
  });

  it('refuses a certificate the bank CA issued directly naming the merchant account', async () => {
    const env = gatewayEnv();
    const ca = new HttpFabricCaClient({
      url: env.LOULAN_ORG_BANK_CA_URL ?? '',
      tlsRootPem: readFileSync(env.LOULAN_ORG_BANK_CA_TLS_CERT_FILE ?? '', 'utf8'),
    });
    const registrar = {
      certificatePem: readFileSync(env.LOULAN_ORG_BANK_ADMIN_CERT_FILE ?? '', 'utf8'),
      privateKey: createPrivateKey(readFileSync(env.LOULAN_ORG_BANK_ADMIN_KEY_FILE ?? '')),
    };
    const enrollmentId = uniqueId('forged');
    const secret = randomBytes(16).toString('hex');
    await ca.register(registrar, {
      enrollmentId,
      secret,
      type: 'client',
      attributes: [
        { name: 'loulan.role', value: 'bank', ecert: true },
        { name: 'loulan.account', value: shopId, ecert: true },
      ],
    });
    const forged = await ca.enroll(enrollmentId, secret);
    const { gateway, client } = connectWith(
      'BankMSP',
      forged.certificatePem,
      signers.newPrivateKeySigner(createPrivateKey(forged.privateKeyPem)),
    );
    const before = await balance(shopId);
    try {
      const contract = gateway.getNetwork(env.LOULAN_CHANNEL ?? 'loulan').getContract(env.LOULAN_CHAINCODE ?? 'loulan', 'points');
      await expect(contract.submitTransaction('Transfer', uniqueId('loot'), malloryId, '5000')).rejects.toMatchObject(
        refusedWith('FORBIDDEN'),
      );
      await expect(contract.submitTransaction('OpenAccount')).rejects.toMatchObject(refusedWith('ACCOUNT_HELD'));
    } finally {
      gateway.close();
      client.close();
    }
    expect(await balance(shopId)).toBe(before);
  });
});

describe('transaction time is bounded by the endorsers\u2019 clocks', () => {
  it('refuses a proposal timed an hour ahead with TIME_SKEW and mints nothing', async () => {
    const { certificatePem, signer } = platformAdminSigner();
    const { gateway, client } = connectWith('PlatformMSP', certificatePem, signer);
    const env = gatewayEnv();
    const supplyBefore = (await platformAdmin.get('/v1/points/invariant')).body;
    try {
      const contract = gateway.getNetwork(env.LOULAN_CHANNEL ?? 'loulan').getContract(env.LOULAN_CHAINCODE ?? 'loulan', 'points');
      const unsigned = contract.newProposal('Mint', { arguments: [uniqueId('future-mint'), '1000000'] });
      const proposed = gatewayProtos.ProposedTransaction.deserializeBinary(unsigned.getBytes());
      const signedProposal = proposed.getProposal() ?? new peer.SignedProposal();
      const proposal = peer.Proposal.deserializeBinary(signedProposal.getProposalBytes_asU8());
      const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
      const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
      const timestamp = channelHeader.getTimestamp();
      timestamp?.setSeconds(timestamp.getSeconds() + 3_600);
      channelHeader.setTimestamp(timestamp);
      header.setChannelHeader(channelHeader.serializeBinary());
      proposal.setHeader(header.serializeBinary());
      const proposalBytes = proposal.serializeBinary();
      signedProposal.setProposalBytes(proposalBytes);
      proposed.setProposal(signedProposal);
      const signature = await signer(createHash('sha256').update(proposalBytes).digest());

      const future = gateway.newSignedProposal(proposed.serializeBinary(), signature);
      await expect(future.endorse()).rejects.toMatchObject(refusedWith('TIME_SKEW'));
    } finally {
      gateway.close();
      client.close();
    }
    expect((await platformAdmin.get('/v1/points/invariant')).body).toMatchObject({
      minted: supplyBefore.minted,
      burned: supplyBefore.burned,
    });
  });
});

describe('redemptions are bound to the merchant\u2019s order', () => {
  it('caps points at the merchant\u2019s amount and lets only the order\u2019s consumer take its slot', async () => {
    const orderId = uniqueId('sec-order');
    const recorded = await shop.post('/v1/points/purchases', { orderId, consumer: aliceId, amountFen: 2_000 });
    expect(recorded.status).toBe(200);
    const [malloryBefore, shopBefore] = [await balance(malloryId), await balance(shopId)];

    const inflated = await alice.post(
      '/v1/points/redemptions',
      { merchantId: shopId, orderId, points: 1_001 },
      { idempotencyKey: newKey() },
    );
    expect(inflated).toMatchObject({ status: 422, body: { code: 'REDEMPTION_CAP_EXCEEDED', details: { capFen: 1_000 } } });
    const foreign = await mallory.post('/v1/points/redemptions', { merchantId: shopId, orderId, points: 100 });
    expect(foreign).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const invented = await mallory.post('/v1/points/redemptions', { merchantId: shopId, orderId: uniqueId('no-order'), points: 100 });
    expect(invented).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });

    expect(await balance(malloryId)).toBe(malloryBefore);
    expect(await balance(shopId)).toBe(shopBefore);
  });
});
