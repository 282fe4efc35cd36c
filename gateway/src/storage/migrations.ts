import type { Database, Migration } from './database';

/**
 * The storage module's own schema: members and their pending registrations.
 *
 * A registration row exists from the moment a member is asked for until its certificate is stored;
 * it keeps the (encrypted) enrolment secret so a registration interrupted by a crash or a CA outage
 * can be resumed instead of leaving the member id unusable.
 */
export const CORE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'members/001-members-and-registrations',
    up(db: Database): void {
      db.exec(`
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
      `);
    },
  },
  {
    // An account belongs to one member: a second member for a held account would let two
    // organisations' identities act for it (the ledger refuses that too; this refuses it first).
    id: 'members/002-one-member-per-account',
    up(db: Database): void {
      db.exec(`
        CREATE UNIQUE INDEX members_account ON members (account) WHERE account IS NOT NULL;
        CREATE UNIQUE INDEX member_registrations_account ON member_registrations (account) WHERE account IS NOT NULL;
      `);
    },
  },
];
