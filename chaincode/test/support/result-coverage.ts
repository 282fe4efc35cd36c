/**
 * Jest setup of every test file: fails a test whose writes produced a result that does not match
 * its schema (./result-schemas.ts), and records which writes the file left unchecked, for the
 * report at the end of the run (./result-coverage-report.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { RESULT_COVERAGE_DIR } from './result-coverage-dir';
import { takeMismatches, uncheckedWrites } from './result-schemas';

afterEach(() => {
  expect(takeMismatches()).toEqual([]);
});

afterAll(() => {
  const directory = process.env[RESULT_COVERAGE_DIR];
  const testPath = expect.getState().testPath;
  if (directory !== undefined && testPath !== undefined) {
    const record = { testPath, unchecked: uncheckedWrites() };
    writeFileSync(join(directory, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`), JSON.stringify(record));
  }
});
