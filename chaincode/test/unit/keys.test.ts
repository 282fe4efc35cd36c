import { parseLedgerError } from '@loulan/protocol';

import { displayKey, isValidKeyPart, type KeyType, requireKeyPart, stateKey } from '../../src/ledger/keys';
import { FakeLedger } from '../support/fake-ledger';
import { match } from '../support/matchers';

const stub = new FakeLedger().stub();

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return parseLedgerError((error as Error).message)?.code;
  }
  return undefined;
}

describe('stateKey', () => {
  it('builds a Fabric composite key with \\u0000 delimiters', () => {
    expect(stateKey(stub, 'marker', 'm-1')).toBe('\u0000marker\u0000m-1\u0000');
    expect(stateKey(stub, 'marker', 'a', 'b.c')).toBe('\u0000marker\u0000a\u0000b.c\u0000');
    expect(displayKey(stateKey(stub, 'marker', 'a', 'b'))).toBe('marker~a~b');
  });

  it.each([
    ['empty', ''],
    ['control character', 'm\u0001'],
    ['NUL delimiter', 'a\u0000b'],
    ['newline', 'm\n'],
    ['129 characters', 'a'.repeat(129)],
    ['leading dot', '.hidden'],
    ['leading dash', '-x'],
    ['space', 'a b'],
    ['tilde', 'a~b'],
    ['non-ASCII', 'café'],
  ])('rejects a part that is %s with INVALID_ARGUMENT', (_label, part) => {
    expect(isValidKeyPart(part)).toBe(false);
    expect(codeOf(() => stateKey(stub, 'marker', part))).toBe('INVALID_ARGUMENT');
  });

  it('accepts 128 characters of the allowed set', () => {
    const part = `A0${'._:@-z9'.repeat(18)}`.slice(0, 128);
    expect(part).toHaveLength(128);
    expect(isValidKeyPart(part)).toBe(true);
  });

  it('rejects a key without parts or with an unregistered type', () => {
    expect(codeOf(() => stateKey(stub, 'marker'))).toBe('INVALID_ARGUMENT');
    // Simulates a call from untyped code.
    expect(codeOf(() => stateKey(stub, 'points' as KeyType, 'p1'))).toBe('INVALID_ARGUMENT');
  });
});

describe('requireKeyPart', () => {
  it('names the field and never echoes the value', () => {
    let message = '';
    try {
      requireKeyPart('bad\u0007id', 'markerId');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(parseLedgerError(message)).toEqual({
      code: 'INVALID_ARGUMENT',
      message: match.stringContaining('markerId'),
      details: { field: 'markerId', length: 6 },
    });
    expect(message).not.toContain('bad');
  });

  it('rejects non-strings', () => {
    expect(codeOf(() => requireKeyPart(42, 'markerId'))).toBe('INVALID_ARGUMENT');
  });
});
