/** `make down` then `make up` keeps the ledger: same height, same state, and commits resume. */
import { connectAs, json, uniqueId } from '../../support/fabric';
import { eventually, height, net, ORDERERS, ORGS } from '../../support/network';

describe('network restart', () => {
  it('keeps every ledger across down and up', async () => {
    const before = connectAs('bank', {}, 'platform-admin');
    const markerId = uniqueId('restart');
    let heights: number[];
    try {
      await before.submit('system', 'PutMarker', [markerId, 'survives a restart']);
      heights = await eventually(async () => {
        const all = await Promise.all(ORGS.map((org) => height(`peer0-${org}`)));
        expect(new Set(all).size).toBe(1);
        return all;
      });
    } finally {
      before.close();
    }

    await net('down');
    const status = await net('status');
    expect(status).not.toMatch(/^(orderer|peer0-|ca-|cc-|gateway)\S*\s+up\b/m);
    await net('up');

    for (const org of ORGS) {
      expect(await height(`peer0-${org}`)).toBe(heights[0]);
    }
    for (const orderer of ORDERERS) {
      expect(await height(orderer)).toBeGreaterThanOrEqual(heights[0] ?? 0);
    }
    const after = connectAs('retail', {}, 'platform-admin');
    try {
      expect(json(await after.evaluate('system', 'GetMarker', [markerId]))).toMatchObject({
        markerId,
        value: 'survives a restart',
      });
      const next = await after.submit('system', 'PutMarker', [uniqueId('after-restart'), 'commits resume']);
      expect(Number(next.blockNumber)).toBeGreaterThanOrEqual(heights[0] ?? 0);
    } finally {
      after.close();
    }
  });
});
