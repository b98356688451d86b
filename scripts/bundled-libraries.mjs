import { dirname, join } from 'node:path';

// How the Node bundles that start often are built with their libraries bundled in: the import parser's worker (a worker
// starts for each file opened; scripts/build-main.mjs, and bench/import-kdbx.ts, which times what the hosts run) and the
// command line (a process per command). Loading the libraries from node_modules at each start, the ESM loader resolving
// each and reading every CommonJS library's source for its exports, cost about as much CPU again as the bundled code
// (the import worker: 407–549 ms of start-up CPU before, 169–272 ms after; `latchkey unlock`: 2.9 s of CPU before,
// 2.3 s after at 10,000 items). Native addons stay outside, and so do pino (its transports start workers from files)
// and the DejaVu fonts (read from their package's folder).
/**
 * zod with its English messages only. zod's namespace (`z.locales`) carries its messages in every language it has, nearly
 * two fifths of its source, which each start of a bundle parses: the English ones are the only ones ever used (zod sets
 * them itself, and the app never calls `z.config` with another). Here `z.locales` holds only `en`.
 */
const zodInEnglish = {
  name: 'zod-in-english',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, loader: 'js', resolveDir: dirname(args.path) }));
  },
};

export const bundledLibraries = {
  bundle: true,
  plugins: [zodInEnglish],
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['@node-rs/argon2', '@napi-rs/keyring', 'libsql', 'pg', 'pino', 'dejavu-fonts-ttf'],
  // The CommonJS libraries bundled in call require() for Node's own modules.
  banner: { js: "import { createRequire as latchkeyCreateRequire } from 'node:module'; const require = latchkeyCreateRequire(import.meta.url);" },
};

export const importWorkerBuild = { ...bundledLibraries, entryPoints: ['src/main/core/transfer/import/parse-entry.ts'] };

/**
 * The command line, the package's `latchkey` bin (package.json), as built (scripts/build-main.mjs) and as its tests run it
 * (tests/integration/cli): split, so a command loads the main core and the embedded server only when it uses them.
 */
export const cliBuild = {
  ...bundledLibraries,
  entryPoints: { cli: 'src/main/cli/main.ts' },
  splitting: true,
  chunkNames: 'cli-chunks/[name]-[hash]',
  // A library's ES module build where it has one: a CommonJS library loaded with import() from a split chunk gives only
  // its default export, so `const { dictionary } = await import('@zxcvbn-ts/language-en')` would find nothing.
  mainFields: ['module', 'main'],
  banner: { js: `#!/usr/bin/env node\n${bundledLibraries.banner.js}` },
};
