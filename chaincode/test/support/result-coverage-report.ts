/**
 * Jest global teardown: after a run of every test file, fails the run when a write of the
 * protocol never produced a result that a test checked against its schema, naming those writes;
 * a run of some files or tests only checks what it ran. It reads only what the test files wrote
 * (./result-coverage.ts): the protocol's sources are mapped for tests, not for this hook.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { RESULT_COVERAGE_DIR } from './result-coverage-dir';

/** What the teardown reads of Jest's global configuration. */
interface RunConfig {
  readonly rootDir: string;
  /** Set when the run was limited to tests of matching names (`-t`). */
  readonly testNamePattern?: string;
}

interface FileRecord {
  readonly testPath: string;
  /** The writes (`points:Mint`) none of whose results the file checked. */
  readonly unchecked: readonly string[];
}

/** Fails the run when it ran everything and some write went unchecked. */
export default function reportResultCoverage(globalConfig: RunConfig): void {
  const directory = process.env[RESULT_COVERAGE_DIR];
  if (directory === undefined) {
    return;
  }
  const records = readdirSync(directory).map((file) => JSON.parse(readFileSync(join(directory, file), 'utf8')) as FileRecord);
  rmSync(directory, { recursive: true, force: true });
  const ran = new Set(records.map((record) => record.testPath));
  const everything = (globalConfig.testNamePattern ?? '') === '' && testFiles(globalConfig.rootDir).every((file) => ran.has(file));
  if (!everything) {
    return;
  }
  const unchecked = records.reduce<readonly string[]>(
    (left, record) => left.filter((name) => record.unchecked.includes(name)),
    records[0]?.unchecked ?? [],
  );
  if (unchecked.length > 0) {
    throw new Error(`no unit test checked a result of these writes against its schema in @loulan/protocol: ${unchecked.join(', ')}`);
  }
}

/** Every test file under the package's test directory. */
function testFiles(rootDir: string): string[] {
  const root = join(rootDir, 'test');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(root, file));
}
