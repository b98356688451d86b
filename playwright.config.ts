import { defineConfig } from '@playwright/test';
import { electronBinary } from './tests/e2e/support/launch-app';

// The same specs run against each host that can run here. The Electron host needs its
// binary (ELECTRON_OVERRIDE_DIST_PATH); without it, that project is left out and we say so.
const hosts = electronBinary() ? ['browser', 'electron'] : ['browser'];
// Said once, by the runner, not again by each worker.
if (!electronBinary() && process.env.TEST_WORKER_INDEX === undefined) console.log('e2e: no Electron binary (ELECTRON_OVERRIDE_DIST_PATH unset): the Electron-host project is not run and not counted.');

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  globalSetup: './tests/e2e/support/global-setup.ts',
  // Each test starts its own app and Chromium: one at a time on two cores.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  forbidOnly: !!process.env.CI,
  projects: hosts.map((host) => ({ name: `${host}-host`, metadata: { host } })),
});
