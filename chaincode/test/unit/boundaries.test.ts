import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { isJsonObject, parseJson } from '../support/json';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Lints snippets as if they were files of chaincode/src, with the repository's ESLint
 * configuration, in a child process: ESLint loads its flat configuration as an ES module,
 * which jest's module loader does not run. The snippets are not files on disk, so the project
 * service cannot type them: the type-aware rules are turned off (the boundary rule needs no
 * types), and a snippet ESLint cannot parse fails the test instead of passing with no messages.
 *
 * @param snippets - source text by path relative to the repository root
 * @returns the no-restricted-imports messages of each snippet
 */
function restrictedImports(snippets: Record<string, string>): Record<string, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    const tseslint = require('typescript-eslint');
    (async () => {
      const eslint = new ESLint({ cwd: process.argv[1], overrideConfig: tseslint.configs.disableTypeChecked });
      const answers = {};
      for (const [file, code] of Object.entries(JSON.parse(process.argv[2]))) {
        const [result] = await eslint.lintText(code, { filePath: file });
        const fatal = result.messages.find((m) => m.fatal);
        if (fatal) {
          throw new Error(file + ': ' + fatal.message);
        }
        answers[file] = result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
      }
      process.stdout.write(JSON.stringify(answers));
    })();`;
  const answers = parseJson(
    execFileSync(process.execPath, ['-e', script, ROOT, JSON.stringify(snippets)], { cwd: ROOT, encoding: 'utf8' }),
  );
  if (!isMessagesByFile(answers)) {
    throw new Error(`the lint process answered ${JSON.stringify(answers)}`);
  }
  return answers;
}

function isMessagesByFile(value: unknown): value is Record<string, string[]> {
  return (
    isJsonObject(value) && Object.values(value).every((messages) => Array.isArray(messages) && messages.every((m) => typeof m === 'string'))
  );
}

describe('chaincode module boundaries (eslint.config.mjs)', () => {
  it('lets a module import the shared base and its own files, and nothing of another module', () => {
    const found = restrictedImports({
      'chaincode/src/josp/probe-base.ts':
        "import { platform } from '../ledger/platform';\nimport { plans } from './repository';\nvoid platform; void plans;\n",
      'chaincode/src/josp/probe-points.ts': "import { merchants } from '../points/repository';\nvoid merchants;\n",
      'chaincode/src/coupons/probe-type.ts': "import type { Statement } from '../shelf/statement';\nexport type S = Statement;\n",
      'chaincode/src/points/probe-josp.ts': "import { plans } from '../josp/repository';\nvoid plans;\n",
      'chaincode/src/shelf/probe-entry.ts': "import { contracts } from '..';\nvoid contracts;\n",
      'chaincode/src/ledger/probe-points.ts': "import { LaneBook } from '../points/book';\nvoid LaneBook;\n",
    });
    expect(found['chaincode/src/josp/probe-base.ts']).toEqual([]);
    for (const file of [
      'chaincode/src/josp/probe-points.ts',
      'chaincode/src/coupons/probe-type.ts',
      'chaincode/src/points/probe-josp.ts',
      'chaincode/src/shelf/probe-entry.ts',
      'chaincode/src/ledger/probe-points.ts',
    ]) {
      expect({ file, found: found[file]?.length }).toEqual({ file, found: 1 });
    }
  });
});
