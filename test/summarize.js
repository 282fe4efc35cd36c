#!/usr/bin/env node
// Prints one closing line over every Jest JSON result file in a directory, e.g.
// "tests: 180 passed, 0 failed, 0 skipped", and exits non-zero when any test failed
// or no test ran at all.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: summarize.js RESULTS_DIR');
  process.exit(2);
}
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
  const result = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  totals.passed += result.numPassedTests;
  totals.failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
  totals.skipped += result.numPendingTests + result.numTodoTests;
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
