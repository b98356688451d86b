// Bundles everything that is not the renderer (Vite builds that): the three hosts (Electron, browser, command line), the two
// preloads, the standalone server, and the worker entries (embedded server, import parser).
// Libraries stay external for the hosts' Node bundles (native modules load from node_modules), but are bundled into the
// command line and the import worker; the preloads are self-contained because Electron's sandboxed preload and a page
// init script cannot load modules.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { cliBuild, importWorkerBuild } from './bundled-libraries.mjs';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };
const preload = { ...common, platform: 'browser', target: 'chrome140', minify: true };
const node = { ...common, platform: 'node', target: 'node20', packages: 'external' };

// The command line's chunks are named by their hash: an earlier build's would stay beside them.
rmSync('dist/main/cli-chunks', { recursive: true, force: true });

await Promise.all([
  build({ ...node, entryPoints: ['src/main/browser/main.ts'], format: 'esm', outfile: 'dist/main/browser.js' }),
  // The update feed is fixed when the app is built (electron-builder publishes to the same LATCHKEY_UPDATE_URL).
  build({ ...node, entryPoints: ['src/main/electron/main.ts'], format: 'esm', outfile: 'dist/main/electron.js', define: { 'process.env.LATCHKEY_UPDATE_URL': JSON.stringify(process.env.LATCHKEY_UPDATE_URL ?? '') } }),
  // The command line, a process per command (bundled-libraries.mjs).
  build({ ...common, ...cliBuild, outdir: 'dist/main' }),
  build({ ...node, entryPoints: ['src/server/cli.ts'], format: 'esm', outfile: 'dist/server/cli.js' }),
  // The embedded server, started by both hosts off their main thread (a worker thread, a utilityProcess).
  build({ ...node, entryPoints: ['src/server/embedded-entry.ts'], format: 'esm', outfile: 'dist/server/embedded.js' }),
  // The import parser, run by both hosts in a worker thread beside their bundle, its libraries bundled in (bundled-libraries.mjs).
  build({ ...importWorkerBuild, sourcemap: true, logLevel: 'warning', legalComments: 'none', outfile: 'dist/main/import-worker.js' }),
  build({ ...preload, entryPoints: ['src/main/preload/electron.ts'], format: 'cjs', external: ['electron'], outfile: 'dist/preload/electron.cjs' }),
  build({ ...preload, entryPoints: ['src/main/preload/browser.ts'], format: 'iife', outfile: 'dist/preload/browser.js' }),
]);
