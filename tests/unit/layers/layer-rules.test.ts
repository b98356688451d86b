/**
 * Proves the layer check (dependency-cruiser with .dependency-cruiser.cjs) catches forbidden
 * imports: each case copies the real src tree beside the repository (so node_modules
 * resolves), adds one import, and runs the same command `npm test` runs.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const repo = resolve('.');
const run = promisify(execFile);
const probes: string[] = [];

afterEach(() => {
  for (const dir of probes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the layer check on a copy of src with `line` appended to `file` (created if new); no file, no change. */
async function checkLayersWith(file = '', line = ''): Promise<{ failed: boolean; output: string }> {
  const probe = mkdtempSync(join(repo, '.layer-probe-'));
  probes.push(probe);
  cpSync(join(repo, 'src'), join(probe, 'src'), { recursive: true });
  for (const config of ['tsconfig.json', 'tsconfig.base.json']) cpSync(join(repo, config), join(probe, config));
  if (file) appendFileSync(join(probe, file), `\n${line}\n`);
  try {
    const { stdout } = await run(process.execPath, [join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', join(repo, '.dependency-cruiser.cjs')], { cwd: probe });
    return { failed: false, output: stdout };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { failed: true, output: stdout + stderr };
  }
}

describe('layer check', () => {
  it('passes on the real tree as it is', async () => {
    const result = await checkLayersWith();
    expect(result.output).toContain('no dependency violations found');
    expect(result.failed).toBe(false);
  });

  it.each([
    ['electron loaded by the main core', 'src/main/core/app/start.ts', "import 'electron';", 'electron-only-in-electron-host-and-preload'],
    ['electron loaded by the server', 'src/server/index.ts', "import { app } from 'electron'; void app;", 'electron-only-in-electron-host-and-preload'],
    ['a Node built-in in the renderer', 'src/renderer/main.tsx', "import 'node:fs';", 'renderer-no-node-builtins'],
    ['the main core imported by the renderer', 'src/renderer/main.tsx', "import '../main/core/ipc/router';", 'renderer-reaches-main-only-through-the-preload-api'],
    ['a Node built-in in src/shared', 'src/shared/version.ts', "import 'node:crypto';", 'shared-no-node-builtins'],
    ['electron in src/shared', 'src/shared/version.ts', "import 'electron';", 'electron-only-in-electron-host-and-preload'],
    ['a type-only electron import in src/shared', 'src/shared/version.ts', "import type { App } from 'electron'; export type A = App;", 'shared-no-electron'],
    ['the main core in the server', 'src/server/index.ts', "import '../main/core/ipc/router';", 'server-imports-only-shared'],
    ['server internals in a host', 'src/main/browser/main.ts', "import '../../server/database/migrations';", 'hosts-run-the-server-apart'],
    ['the server in-process in a host', 'src/main/electron/main.ts', "import '../../server/index';", 'hosts-run-the-server-apart'],
    ['a browser driver in the command line', 'src/main/cli/run.ts', "import 'playwright-core';", 'cli-host-has-no-window'],
    ['the browser host in the command line', 'src/main/cli/run.ts', "import '../browser/ports';", 'cli-host-has-no-window'],
    ['a type-only electron import in the command line', 'src/main/cli/run.ts', "import type { App } from 'electron'; export type A = App;", 'cli-host-has-no-window'],
    ['the renderer in the command line', 'src/main/cli/run.ts', "import '../../renderer/main';", 'cli-host-has-no-window'],
    ['the command line in the core', 'src/main/core/app/start.ts', "import '../../cli/exit';", 'core-stays-host-neutral'],
    ['the command line in a window host', 'src/main/browser/main.ts', "import '../cli/exit';", 'hosts-not-in-each-other'],
    ['server internals in the command line', 'src/main/cli/run.ts', "import '../../server/database/migrations';", 'cli-uses-only-the-server-entry-point'],
    ['a Node built-in in the preload', 'src/main/preload/browser.ts', "import 'node:fs';", 'preload-no-node-builtins'],
  ])('fails on %s', async (_label, file, line, rule) => {
    const result = await checkLayersWith(file, line);
    expect(result.failed).toBe(true);
    expect(result.output).toContain(rule);
  });

  it('allows a type-only import of electron outside the Electron host', async () => {
    const result = await checkLayersWith('src/main/core/electron-types.ts', "import type { App } from 'electron';\nexport type ElectronApp = App;");
    expect(result.output).toContain('no dependency violations found');
    expect(result.failed).toBe(false);
  });
});
