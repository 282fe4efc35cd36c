import { decodeJson } from '../../src/ledger/args';
import { NotFoundError } from '../../src/ledger/errors';
import { stateKey } from '../../src/ledger/keys';
import { count, listOf, nested, oneOf, record, text, textOrNull } from '../../src/ledger/schema';
import { recordStore } from '../../src/ledger/store';
import { expectLedgerError } from '../support/failure';
import { FakeLedger } from '../support/fake-ledger';

type Tag = { readonly label: string };
type Sample = {
  readonly id: string;
  readonly note: string | null;
  readonly size: number;
  readonly state: 'OPEN' | 'SHUT';
  readonly tags: readonly Tag[];
  readonly owner: Tag;
};

const parseTag = record<Tag>('tag', { label: text });
const parseSample = record<Sample>('sample', {
  id: text,
  note: textOrNull,
  size: count,
  state: oneOf(['OPEN', 'SHUT'] as const),
  tags: listOf(parseTag),
  owner: nested(parseTag),
});
const SAMPLE: Sample = { id: 'm1', note: null, size: 3, state: 'OPEN', tags: [{ label: 'a' }], owner: { label: 'o' } };

describe('record (ledger/schema.ts)', () => {
  it('checks every field of the shape and keeps nothing else', () => {
    expect(parseSample({ ...SAMPLE, extra: 'dropped' })).toEqual(SAMPLE);
  });

  it.each([
    ['a missing field', { ...SAMPLE, id: undefined }, 'sample.id is not a string'],
    ['a negative count', { ...SAMPLE, size: -1 }, 'sample.size is not an integer from 0'],
    ['a value outside the allowed ones', { ...SAMPLE, state: 'AJAR' }, 'state is not one of OPEN, SHUT'],
    ['a bad list item', { ...SAMPLE, tags: [{ label: 7 }] }, 'tag.label is not a string'],
    ['a bad nested record', { ...SAMPLE, owner: 'o' }, 'tag is not an object'],
    ['a value that is no object', 'm1', 'sample is not an object'],
  ])('refuses %s', (_what, value, message) => {
    expect(() => parseSample(value)).toThrow(message);
  });
});

describe('recordStore (ledger/store.ts)', () => {
  const samples = recordStore('marker', parseSample, { noun: 'sample', absent: 'is not filed' });

  it('writes canonical JSON under the key type and reads it back checked', async () => {
    const ledger = new FakeLedger();
    const writer = ledger.stub();
    await samples.write(writer, SAMPLE, 'm1');
    ledger.commit(writer);
    const key = stateKey(ledger.stub(), 'marker', 'm1');
    expect(Buffer.from(ledger.read(key) ?? '').toString('utf8')).toBe(
      '{"id":"m1","note":null,"owner":{"label":"o"},"size":3,"state":"OPEN","tags":[{"label":"a"}]}',
    );
    expect(await samples.read(ledger.stub(), 'm1')).toEqual(SAMPLE);
    expect(await samples.read(ledger.stub(), 'm2')).toBeUndefined();
  });

  it('requires a record by a client id: NOT_FOUND names the argument, a bad id is INVALID_ARGUMENT', async () => {
    const ledger = new FakeLedger();
    await expect(samples.require(ledger.stub(), 'sampleId', 'm9')).rejects.toBeInstanceOf(NotFoundError);
    expect(await expectLedgerError(() => samples.require(ledger.stub(), 'sampleId', 'm9'))).toEqual({
      code: 'NOT_FOUND',
      message: 'sample m9 is not filed',
      details: { sampleId: 'm9' },
    });
    expect(await expectLedgerError(() => samples.require(ledger.stub(), 'sampleId', 'bad id'))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'sampleId' },
    });
  });

  it('pages and reads all the records under leading key parts, and removes one', async () => {
    const ledger = new FakeLedger();
    const writer = ledger.stub();
    for (const id of ['a', 'b', 'c']) {
      await samples.write(writer, { ...SAMPLE, id }, 'shelf-1', id);
    }
    await samples.write(writer, { ...SAMPLE, id: 'z' }, 'shelf-2', 'z');
    ledger.commit(writer);
    const first = await samples.page(ledger.stub(), 2, '', 'shelf-1');
    expect(first.items.map((item) => item.id)).toEqual(['a', 'b']);
    const second = await samples.page(ledger.stub(), 2, first.bookmark, 'shelf-1');
    expect(second).toEqual({ items: [{ ...SAMPLE, id: 'c' }], bookmark: '' });
    expect((await samples.all(ledger.stub(), 'shelf-1')).map((item) => item.id)).toEqual(['a', 'b', 'c']);

    const remover = ledger.stub();
    await samples.remove(remover, 'shelf-1', 'b');
    ledger.commit(remover);
    expect((await samples.all(ledger.stub())).map((item) => item.id)).toEqual(['a', 'c', 'z']);
  });
});

describe('decodeJson (ledger/args.ts)', () => {
  it('decodes JSON text and answers undefined for anything else', () => {
    expect(decodeJson('{"a":[1,null]}')).toEqual({ a: [1, null] });
    expect(decodeJson('null')).toBeNull();
    expect(decodeJson('{"a":')).toBeUndefined();
    expect(decodeJson(42)).toBeUndefined();
  });
});

describe('platform (ledger/platform.ts)', () => {
  it('refuses to serve before the composition root bound the points module', async () => {
    await jest.isolateModulesAsync(async () => {
      // A fresh copy of the module, as it is before src/index.ts runs.
      const fresh = await import('../../src/ledger/platform');
      expect(() => fresh.platform()).toThrow('no platform is bound');
    });
  });

  it('is bound to the points module by src/index.ts', async () => {
    const { platform } = await import('../../src/ledger/platform');
    const { pointsPlatform } = await import('../../src/points/platform');
    expect(platform()).toBe(pointsPlatform);
  });
});
