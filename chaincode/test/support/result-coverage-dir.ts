/**
 * Where the test files of one Jest run record which write results they checked: a directory the
 * run's global setup makes and names in this environment variable, which the workers inherit.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The environment variable naming the directory. */
export const RESULT_COVERAGE_DIR = 'LOULAN_RESULT_COVERAGE_DIR';

/** Jest global setup: makes the run's directory. */
export default function makeResultCoverageDir(): void {
  process.env[RESULT_COVERAGE_DIR] = mkdtempSync(join(tmpdir(), 'loulan-result-coverage-'));
}
