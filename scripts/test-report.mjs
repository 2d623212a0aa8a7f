#!/usr/bin/env node
// Prints one "N passed, N failed" line per suite set and a total, and fails when a suite ran no
// test or skipped any: an integration suite that did not really run must not look green.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

let failedOverall = false;
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  const name = path.basename(file, '.json');
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.log(`${name}: no results (${file} missing): the suite did not run`);
    failedOverall = true;
    continue;
  }
  const skipped = report.numPendingTests + report.numTodoTests;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += skipped;
  console.log(
    `${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped (${report.numTotalTestSuites} files)`
  );
  if (report.numPassedTests === 0) {
    console.log(`${name}: no test passed: the suite did not really run`);
    failedOverall = true;
  }
  if (
    skipped > 0 ||
    report.numFailedTests > 0 ||
    report.numFailedTestSuites > 0 ||
    report.numRuntimeErrorTestSuites > 0
  )
    failedOverall = true;
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = failedOverall ? 1 : 0;
