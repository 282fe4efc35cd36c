/**
 * Jest's asymmetric matchers, typed `unknown`. @types/jest types them `any`, which the type-aware lint
 * rules refuse inside an expected object; each of these is exactly `expect`'s matcher of the same name.
 */
export const match = {
  /** Any value made by the constructor `type` (`expect.any`). */
  any: (type: unknown): unknown => expect.any(type),
  /** A string that contains `part` (`expect.stringContaining`). */
  stringContaining: (part: string): unknown => expect.stringContaining(part),
  /** A string that matches `pattern` (`expect.stringMatching`). */
  stringMatching: (pattern: string | RegExp): unknown => expect.stringMatching(pattern),
};
