import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { DeviceStateStore } from '../../../src/main/core/offline/device-state-store';
import { toBase64Url } from '../../../src/shared/crypto/bytes';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';

const LOCAL = '0b7c6f5e-3a2d-4c1b-9e8f-7a6b5c4d3e2f';
const ACCOUNT = 'A1B2C3';
const key = (fill = 7) => SecretBytes.copyOf(new Uint8Array(32).fill(fill));
const state = { accountId: ACCOUNT, signPublicKey: new Uint8Array(32).fill(1), listCounter: 3, vaults: new Map([[toBase64Url(new Uint8Array(16).fill(2)), new Map([[toBase64Url(new Uint8Array(16).fill(3)), 5]])]]) };

let root: string;
beforeAll(initCrypto);
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('device state store', () => {
  it('writes one owner-only sealed file per account and reads it back, also from a new store (a restart)', async () => {
    root = mkdtempSync(join(tmpdir(), 'latchkey-state-'));
    await new DeviceStateStore(join(root, 'device-state')).write(LOCAL, key(), () => state);
    const path = join(root, 'device-state', `${LOCAL}.bin`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'device-state')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([1, 0x0c]));
    const read = await new DeviceStateStore(join(root, 'device-state')).read(LOCAL, key(), ACCOUNT);
    expect(read).toMatchObject({ accountId: ACCOUNT, listCounter: 3 });
    expect([...read!.vaults.values()][0]!.get(toBase64Url(new Uint8Array(16).fill(3)))).toBe(5);
  });

  it('reads as nothing seen when missing, under another key, or damaged', async () => {
    root = mkdtempSync(join(tmpdir(), 'latchkey-state-'));
    const store = new DeviceStateStore(root);
    expect(await store.read(LOCAL, key(), ACCOUNT)).toBeNull();
    await store.write(LOCAL, key(), () => state);
    expect(await store.read(LOCAL, key(8), ACCOUNT)).toBeNull();
    writeFileSync(join(root, `${LOCAL}.bin`), 'garbage');
    expect(await store.read(LOCAL, key(), ACCOUNT)).toBeNull();
  });
});
