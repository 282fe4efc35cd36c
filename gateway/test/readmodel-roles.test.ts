import request from 'supertest';

import { createApp } from '../src/app';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../src/readmodel/sqlite-store';
import { openDatabase } from '../src/storage/database';
import { fakeFabric, memoryLogger, testConfig } from './support/fakes';
import { fakeMembers, testMember } from './support/members-fixtures';

const members = {
  'auditor-key': testMember({ memberId: 'aud', role: 'auditor', account: null }),
  'retail-auditor-key': testMember({ memberId: 'raud', org: 'retail', mspId: 'RetailMSP', role: 'auditor', account: null }),
  'admin-key': testMember({ memberId: 'platform-admin', role: 'admin', account: 'treasury', isOrgAdmin: true }),
  'retail-admin-key': testMember({
    memberId: 'retail-admin',
    org: 'retail',
    mspId: 'RetailMSP',
    role: 'org-admin',
    account: null,
    isOrgAdmin: true,
  }),
};
const as = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}` });

function appWith(rebuilds: number[]): ReturnType<typeof createApp> {
  const store = new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS));
  return createApp({
    fabric: fakeFabric(),
    logger: memoryLogger().logger,
    config: testConfig(),
    members: fakeMembers(members),
    readModel: {
      store,
      control: { latestBlock: () => null, rebuild: async () => void rebuilds.push(1), onApplied: () => () => undefined },
    },
  });
}

describe('read model roles', () => {
  it('lets auditors of every organisation and the platform admin read', async () => {
    const app = appWith([]);

    for (const key of ['auditor-key', 'retail-auditor-key', 'admin-key']) {
      expect((await request(app).get('/v1/readmodel/status').set(as(key))).status).toBe(200);
    }
  });

  it('refuses a retail org admin every read: it may not see other organisations\u2019 accounts', async () => {
    const response = await request(appWith([])).get('/v1/readmodel/status').set(as('retail-admin-key'));

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'FORBIDDEN', message: 'the read model is for auditors and the platform admin' });
  });

  it('lets the platform admin alone rebuild; an auditor or an org admin gets 403 and nothing is rebuilt', async () => {
    const rebuilds: number[] = [];
    const app = appWith(rebuilds);

    const auditor = await request(app).post('/v1/readmodel/rebuild').set(as('auditor-key'));
    const orgAdmin = await request(app).post('/v1/readmodel/rebuild').set(as('retail-admin-key'));
    expect(rebuilds).toEqual([]);
    const admin = await request(app).post('/v1/readmodel/rebuild').set(as('admin-key'));

    expect(auditor.status).toBe(403);
    expect(auditor.body).toMatchObject({ code: 'FORBIDDEN', message: 'only the platform admin may rebuild the read model' });
    expect(orgAdmin.status).toBe(403);
    expect(admin.status).toBe(202);
    expect(rebuilds).toEqual([1]);
  });
});
