/**
 * The layer rules of docs/architecture (see README, "Layers"): a file's folder says which
 * process it runs in and what it may import. `npm run layers` checks them; so does `npm test`.
 * Type-only imports are allowed where a run-time import is not (they vanish when compiled).
 * DOM globals are kept out of src/shared and Node's types out of src/renderer by each
 * layer's tsconfig (lib and types), since globals are not imports.
 */
const runtime = { dependencyTypesNot: ['type-only'] };
// Libraries resolve to node_modules, which may sit above the checked folder.
const lib = '(\\.\\./)*node_modules/';

module.exports = {
  forbidden: [
    {
      name: 'shared-stays-pure',
      comment: 'src/shared runs anywhere: it imports only src/shared and libraries, never Node built-ins or electron.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { pathNot: `^(src/shared/|${lib})` },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-no-electron',
      comment: 'Not even a type-only import: src/shared is the part a non-Electron client could reuse.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: `^(electron$|${lib}electron/)` },
    },
    {
      name: 'electron-only-in-electron-host-and-preload',
      comment: "Loading 'electron' downloads its binary on these machines; only src/main/electron and src/main/preload may load it at run time.",
      severity: 'error',
      from: { pathNot: '^src/main/(electron|preload)/' },
      to: { path: `^(electron$|${lib}electron/)`, ...runtime },
    },
    {
      name: 'renderer-reaches-main-only-through-the-preload-api',
      comment: 'The renderer imports src/renderer, src/shared and browser libraries; it reaches the main process only through window.latchkey.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { pathNot: `^(src/renderer/|src/shared/|${lib})` },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'preload-imports-only-shared-and-electron',
      severity: 'error',
      from: { path: '^src/main/preload/' },
      to: { pathNot: `^(src/main/preload/|src/shared/|${lib}(zod|electron)/|electron$)` },
    },
    {
      name: 'preload-no-node-builtins',
      severity: 'error',
      from: { path: '^src/main/preload/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'server-imports-only-shared',
      comment: 'The sync server is its own program: src/shared and libraries only.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(main|renderer)/' },
    },
    {
      name: 'core-stays-host-neutral',
      comment: 'src/main/core runs in every host: it may not import a host, a preload, the renderer or the server.',
      severity: 'error',
      from: { path: '^src/main/core/' },
      to: { path: '^src/(main/(electron|browser|cli|preload)|renderer|server)/' },
    },
    {
      name: 'hosts-run-the-server-apart',
      comment: 'The hosts run the embedded server off their main thread from its built entry (src/server/embedded-entry.ts) and import nothing of src/server.',
      severity: 'error',
      from: { path: '^src/main/(electron|browser)/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'cli-uses-only-the-server-entry-point',
      comment: 'The command line has no window to keep responsive and lives for one command: it starts the embedded server in-process through src/server/index.ts and imports nothing else of it.',
      severity: 'error',
      from: { path: '^src/main/cli/' },
      to: { path: '^src/server/', pathNot: '^src/server/index\\.ts$' },
    },
    {
      name: 'hosts-stay-apart',
      severity: 'error',
      from: { path: '^src/main/(electron|browser)/' },
      to: { path: '^src/(renderer|main/preload)/' },
    },
    {
      name: 'cli-host-has-no-window',
      comment: 'The command line (src/main/cli) runs the main core with no window: no Electron, renderer, preload, other host or browser driver in its import graph, not even type-only.',
      severity: 'error',
      from: { path: '^src/main/cli/' },
      to: { path: `^(src/(renderer|main/(preload|browser|electron))/|${lib}(playwright-core|playwright|electron)/|electron$|playwright-core$)` },
    },
    {
      name: 'hosts-not-in-each-other',
      comment: 'The window hosts do not import the command line.',
      severity: 'error',
      from: { path: '^src/main/(electron|browser)/' },
      to: { path: '^src/main/cli/' },
    },
    {
      name: 'browser-host-not-in-electron',
      severity: 'error',
      from: { path: '^src/main/electron/' },
      to: { path: `^(src/main/browser/|${lib}playwright-core/)` },
    },
    {
      name: 'electron-host-not-in-browser',
      severity: 'error',
      from: { path: '^src/main/browser/' },
      to: { path: '^src/main/electron/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'] },
    exclude: { path: '\\.d\\.ts$' },
  },
};
