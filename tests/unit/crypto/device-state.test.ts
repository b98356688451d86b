import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { openDeviceState, sealDeviceState } from '../../../src/main/core/offline/device-state-store';
import { toBase64Url } from '../../../src/shared/crypto/bytes';
import { DeviceStateError, encodeDeviceState, parseDeviceState, type DeviceState } from '../../../src/shared/crypto/device-state';
import { EnvelopeError, DecryptionError } from '../../../src/shared/crypto/errors';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { thrownBy } from '../../support/thrown';

const ACCOUNT = 'A1B2C3';
const idOf = (byte: number) => toBase64Url(new Uint8Array(16).fill(byte));
const signKey = new Uint8Array(32).fill(9);

function stateOf(listCounter = 4): DeviceState {
  return {
    accountId: ACCOUNT,
    signPublicKey: signKey,
    listCounter,
    vaults: new Map([
      [idOf(2), new Map([[idOf(5), 3], [idOf(4), 1]])],
      [idOf(1), new Map()],
    ]),
  };
}

beforeAll(initCrypto);

describe('device state record layout', () => {
  it('encodes canonically (vaults and items in id order) and parses back', () => {
    const bytes = encodeDeviceState(stateOf());
    expect(bytes.length).toBe(49 + 2 * 26 + 2 * 30);
    expect(bytes[0]).toBe(1);
    const parsed = parseDeviceState(bytes);
    expect(parsed).toMatchObject({ accountId: ACCOUNT, listCounter: 4 });
    expect([...parsed.vaults.keys()]).toEqual([idOf(1), idOf(2)]);
    expect([...parsed.vaults.get(idOf(2))!]).toEqual([[idOf(4), 1], [idOf(5), 3]]);
    expect(encodeDeviceState(parsed)).toEqual(bytes);
  });

  it('encodes and parses back a vault of 100,000 items', () => {
    const items = new Map(Array.from({ length: 100_000 }, (_, n) => [toBase64Url(Uint8Array.from({ length: 16 }, (_, i) => (i < 4 ? (n >> (8 * i)) & 0xff : 7))), 1 + (n % 5)]));
    const bytes = encodeDeviceState({ ...stateOf(), vaults: new Map([[idOf(1), items]]) });
    expect(bytes.length).toBe(49 + 26 + 100_000 * 30);
    expect(parseDeviceState(bytes).vaults.get(idOf(1))).toEqual(items);
  });

  it('refuses states it could not parse back, each with a coded error', () => {
    const bad: DeviceState[] = [
      { ...stateOf(), accountId: 'a1b2c3' },
      { ...stateOf(), signPublicKey: new Uint8Array(31) },
      { ...stateOf(), listCounter: -1 },
      { ...stateOf(), listCounter: 2 ** 53 },
      { ...stateOf(), vaults: new Map([['not-an-id', new Map()]]) },
      { ...stateOf(), vaults: new Map([[idOf(1), new Map([[idOf(2), 0]])]]) },
      { ...stateOf(), vaults: new Map([[idOf(1), new Map([['x', 1]])]]) },
    ];
    for (const candidate of bad) expect(thrownBy(() => encodeDeviceState(candidate))).toMatchObject({ code: 'DEVICE_STATE_INVALID' });
  });

  it('refuses a record out of order, with trailing bytes, cut short or of another version', () => {
    const bytes = encodeDeviceState(stateOf());
    const swapped = bytes.slice();
    swapped.set(bytes.subarray(49, 49 + 22), 49 + 26);
    swapped.set(bytes.subarray(49 + 26, 49 + 48), 49);
    const cases = [Uint8Array.of(...bytes, 0), bytes.subarray(0, bytes.length - 1), Uint8Array.of(2, ...bytes.subarray(1)), swapped, new Uint8Array(0)];
    for (const candidate of cases) expect(thrownBy(() => parseDeviceState(candidate))).toBeInstanceOf(DeviceStateError);
  });

  it('fuzz: random bytes either fail with a coded error or are exactly the canonical encoding of what they parse to', () => {
    const header = encodeDeviceState(stateOf());
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(header.length), (random, keep) => {
        const bytes = Uint8Array.of(...header.subarray(0, keep), ...random);
        let parsed: DeviceState | undefined;
        try {
          parsed = parseDeviceState(bytes);
        } catch (error) {
          if (!(error instanceof DeviceStateError)) throw error;
        }
        if (parsed) expect(encodeDeviceState(parsed)).toEqual(bytes);
      }),
      { numRuns: 100_000 },
    );
  });
});

describe('device state record envelope (0x0C)', () => {
  const accountKey = () => SecretBytes.copyOf(new Uint8Array(32).fill(7));

  it('opens only under the same account key and account id', () => {
    const sealed = sealDeviceState(accountKey(), stateOf());
    expect(sealed[0]).toBe(1);
    expect(sealed[1]).toBe(0x0c);
    expect(openDeviceState(accountKey(), ACCOUNT, sealed).listCounter).toBe(4);
    expect(thrownBy(() => openDeviceState(SecretBytes.copyOf(new Uint8Array(32).fill(8)), ACCOUNT, sealed))).toBeInstanceOf(DecryptionError);
    expect(thrownBy(() => openDeviceState(accountKey(), 'A1B2C4', sealed))).toBeInstanceOf(DecryptionError);
  });

  it('fuzz: a tampered record never opens and only fails with a coded error', () => {
    const sealed = sealDeviceState(accountKey(), stateOf());
    const key = accountKey();
    fc.assert(
      fc.property(fc.nat(sealed.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const bytes = sealed.slice();
        bytes[at] = bytes[at]! ^ flip;
        const error = thrownBy(() => openDeviceState(key, ACCOUNT, bytes));
        expect(error instanceof EnvelopeError || error instanceof DecryptionError).toBe(true);
      }),
      { numRuns: 100_000 },
    );
  });
});
