import { KeyRing, parseMasterKey, SealedValueError } from '../src/storage/key-ring';

const keyA = Buffer.alloc(32, 1);
const keyB = Buffer.alloc(32, 2);

describe('KeyRing', () => {
  it('opens what it sealed, with the same context', () => {
    const ring = new KeyRing([keyA]);
    const sealed = ring.seal('-----BEGIN PRIVATE KEY-----', 'ctx');

    expect(ring.open(sealed, 'ctx').toString('utf8')).toBe('-----BEGIN PRIVATE KEY-----');
    expect(sealed).not.toContain('PRIVATE');
    expect(sealed.split('.')).toHaveLength(5);
    expect(sealed.startsWith(`v1.${ring.currentKeyId}.`)).toBe(true);
  });

  it('uses a fresh IV per value', () => {
    const ring = new KeyRing([keyA]);

    expect(ring.seal('same', 'ctx')).not.toBe(ring.seal('same', 'ctx'));
  });

  it.each([2, 3, 4])('detects tampering with part %i', (part) => {
    const ring = new KeyRing([keyA]);
    const parts = ring.seal('secret value', 'ctx').split('.');
    const bytes = Buffer.from(parts[part] ?? '', 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    parts[part] = bytes.toString('base64url');

    expect(() => ring.open(parts.join('.'), 'ctx')).toThrow(SealedValueError);
  });

  it('refuses a value sealed for another context (another member)', () => {
    const ring = new KeyRing([keyA]);

    expect(() => ring.open(ring.seal('secret', 'member:alice'), 'member:bob')).toThrow(SealedValueError);
  });

  it('refuses malformed values and unknown key ids', () => {
    const sealed = new KeyRing([keyA]).seal('secret', 'ctx');

    expect(() => new KeyRing([keyB]).open(sealed, 'ctx')).toThrow(/unknown key/);
    expect(() => new KeyRing([keyA]).open('plain text', 'ctx')).toThrow(SealedValueError);
    expect(() => new KeyRing([keyA]).open(`${sealed}.extra`, 'ctx')).toThrow(SealedValueError);
  });

  it('still opens values of an older key after a rotation, and seals with the new one', () => {
    const old = new KeyRing([keyA]).seal('secret', 'ctx');
    const rotated = new KeyRing([keyB, keyA]);

    expect(rotated.open(old, 'ctx').toString()).toBe('secret');
    expect(rotated.seal('x', 'ctx').split('.')[1]).toBe(new KeyRing([keyB]).currentKeyId);
  });

  it("reseals an older key's value under the current key, and leaves a current value unchanged", () => {
    const old = new KeyRing([keyA]).seal('secret', 'ctx');
    const rotated = new KeyRing([keyB, keyA]);

    const resealed = rotated.reseal(old, 'ctx');

    expect(resealed.split('.')[1]).toBe(rotated.currentKeyId);
    expect(new KeyRing([keyB]).open(resealed, 'ctx').toString()).toBe('secret');
    expect(rotated.reseal(resealed, 'ctx')).toBe(resealed);
  });

  it('reseals nothing that does not open: wrong context, unknown key, tampering', () => {
    const rotated = new KeyRing([keyB, keyA]);
    const current = rotated.seal('secret', 'member:alice');

    expect(() => rotated.reseal(current, 'member:bob')).toThrow(SealedValueError);
    expect(() => rotated.reseal(new KeyRing([Buffer.alloc(32, 3)]).seal('secret', 'ctx'), 'ctx')).toThrow(/unknown key/);
    const parts = current.split('.');
    const tag = Buffer.from(parts[4] ?? '', 'base64url');
    tag[0] = (tag[0] ?? 0) ^ 1;
    parts[4] = tag.toString('base64url');
    expect(() => rotated.reseal(parts.join('.'), 'member:alice')).toThrow(SealedValueError);
  });

  it('needs 32-byte keys', () => {
    expect(() => new KeyRing([])).toThrow(/at least one/);
    expect(() => new KeyRing([Buffer.alloc(16)])).toThrow(/32 bytes/);
  });
});

describe('parseMasterKey', () => {
  it('reads 64 hex digits, ignoring surrounding whitespace', () => {
    expect(parseMasterKey(`${'ab'.repeat(32)}\n`)).toEqual(Buffer.alloc(32, 0xab));
  });

  it.each(['', 'ab'.repeat(31), 'zz'.repeat(32), 'ab'.repeat(33)])('refuses %j', (content) => {
    expect(() => parseMasterKey(content)).toThrow(/64 hexadecimal digits/);
  });
});
