// How the import parser's worker is bundled (scripts/build-main.mjs, and bench/import-kdbx.ts, which times what the hosts
// run). Unlike the other Node bundles its libraries are bundled in: a worker starts for each file opened, and loading
// kdbxweb, xmldom and zod from node_modules at each start (the ESM loader resolving each, reading kdbxweb's CommonJS
// bundle for its exports) cost about as much CPU again as the bundled file. Only the native Argon2 stays outside.
export const importWorkerBuild = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['@node-rs/argon2'],
  // The CommonJS libraries bundled in (kdbxweb) call require() for Node's own modules.
  banner: { js: "import { createRequire as latchkeyCreateRequire } from 'node:module'; const require = latchkeyCreateRequire(import.meta.url);" },
  entryPoints: ['src/main/core/transfer/import/parse-entry.ts'],
};
