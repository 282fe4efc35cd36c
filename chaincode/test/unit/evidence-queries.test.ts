import { EvidenceDriver, sha256Of } from '../support/evidence';
import { ADMIN, AUDITOR, consumer, merchant } from '../support/points';

const SHOP = merchant('evq-shop');
const OTHER_SHOP = merchant('evq-shop-2');
const ALICE = consumer('evq-alice');
const NOW = '2025-03-10T04:00:00.000Z';

/** Five receipts notarised by SHOP, one contract by OTHER_SHOP. */
async function notarised(): Promise<{ d: EvidenceDriver; receipts: string[] }> {
  const d = new EvidenceDriver(NOW);
  const receipts = ['r1', 'r2', 'r3', 'r4', 'r5'].map((name) => sha256Of(`receipt ${name}`));
  for (const [index, sha256] of receipts.entries()) {
    await d.notarise(SHOP, `r-${index}`, { sha256, kind: 'receipt' });
  }
  await d.notarise(OTHER_SHOP, 'c-1', { sha256: sha256Of('other contract'), kind: 'contract' });
  return { d, receipts };
}

describe('evidence: reads', () => {
  it("pages a recorder's own records oldest first, every record once, with bookmarks", async () => {
    const { d, receipts } = await notarised();
    const seen: string[] = [];
    let bookmark = '';
    let pages = 0;
    do {
      const page = await d.submit(SHOP, (c, ctx) => c.ListEvidence(ctx, 'evq-shop', '2', bookmark));
      const items = page.items as { sha256: string; recorder: string }[];
      expect(items.length).toBeLessThanOrEqual(2);
      expect(items.every((item) => item.recorder === 'evq-shop')).toBe(true);
      seen.push(...items.map((item) => item.sha256));
      bookmark = String(page.bookmark);
      pages += 1;
    } while (bookmark !== '' && pages < 10);
    expect(seen).toEqual(receipts);
  });

  it("lets the platform admin and auditors list anyone's records, and refuses other members", async () => {
    const { d } = await notarised();
    for (const as of [ADMIN, AUDITOR]) {
      const page = await d.submit(as, (c, ctx) => c.ListEvidence(ctx, 'evq-shop-2', '10', ''));
      expect(page).toMatchObject({ items: [{ kind: 'contract', recorder: 'evq-shop-2' }], bookmark: '' });
    }
    for (const as of [SHOP, ALICE]) {
      expect(await d.fail(as, (c, ctx) => c.ListEvidence(ctx, 'evq-shop-2', '10', ''))).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it("refuses a bookmark of another recorder's list and a page size out of range", async () => {
    const { d } = await notarised();
    const page = await d.submit(AUDITOR, (c, ctx) => c.ListEvidence(ctx, 'evq-shop', '1', ''));
    const foreign = await d.fail(AUDITOR, (c, ctx) => c.ListEvidence(ctx, 'evq-shop-2', '1', String(page.bookmark)));
    expect(foreign).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'bookmark' } });
    expect(await d.fail(SHOP, (c, ctx) => c.ListEvidence(ctx, 'evq-shop', '101', ''))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'pageSize' },
    });
  });

  it('lets any member read a record by its hash; an unknown hash is NOT_FOUND, a malformed one INVALID_ARGUMENT', async () => {
    const { d, receipts } = await notarised();
    const [first = ''] = receipts;
    expect(await d.submit(ALICE, (c, ctx) => c.GetEvidence(ctx, first))).toMatchObject({ sha256: first, recorder: 'evq-shop' });
    expect(await d.fail(ALICE, (c, ctx) => c.GetEvidence(ctx, sha256Of('never notarised')))).toMatchObject({
      code: 'NOT_FOUND',
      details: { sha256: sha256Of('never notarised') },
    });
    expect(await d.fail(ALICE, (c, ctx) => c.GetEvidence(ctx, 'abc'))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'sha256' },
    });
  });
});
