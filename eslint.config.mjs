// Shared lint rules for every TypeScript workspace.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Module boundaries of the chaincode (chaincode/README.md, "Layout"): each module of
// chaincode/src depends on the shared base in src/ledger/ and on no other module; the points
// module's services reach the others only through the interfaces ledger/platform.ts and
// ledger/points-book.ts, bound once by the composition root src/index.ts. The base imports no
// module. The core rule suffices for flat module directories and needs no plugin.
const CHAINCODE_MODULES = ['points', 'josp', 'coupons', 'shelf', 'audit', 'system'];
const MODULE_MESSAGE =
  'a chaincode module imports src/ledger/ and its own files only; the points module serves the others through ledger/platform.ts and ledger/points-book.ts';

/** Forbids the files of one directory of chaincode/src to import the given sibling directories and the entry point. */
function chaincodeBoundary(directory, forbidden, message) {
  const group = forbidden.flatMap((sibling) => [`../${sibling}`, `../${sibling}/**`]);
  // The entry point is the composition root: nothing below it may import it.
  const entry = { regex: '^\\.\\.(/index)?$', message: 'only the chaincode server loads src/index.ts' };
  return {
    files: [`chaincode/src/${directory}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }, entry] }] },
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.loulan/**', 'bin/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  // Benchmarks are command-line programs whose output is the figures they print.
  { files: ['bench/**/*.ts'], rules: { 'no-console': 'off' } },
  ...CHAINCODE_MODULES.map((module) =>
    chaincodeBoundary(
      module,
      CHAINCODE_MODULES.filter((other) => other !== module),
      MODULE_MESSAGE,
    ),
  ),
  chaincodeBoundary('ledger', CHAINCODE_MODULES, 'src/ledger/ is the shared base of every chaincode module and imports none of them'),
);
