/**
 * What a command-line process loads before it answers (scripts/bundled-libraries.mjs): the command line is built
 * exactly as it ships, with esbuild's metafile, and the modules each start reaches through static imports are walked.
 * The heavy libraries load with their first use (import()), not with every command: a read (`item list`, `item get`)
 * reaches neither the server nor OPAQUE, and the main core itself reaches neither pdf-lib, kdbxweb, zxcvbn nor the
 * WebAuthn library.
 */
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBuild } from '../../../scripts/bundled-libraries.mjs';

let inputs: Metafile['inputs'];

beforeAll(async () => {
  const result = await build({ ...cliBuild, outdir: 'test-results/cli-start-up', write: false, metafile: true, logLevel: 'error' });
  inputs = result.metafile.inputs;
}, 60_000);

/** Every module `entries` reach through static imports (what loads before their code runs). */
function staticallyReached(...entries: string[]): string[] {
  const reached = new Set(entries);
  const queue = [...entries];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    expect(inputs[file], `${file} is in the build`).toBeDefined();
    for (const { path, kind } of inputs[file]!.imports) {
      if (kind !== 'import-statement' || reached.has(path) || !(path in inputs)) continue;
      reached.add(path);
      queue.push(path);
    }
  }
  return [...reached];
}

const libraries = (modules: string[], pattern: RegExp) => [...new Set(modules.filter((path) => pattern.test(path)).map((path) => path.match(/node_modules\/((@[^/]+\/)?[^/]+)/)![1]))];

describe('the command line’s start-up', () => {
  it('a read (the offline cache) loads neither the server nor OPAQUE, Argon2, pdf-lib, kdbxweb or zxcvbn', () => {
    const read = staticallyReached('src/main/cli/main.ts', 'src/main/cli/cached-vaults.ts');
    expect(libraries(read, /node_modules\/libsodium-wrappers\//)).toEqual(['libsodium-wrappers']);
    expect(read.some((path) => path.startsWith('src/server/'))).toBe(false);
    expect(libraries(read, /node_modules\/(@serenity-kit|pdf-lib|@pdf-lib|kdbxweb|@zxcvbn-ts|fastify|kysely|@simplewebauthn)/)).toEqual([]);
    // The native Argon2 addon is external to the bundle: reached only through an import() of its first derivation.
    const argon2Imports = read.flatMap((path) => inputs[path]!.imports.filter((entry) => entry.path === '@node-rs/argon2'));
    expect(argon2Imports.map((entry) => entry.kind)).toEqual(['dynamic-import']);
  });

  it('the main core and the embedded server load pdf-lib, kdbxweb, zxcvbn and WebAuthn only when first used', () => {
    const core = staticallyReached('src/main/core/app/start.ts', 'src/server/index.ts');
    expect(libraries(core, /node_modules\/fastify\//)).toEqual(['fastify']);
    expect(libraries(core, /node_modules\/(pdf-lib|@pdf-lib|kdbxweb|@zxcvbn-ts|@simplewebauthn)/)).toEqual([]);
    // Each is still in the build, behind an import() of its first use.
    const all = Object.keys(inputs);
    expect(libraries(all, /node_modules\//)).toEqual(expect.arrayContaining(['@pdf-lib/fontkit', '@simplewebauthn/server', '@zxcvbn-ts/core', 'kdbxweb', 'pdf-lib']));
  });

  it('carries zod’s English messages only, not its every language', () => {
    // The one module in place of zod's list of languages (its namespace 'zod-locales'), and the English messages it names.
    const locales = Object.keys(inputs).filter((path) => /zod\/v4\/locales\//.test(path));
    expect(locales.sort()).toEqual(['node_modules/zod/v4/locales/en.js', expect.stringMatching(/^zod-locales:.*node_modules\/zod\/v4\/locales\/en\.js$/)]);
    expect(Object.keys(inputs).some((path) => path.endsWith('node_modules/zod/v4/classic/schemas.js'))).toBe(true);
  });
});
