import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elfDynamicExports, isNapiAddon, runtimeAddons } from './native-addons';

const root = join(import.meta.dirname, '../../..');

describe('native addons in the runtime dependencies', () => {
  it('are all N-API, so one build loads in Node and in Electron', () => {
    const addons = runtimeAddons(root);
    const packages = addons.map((file) => relative(join(root, 'node_modules'), file).split('/').slice(0, 2).join('/'));
    // The walk finds the addons the server and the core load (else it proves nothing).
    for (const expected of ['@libsql/', '@node-rs/argon2-', '@napi-rs/keyring-']) expect(packages.some((name) => name.startsWith(expected))).toBe(true);
    expect(addons.filter((file) => !isNapiAddon(file)).map((file) => relative(root, file))).toEqual([]);
  });

  describe('the check itself, on shared objects built here', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-addons-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const build = (name: string, source: string) => {
      writeFileSync(join(dir, `${name}.c`), source);
      execFileSync('cc', ['-shared', '-fPIC', '-o', join(dir, `${name}.node`), join(dir, `${name}.c`)]);
      return join(dir, `${name}.node`);
    };

    it('accepts an addon that defines napi_register_module_v1', () => {
      const file = build('napi', 'void *napi_register_module_v1(void *env, void *exports) { return exports; }\n');
      expect(elfDynamicExports(file)).toContain('napi_register_module_v1');
      expect(isNapiAddon(file)).toBe(true);
    });

    it('refuses one built for a single ABI, even if it names the N-API entry without defining it', () => {
      const file = build(
        'abi',
        'extern void *napi_register_module_v1(void *, void *);\nvoid *node_register_module_v115(void *exports) { return napi_register_module_v1(0, exports); }\n',
      );
      expect(elfDynamicExports(file)).toContain('node_register_module_v115');
      expect(isNapiAddon(file)).toBe(false);
    });
  });
});
