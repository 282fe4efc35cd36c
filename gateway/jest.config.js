/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // The explorer's browser modules import each other as './x.js' (ES modules); jest loads the .ts file.
  // @loulan/protocol from its sources, as tsconfig.json's paths do, so unit tests need no build first.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^@loulan/protocol$': '<rootDir>/../protocol/src' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
};
