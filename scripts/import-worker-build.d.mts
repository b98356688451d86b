import type { BuildOptions } from 'esbuild';

export declare const importWorkerBuild: BuildOptions & { entryPoints: [string] };
