/**
 * The device state record on disk (docs/security-design.md §8.6): per account signed in on this
 * device, sealed under HKDF(account key, salt = account id, "latchkey/v1/device-state/key") in
 * envelope 0x0C (AAD: the account id). It lives beside the offline cache, not in it:
 *
 *   <data folder>/device-state/<account's local uuid>.bin
 *
 * so deleting or rebuilding the cache never forgets what this device has seen. Written whole to a
 * sibling and renamed (0600, folder 0700). A record that is missing, does not open or does not
 * parse reads as "nothing seen": the device cannot tell a disk error from tampering, and must not
 * stop the user from reading (the record is on the user's own disk, not the server's).
 */
import { mkdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { deviceStateAad } from '../../../shared/crypto/aad';
import { utf8 } from '../../../shared/crypto/bytes';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import { HKDF_LABELS } from '../../../shared/crypto/labels';
import { encodeDeviceState, parseDeviceState, type DeviceState } from '../../../shared/crypto/device-state';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { aeadOpen, aeadSeal } from '../crypto/aead';
import { hkdfSha256 } from '../crypto/hkdf';
import { writeFileAtomically } from '../platform/atomic-file';

const uuid = z.uuid();

export function deviceStateKey(accountKey: SecretBytes, accountId: string): Uint8Array {
  return hkdfSha256(accountKey.expose(), utf8(accountId), HKDF_LABELS.deviceStateKey, 32);
}

export function sealDeviceState(accountKey: SecretBytes, state: DeviceState, random?: (n: number) => Uint8Array): Uint8Array {
  const key = deviceStateKey(accountKey, state.accountId);
  try {
    return aeadSeal(EnvelopeKind.DeviceStateRecord, key, encodeDeviceState(state), deviceStateAad(state.accountId), random);
  } finally {
    key.fill(0);
  }
}

/** Opens and parses a record; throws EnvelopeError, DecryptionError or DeviceStateError. The account id inside must match. */
export function openDeviceState(accountKey: SecretBytes, accountId: string, envelope: Uint8Array): DeviceState {
  const key = deviceStateKey(accountKey, accountId);
  try {
    const state = parseDeviceState(aeadOpen(EnvelopeKind.DeviceStateRecord, key, envelope, deviceStateAad(accountId)));
    if (state.accountId !== accountId) throw new Error('device state of another account');
    return state;
  } finally {
    key.fill(0);
  }
}

export class DeviceStateStore {
  /** Writes per account, one after another. */
  readonly #writes = new Map<string, Promise<void>>();

  constructor(readonly root: string) {}

  /** The account's record; null when there is none or it does not open. */
  async read(localUuid: string, accountKey: SecretBytes, accountId: string): Promise<DeviceState | null> {
    await this.#writes.get(localUuid)?.catch(() => undefined);
    try {
      return openDeviceState(accountKey, accountId, await readFile(this.#path(localUuid)));
    } catch {
      return null;
    }
  }

  /** When the account's record was last written (after every sync with the server and every change): how fresh the offline cache is. Null without one. */
  async writtenAt(localUuid: string): Promise<Date | null> {
    await this.#writes.get(localUuid)?.catch(() => undefined);
    return stat(this.#path(localUuid)).then((file) => file.mtime, () => null);
  }

  /**
   * The server was asked and had nothing this device lacks (the command line's unlock, which then opens and writes nothing):
   * the record's time (writtenAt) moves to now, its contents as they are. Nothing when there is no record.
   */
  async touch(localUuid: string, now = new Date()): Promise<void> {
    await this.#writes.get(localUuid)?.catch(() => undefined);
    await utimes(this.#path(localUuid), now, now).catch(() => undefined);
  }

  /** Seals `state()` (taken when the write starts) and writes it; a failed write throws. */
  write(localUuid: string, accountKey: SecretBytes, state: () => DeviceState): Promise<void> {
    const path = this.#path(localUuid);
    const write = (this.#writes.get(localUuid) ?? Promise.resolve()).catch(() => undefined).then(async () => {
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      await writeFileAtomically(path, sealDeviceState(accountKey, state()));
    });
    this.#writes.set(localUuid, write);
    return write;
  }

  /** Forgets the account's record (at sign-out), after any write still under way. */
  async remove(localUuid: string): Promise<void> {
    await this.#writes.get(localUuid)?.catch(() => undefined);
    this.#writes.delete(localUuid);
    await rm(this.#path(localUuid), { force: true });
  }

  #path(localUuid: string): string {
    return join(this.root, `${uuid.parse(localUuid)}.bin`);
  }
}
