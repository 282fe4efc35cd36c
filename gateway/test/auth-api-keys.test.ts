import { API_KEY_PREFIX, generateApiKey, hashApiKey, isApiKeyFormat } from '../src/auth/api-keys';
import { LruCache } from '../src/auth/lru-cache';

describe('API keys', () => {
  it('are llk_ and 32 random bytes in hex', () => {
    const key = generateApiKey();

    expect(key).toMatch(/^llk_[0-9a-f]{64}$/);
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(isApiKeyFormat(key)).toBe(true);
    expect(generateApiKey()).not.toBe(key);
  });

  it('are recognised by shape only', () => {
    expect(isApiKeyFormat(`llk_${'a'.repeat(64)}`)).toBe(true);
    expect(isApiKeyFormat(`llk_${'A'.repeat(64)}`)).toBe(false);
    expect(isApiKeyFormat(`llk_${'a'.repeat(63)}`)).toBe(false);
    expect(isApiKeyFormat('a'.repeat(68))).toBe(false);
  });

  it('are stored as their SHA-256 in hex', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);

    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('needs a positive capacity', () => {
    expect(() => new LruCache(0)).toThrow(/positive integer/);
  });
});
