/**
 * Vectors of §8.6: a signed vault list and a device state record, from named inputs (the core
 * keyset and account key of vector-cases.ts; fixed ids, counters and nonce).
 */
import { expect } from 'vitest';
import { fromHex, toHex } from '../../../../src/shared/crypto/bytes';
import { deviceStateAad } from '../../../../src/shared/crypto/aad';
import { encodeDeviceState, type DeviceState } from '../../../../src/shared/crypto/device-state';
import { SecretBytes } from '../../../../src/shared/crypto/secret-bytes';
import { generateKeyset } from '../../../../src/main/core/crypto/keyset';
import { signVaultList, vaultKeyCommitment, verifyVaultList, VaultListRefusedError } from '../../../../src/main/core/crypto/signed-vault-list';
import { deviceStateKey, openDeviceState, sealDeviceState } from '../../../../src/main/core/offline/device-state-store';
import { thrownBy } from '../../../support/thrown';
import { INPUTS, scriptedRandom } from '../vector-cases';
import type { VectorSection } from './section';

const ACCOUNT_ID = 'A1B2C3';
const PRIVATE_VAULT = 'AAECAwQFBgcICQoLDA0ODw';
const SHARED_VAULT = 'EBESExQVFhcYGRobHB0eHw';
const ITEMS = ['ICEiIyQlJicoKSorLC0uLw', 'MDEyMzQ1Njc4OTo7PD0-Pw'] as const;
const NONCE = '404142434445464748494a4b4c4d4e4f5051525354555657';

const keyset = () => generateKeyset(INPUTS.keysetId, scriptedRandom(INPUTS.boxSecretKey, INPUTS.signSeed));

function signedList() {
  const ks = keyset();
  const vaultKey = SecretBytes.copyOf(fromHex(INPUTS.vaultKey));
  const list = {
    accountId: ACCOUNT_ID,
    counter: 2,
    vaults: [
      { vaultId: PRIVATE_VAULT, kind: 'private' as const, role: 'owner' as const, keyCommitment: vaultKeyCommitment(vaultKey, PRIVATE_VAULT) },
      { vaultId: SHARED_VAULT, kind: 'shared' as const, role: 'owner' as const, keyCommitment: vaultKeyCommitment(vaultKey, SHARED_VAULT) },
    ],
  };
  return { ks, list, bytes: signVaultList(ks, list) };
}

function state(signPublicKey: Uint8Array): DeviceState {
  return { accountId: ACCOUNT_ID, signPublicKey, listCounter: 2, vaults: new Map([[PRIVATE_VAULT, new Map([[ITEMS[0], 3], [ITEMS[1], 1]])], [SHARED_VAULT, new Map()]]) };
}

export const sections: VectorSection[] = [
  {
    name: 'signedVaultList',
    compute: () => {
      const { ks, list, bytes } = signedList();
      return {
        signSeed: INPUTS.signSeed,
        vaultKey: INPUTS.vaultKey,
        accountId: ACCOUNT_ID,
        counter: list.counter,
        vaults: list.vaults.map((entry) => ({ vaultId: entry.vaultId, kind: entry.kind, role: entry.role, keyCommitment: toHex(entry.keyCommitment) })),
        signPublicKey: toHex(ks.signPublicKey),
        signedList: toHex(bytes),
      };
    },
    check: (published) => {
      const value = published as { signPublicKey: string; signedList: string; counter: number };
      const bytes = fromHex(value.signedList);
      expect(verifyVaultList(bytes, fromHex(value.signPublicKey), ACCOUNT_ID, value.counter).counter).toBe(value.counter);
      expect(thrownBy(() => verifyVaultList(bytes, fromHex(value.signPublicKey), ACCOUNT_ID, value.counter + 1))).toBeInstanceOf(VaultListRefusedError);
      const flipped = bytes.slice();
      flipped[20] = flipped[20]! ^ 1;
      expect(thrownBy(() => verifyVaultList(flipped, fromHex(value.signPublicKey), ACCOUNT_ID, 0))).toBeInstanceOf(VaultListRefusedError);
    },
  },
  {
    name: 'deviceStateRecord',
    compute: () => {
      const accountKey = SecretBytes.copyOf(fromHex(INPUTS.accountKey));
      const signPublicKey = keyset().signPublicKey;
      const record = state(signPublicKey);
      return {
        accountKey: INPUTS.accountKey,
        accountId: ACCOUNT_ID,
        signPublicKey: toHex(signPublicKey),
        listCounter: record.listCounter,
        items: { [PRIVATE_VAULT]: { [ITEMS[0]]: 3, [ITEMS[1]]: 1 }, [SHARED_VAULT]: {} },
        nonce: NONCE,
        key: toHex(deviceStateKey(accountKey, ACCOUNT_ID)),
        plaintext: toHex(encodeDeviceState(record)),
        aad: toHex(deviceStateAad(ACCOUNT_ID)),
        envelope: toHex(sealDeviceState(accountKey, record, scriptedRandom(NONCE))),
      };
    },
    check: (published) => {
      const value = published as { accountKey: string; envelope: string; plaintext: string };
      const accountKey = SecretBytes.copyOf(fromHex(value.accountKey));
      const envelope = fromHex(value.envelope);
      expect(toHex(encodeDeviceState(openDeviceState(accountKey, ACCOUNT_ID, envelope)))).toBe(value.plaintext);
      const flipped = envelope.slice();
      flipped[30] = flipped[30]! ^ 1;
      expect(thrownBy(() => openDeviceState(accountKey, ACCOUNT_ID, flipped))).toMatchObject({ code: 'DECRYPTION_FAILED' });
    },
  },
];
