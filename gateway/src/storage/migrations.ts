import { ROLES_BY_MSP } from '@loulan/protocol';

import { ORG_ADMIN_ROLE, PLATFORM_ADMIN_ROLE } from '../members/roles';
import { type Database, type Migration, sqlMigration } from './database';

/**
 * The storage module's own schema: members, their API keys and their pending registrations.
 *
 * A registration row exists from the moment a member is asked for until its certificate is stored;
 * it keeps the (encrypted) enrolment secret so a registration interrupted by a crash or a CA outage
 * can be resumed instead of leaving the member id unusable.
 */
export const CORE_MIGRATIONS: readonly Migration[] = [
  sqlMigration(
    'members/001-members-and-registrations',
    `
        CREATE TABLE members (
          member_id TEXT PRIMARY KEY,
          org TEXT NOT NULL,
          msp_id TEXT NOT NULL,
          role TEXT NOT NULL,
          account TEXT,
          is_org_admin INTEGER NOT NULL CHECK (is_org_admin IN (0, 1)),
          certificate_pem TEXT NOT NULL,
          encrypted_private_key TEXT NOT NULL,
          api_key_hash TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE member_registrations (
          member_id TEXT PRIMARY KEY,
          org TEXT NOT NULL,
          msp_id TEXT NOT NULL,
          role TEXT NOT NULL,
          account TEXT,
          encrypted_secret TEXT NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;
      `,
  ),
  // An account belongs to one member: a second member for a held account would let two
  // organisations' identities act for it (the ledger refuses that too; this refuses it first).
  sqlMigration(
    'members/002-one-member-per-account',
    `
        CREATE UNIQUE INDEX members_account ON members (account) WHERE account IS NOT NULL;
        CREATE UNIQUE INDEX member_registrations_account ON member_registrations (account) WHERE account IS NOT NULL;
      `,
  ),
  // A member may hold several API keys (rotation with a grace period) and each can be revoked on
  // its own, so keys move to a table of their own; a member can be disabled, and the revocation of
  // its certificate at the org CA is recorded so a failed CA call can be repeated.
  // SQLite cannot drop a UNIQUE column, hence the copy; nothing references `members` yet, so the
  // old table can go once the keys table points at the new one (the rename carries the reference).
  sqlMigration(
    'members/003-api-keys-and-disabled-members',
    `
        CREATE TABLE members_next (
          member_id TEXT PRIMARY KEY,
          org TEXT NOT NULL,
          msp_id TEXT NOT NULL,
          role TEXT NOT NULL,
          account TEXT,
          is_org_admin INTEGER NOT NULL CHECK (is_org_admin IN (0, 1)),
          certificate_pem TEXT NOT NULL,
          encrypted_private_key TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          disabled_at TEXT,
          certificate_revoked_at TEXT
        ) STRICT;
        INSERT INTO members_next (member_id, org, msp_id, role, account, is_org_admin, certificate_pem,
            encrypted_private_key, created_at, updated_at)
          SELECT member_id, org, msp_id, role, account, is_org_admin, certificate_pem, encrypted_private_key,
            created_at, updated_at
          FROM members;

        CREATE TABLE member_api_keys (
          key_id TEXT PRIMARY KEY,
          member_id TEXT NOT NULL REFERENCES members_next (member_id),
          api_key_hash TEXT NOT NULL UNIQUE,
          source TEXT NOT NULL CHECK (source IN ('configuration', 'issued')),
          created_at TEXT NOT NULL,
          expires_at TEXT,
          revoked_at TEXT
        ) STRICT;
        CREATE INDEX member_api_keys_member ON member_api_keys (member_id);
        INSERT INTO member_api_keys (key_id, member_id, api_key_hash, source, created_at)
          SELECT 'key_' || lower(hex(randomblob(8))), member_id, api_key_hash,
            CASE is_org_admin WHEN 1 THEN 'configuration' ELSE 'issued' END, updated_at
          FROM members;

        DROP TABLE members;
        ALTER TABLE members_next RENAME TO members;
        CREATE UNIQUE INDEX members_account ON members (account) WHERE account IS NOT NULL;
      `,
  ),
  {
    // Retail and bank org admins were stored with the platform role `admin`, which let them read
    // what only auditors and the platform admin may. Start-up provisioning rewrites configured
    // admins too; this also covers the admin of an organisation no longer configured.
    id: 'members/004-org-admin-role',
    up(db: Database): void {
      const adminMsps = Object.entries(ROLES_BY_MSP)
        .filter(([, roles]) => roles.includes(PLATFORM_ADMIN_ROLE))
        .map(([msp]) => msp);
      db.prepare(
        `UPDATE members SET role = ? WHERE is_org_admin = 1 AND role = ?
           AND msp_id NOT IN (SELECT value FROM json_each(?))`,
      ).run(ORG_ADMIN_ROLE, PLATFORM_ADMIN_ROLE, JSON.stringify(adminMsps));
    },
  },
];
