/** Integration tests: one real network, so files run one at a time (--runInBand). */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/integration'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 240000,
  // @loulan/protocol from its sources, as tsconfig.json's paths do.
  moduleNameMapper: { '^@loulan/protocol$': '<rootDir>/../protocol/src' },
};
