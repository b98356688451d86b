// Types of bundled-libraries.mjs, for the TypeScript that imports it (bench/import-kdbx.ts, tests/integration/cli).
import type { BuildOptions } from 'esbuild';

export declare const bundledLibraries: BuildOptions & { banner: { js: string } };
export declare const importWorkerBuild: BuildOptions & { entryPoints: [string] };
export declare const cliBuild: BuildOptions;
