import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { rolesIssuedBy } from '@loulan/protocol';

import { CouponsContract } from '../src/coupons/contract';
import { DEFAULT_MATCH_BUDGET } from '../src/coupons/matcher';
import { loadMatchBudget, loadMatchSchedule, scheduleMatching } from '../src/coupons/schedule';
import { CouponMatcher } from '../src/coupons/service';
import type { MembersConfig } from '../src/members/config';
import { fakeFabric, jsonBytes } from './support/fakes';
import { testMember } from './support/members-fixtures';

const members: MembersConfig = {
  dbFile: 'x.db',
  masterKeyFile: 'k',
  orgs: [
    {
      name: 'platform',
      mspId: 'PlatformMSP',
      caUrl: 'https://ca',
      caTlsCertFile: 'c',
      adminCertFile: 'c',
      adminKeyFile: 'k',
      adminApiKeyFile: '/keys/platform',
      roles: rolesIssuedBy('PlatformMSP'),
    },
  ],
};

describe('scheduled coupon matching', () => {
  afterEach(() => jest.useRealTimers());

  it('is off by default and submits as the platform admin when on', () => {
    expect(loadMatchSchedule({}, members)).toEqual({ intervalMs: 0, apiKeyFile: '/keys/platform' });
    expect(loadMatchSchedule({ LOULAN_COUPONS_MATCH_INTERVAL_MS: '', LOULAN_COUPONS_MATCH_API_KEY_FILE: '' }, members)).toEqual({
      intervalMs: 0,
      apiKeyFile: '/keys/platform',
    });
    expect(loadMatchSchedule({ LOULAN_COUPONS_MATCH_INTERVAL_MS: '60000', LOULAN_COUPONS_MATCH_API_KEY_FILE: '/k' }, members)).toEqual({
      intervalMs: 60_000,
      apiKeyFile: '/k',
    });
  });

  it.each(['500', '-1', '1e4', 'soon'])('refuses the interval %s', (value) => {
    expect(() => loadMatchSchedule({ LOULAN_COUPONS_MATCH_INTERVAL_MS: value }, members)).toThrow(/LOULAN_COUPONS_MATCH_INTERVAL_MS/);
  });

  it('budgets every run with the defaults, or with the configured time and candidates', () => {
    expect(loadMatchBudget({})).toEqual(DEFAULT_MATCH_BUDGET);
    expect(loadMatchBudget({ LOULAN_COUPONS_MATCH_TIME_BUDGET_MS: '', LOULAN_COUPONS_MATCH_CANDIDATE_BUDGET: '' })).toEqual(
      DEFAULT_MATCH_BUDGET,
    );
    expect(loadMatchBudget({ LOULAN_COUPONS_MATCH_TIME_BUDGET_MS: '750', LOULAN_COUPONS_MATCH_CANDIDATE_BUDGET: '2000000' })).toEqual({
      timeMs: 750,
      candidates: 2_000_000,
    });
  });

  it.each([
    ['LOULAN_COUPONS_MATCH_TIME_BUDGET_MS', '99'],
    ['LOULAN_COUPONS_MATCH_TIME_BUDGET_MS', '600001'],
    ['LOULAN_COUPONS_MATCH_TIME_BUDGET_MS', '1e3'],
    ['LOULAN_COUPONS_MATCH_CANDIDATE_BUDGET', '999'],
    ['LOULAN_COUPONS_MATCH_CANDIDATE_BUDGET', '-5000'],
    ['LOULAN_COUPONS_MATCH_CANDIDATE_BUDGET', 'lots'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadMatchBudget({ [name]: value })).toThrow(name);
  });

  it('runs the matcher at every interval under the configured member, until stopped', async () => {
    jest.useFakeTimers();
    const dir = mkdtempSync(join(tmpdir(), 'match-'));
    writeFileSync(join(dir, 'key'), 'the-key\n');
    const evaluate = jest.fn().mockResolvedValue(jsonBytes({ items: [], bookmark: '' }));
    const matcher = new CouponMatcher(new CouponsContract(fakeFabric({ evaluate })));
    const keys: string[] = [];
    const stop = scheduleMatching(
      matcher,
      { intervalMs: 1_000, apiKeyFile: join(dir, 'key') },
      async (key) => {
        keys.push(key);
        return testMember();
      },
      (err) => {
        throw err;
      },
    );

    await jest.advanceTimersByTimeAsync(2_500);
    stop();
    await jest.advanceTimersByTimeAsync(5_000);

    expect(keys).toEqual(['the-key', 'the-key']);
    expect(evaluate).toHaveBeenCalledTimes(2);
  });
});
