// `npm test`: the one gate. Type-checks, lints, builds, runs the unit tests
// (vitest) and the end-to-end tests (Playwright in Debian's Chromium through
// the browser host), then prints `N passed, N failed` alone on the last line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedStages = [];

function run(stage, command, args) {
  process.stdout.write(`\n── ${stage} ──\n`);
  const started = Date.now();
  const outcome = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = outcome.status === 0;
  process.stdout.write(`── ${stage}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s ──\n`);
  if (!ok) failedStages.push(stage);
  return ok;
}

/** A stage that is one check (types, lint, build) counts as one test. */
function check(stage, command, args) {
  const ok = run(stage, command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

check('typecheck', bin('tsc'), ['-b']);
check('lint', bin('eslint'), ['.']);
const built = check('build', process.execPath, [join(root, 'scripts', 'build.mjs')]);

const unitReport = join(results, 'unit-results.json');
rmSync(unitReport, { force: true });
const unitOk = run('unit tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${unitReport}`]);
const unit = readJson(unitReport);
if (unit === null) {
  totals.failed += 1;
} else {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  totals.skipped += unit.numPendingTests + unit.numTodoTests;
  if (!unitOk && unit.numFailedTests === 0) totals.failed += 1; // a crash outside any test
}

const e2eReport = join(results, 'e2e-results.json');
rmSync(e2eReport, { force: true });
if (built) {
  const e2eOk = run('end-to-end tests', bin('playwright'), ['test']);
  const e2e = existsSync(e2eReport) ? readJson(e2eReport) : null;
  if (e2e === null) {
    totals.failed += 1;
  } else {
    totals.passed += e2e.stats.expected + e2e.stats.flaky;
    totals.failed += e2e.stats.unexpected;
    totals.skipped += e2e.stats.skipped;
    if (!e2eOk && e2e.stats.unexpected === 0) totals.failed += 1;
  }
} else {
  process.stdout.write('\n── end-to-end tests: not run, the build failed ──\n');
  totals.failed += 1;
}

process.stdout.write(`\n${failedStages.length === 0 ? 'All stages passed.' : `Failed stages: ${failedStages.join(', ')}.`}`);
process.stdout.write(totals.skipped > 0 ? ` ${totals.skipped} skipped (each says why above).\n` : '\n');
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
process.exitCode = totals.failed === 0 ? 0 : 1;
