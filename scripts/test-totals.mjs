// Adds up the test counts of the unit/integration run (vitest) and the end-to-end run
// (Playwright) from their JSON reports, for the last line of `npm test`.
import { readFileSync } from 'node:fs';

const vitest = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
const e2e = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
const passed = vitest.numPassedTests + e2e.stats.expected;
const failed = vitest.numFailedTests + e2e.stats.unexpected + e2e.stats.flaky;
const skipped = vitest.numPendingTests + vitest.numTodoTests + e2e.stats.skipped;
console.log(`unit and integration: ${vitest.numPassedTests} passed; end-to-end: ${e2e.stats.expected} passed`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
