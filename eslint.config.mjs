// Shared lint rules for every TypeScript workspace.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

// Module boundaries of the chaincode (chaincode/README.md, "Layout"): each module of
// chaincode/src depends on the shared base in src/ledger/ and on no other module; the points
// module's services reach the others only through the interfaces ledger/platform.ts and
// ledger/points-book.ts, bound once by the composition root src/index.ts. The base imports no
// module. The core rule suffices for flat module directories and needs no plugin.
const CHAINCODE_MODULES = ['points', 'josp', 'coupons', 'shelf', 'audit', 'system', 'evidence'];
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

// Module boundaries of the gateway (gateway/README.md): the business modules of gateway/src share
// the base (http/, contract/, fabric/, errors, config) and import none of each other; the audit
// module reads the points and coupons ledgers through their typed contract clients, named here.
const GATEWAY_MODULES = ['points', 'josp', 'coupons', 'shelf', 'audit', 'evidence', 'system'];
const GATEWAY_NAMED_INTERFACES = { audit: ['../points/contract', '../coupons/contract'] };

/** Forbids a gateway business module to import the others, except the named interfaces it may use. */
function gatewayBoundary(module) {
  const allowed = GATEWAY_NAMED_INTERFACES[module] ?? [];
  // A directory pattern would exclude the named files too (gitignore semantics): where a module
  // has a named interface, its files are excluded one level down and the interface re-included.
  const group = GATEWAY_MODULES.filter((other) => other !== module).flatMap((other) =>
    allowed.some((path) => path.startsWith(`../${other}/`)) ? [`../${other}/*`] : [`../${other}`, `../${other}/**`],
  );
  return {
    files: [`gateway/src/${module}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...group, ...allowed.map((path) => `!${path}`)],
              message:
                'a gateway module imports the shared base and its own files; the audit module reads points and coupons through their contract.ts',
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.loulan/**', 'bin/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  // Type-aware: every file is checked with the types of the workspace that owns it.
  ...tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Numbers and bigints print exactly in a template; objects, nullish values and unions of them do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Stores, fakes and transaction functions implement async interfaces without awaiting:
      // `async` keeps a throw a rejection, which is what their callers handle.
      '@typescript-eslint/require-await': 'off',
      // Small functions (DEVELOPERS.md): a branchier function is split into named steps.
      complexity: ['error', 12],
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
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
  ...GATEWAY_MODULES.map(gatewayBoundary),
  // Formatting is prettier's (checked by `make lint`); last, so that no rule above fights it.
  prettier,
);
