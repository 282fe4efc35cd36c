import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { AuthenticatedMember } from '../../src/auth/authenticated-member';
import { UnauthenticatedError } from '../../src/errors';
import { messageSigner } from '../../src/fabric/signing';
import type { Members } from '../../src/members/open-members';
import { type Database, openDatabase } from '../../src/storage/database';
import { KeyRing } from '../../src/storage/key-ring';

/** An authenticated member with a working throw-away signer. */
export function testMember(overrides: Partial<AuthenticatedMember> = {}): AuthenticatedMember {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    memberId: 'alice',
    org: 'platform',
    mspId: 'PlatformMSP',
    role: 'consumer',
    account: 'alice',
    isOrgAdmin: false,
    keyId: 'key_00000000000000a1',
    identity: { mspId: 'PlatformMSP', credentials: Buffer.from('-----BEGIN CERTIFICATE-----\n') },
    signer: messageSigner(privateKey),
    ...overrides,
  };
}

/**
 * A members module for app tests: `members` maps API keys to the members they authenticate;
 * registration and key administration are refused unless `register` or `admin` are given.
 */
export function fakeMembers(
  members: Readonly<Record<string, AuthenticatedMember>> = {},
  register: Members['registrar']['register'] = () => Promise.reject(new Error('register not stubbed')),
  admin: Partial<Members['admin']> = {},
): Members {
  const notStubbed = (): Promise<never> => Promise.reject(new Error('member administration not stubbed'));
  return {
    authenticator: {
      authenticate: (apiKey) => {
        const member = Object.hasOwn(members, apiKey) ? members[apiKey] : undefined;
        return member === undefined ? Promise.reject(new UnauthenticatedError('invalid API key')) : Promise.resolve(member);
      },
    },
    registrar: { register },
    admin: { listKeys: notStubbed, issueKey: notStubbed, revokeKey: notStubbed, disable: notStubbed, ...admin },
    isEnabled: (memberId) => Promise.resolve(Object.values(members).some((member) => member.memberId === memberId)),
    keyRing: testKeyRing(),
  };
}

/** A fresh SQLite database file in a temporary directory. */
export function tempDatabase(): { db: Database; file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'loulan-members-test-'));
  const file = join(dir, 'gateway.db');
  return { db: openDatabase(file), file, dir };
}

/** A key ring with a fixed test key (never a real one). */
export function testKeyRing(fill = 7): KeyRing {
  return new KeyRing([Buffer.alloc(32, fill)]);
}
