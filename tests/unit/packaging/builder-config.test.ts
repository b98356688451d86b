/**
 * The release configuration, checked against electron-builder's own JSON schema (the one its
 * app-builder-lib ships and validates with) by a real validator, and for the choices the
 * release depends on: the inspect fuse off, signed updates from an HTTPS feed set by the
 * environment, the latchkey:// protocol, the browser host and playwright-core left out, and the
 * icons and entitlements it names present in the repo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
/** The parts of the configuration these tests read (the schema check reads all of it). */
interface BuilderConfig {
  electronFuses: Record<string, boolean>;
  publish: Record<string, unknown>;
  protocols: unknown[];
  files: string[];
  mac: { icon: string; entitlements: string } & Record<string, unknown>;
  win: { icon: string; verifyUpdateCodeSignature: boolean };
  linux: { maintainer: string; desktop: { entry: Record<string, string> } };
  deb: { depends: string[] };
}
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;

/** Compiled with the options electron-builder's own validator uses (app-builder-lib/out/util/config/schemaValidator.js). */
function validator() {
  return new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(schema);
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", () => {
    const validate = validator();
    expect(validate(config), JSON.stringify(validate.errors, null, 1)).toBe(true);
  });

  it('the schema check catches a mistake', () => {
    const validate = validator();
    expect(validate({ ...config, mac: { ...config.mac, hardenedRuntime: 'yes' } })).toBe(false);
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, inspect: false } })).toBe(false);
  });

  it('turns the inspect fuse off, and every other fuse the app does not need', () => {
    expect(config.electronFuses).toMatchObject({ enableNodeCliInspectArguments: false, runAsNode: false, enableNodeOptionsEnvironmentVariable: false, onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true });
  });

  it('publishes updates to a generic feed whose URL the environment gives, and installs only signed ones', () => {
    expect(config.publish).toMatchObject({ provider: 'generic', url: '${env.LATCHKEY_UPDATE_URL}' });
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true, entitlements: 'assets/entitlements.mac.plist' });
  });

  it('declares latchkey:// links, deb and AppImage metadata with libsecret, and a maintainer', () => {
    expect(config.protocols).toEqual([{ name: 'Latchkey link', schemes: ['latchkey'] }]);
    expect(config.deb.depends).toContain('libsecret-1-0');
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
    expect(config.linux.desktop.entry.MimeType).toContain('x-scheme-handler/latchkey');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg).toMatchObject({ homepage: expect.stringMatching(/^https:\/\//), license: expect.any(String), author: { name: expect.any(String), email: expect.stringContaining('@') } });
  });

  it('leaves the browser host, the standalone server and playwright-core out of the packaged app', () => {
    expect(config.files).toEqual(expect.arrayContaining(['!dist/main/browser.js', '!dist/preload/browser.js', '!dist/server/**', '!**/node_modules/playwright-core/**']));
  });

  it('names icons and entitlements that exist in the repo', () => {
    for (const file of [config.mac.icon, config.win.icon, config.mac.entitlements, 'assets/icon.png', 'assets/icons/32x32.png', 'assets/icons/512x512.png']) expect(existsSync(file), file).toBe(true);
  });
});
