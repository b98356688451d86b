/**
 * The account's keys as the sync server carries them, and back. At sign-up a fresh account
 * key and keyset are made and sealed; at sign-in and unlock they are opened again with the
 * keys derived from the password and the Secret Key (docs/security-design.md §7–8).
 * An account has one keyset, with the id "primary"; its public keys are in the AAD too.
 */
import type { AccountState, KdfDescription } from '../../../shared/server-api/account';
import type { SecretKey } from '../../../shared/crypto/secret-key';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { KdfParamsError } from '../../../shared/crypto/errors';
import { IpcError } from '../../../shared/ipc/result';
import { generateAccountKey, unwrapAccountKey, wrapAccountKey } from '../crypto/account-key';
import { deriveAccountKeys, derivePasswordHalf, type AccountKeys } from '../crypto/derivation';
import { decryptKeyset, encryptKeyset, generateKeyset, type Keyset } from '../crypto/keyset';
import { systemRandom } from '../crypto/sodium';
import { fromWire, toWire } from '../sync/wire';

export const ACCOUNT_KEYSET_ID = 'primary';

/** Said when the server's KDF description is below the floor (or above the ceiling): nothing is derived with it. */
const WEAK_KDF_MESSAGE = 'The sync server asked for key-derivation settings that Latchkey does not allow (weaker than its minimum, or beyond its maximum), so your password was not used with them and nothing was changed. Contact whoever runs your sync server.';

/** The account key and keyset of an unlocked account. */
export interface OpenAccount {
  accountKey: SecretBytes;
  keyset: Keyset;
  dispose(): void;
}

type KeyInput = { password: string; email: string; kdf: KdfDescription };

const argon2Input = ({ password, email, kdf }: KeyInput) => ({ password, email, serverSalt: fromWire(kdf.salt), params: { memoryKiB: kdf.memoryKiB, iterations: kdf.iterations, parallelism: kdf.parallelism } });

/** Kp alone (Argon2id, no Secret Key needed), so an unlock can start it before it reads the keychain. */
export function derivePasswordKey(input: KeyInput): Promise<SecretBytes> {
  return derivePasswordHalf(argon2Input(input));
}

/**
 * The account's keys (2SKD, §7); `passwordKey`, when given, is derivePasswordKey of this same input, and is disposed here.
 * Parameters outside the floor and ceiling (a server weakening the derivation) are refused before any work, in words.
 */
export async function deriveKeys(input: KeyInput & { secretKey: SecretKey }, passwordKey?: Promise<SecretBytes>): Promise<AccountKeys> {
  try {
    return await deriveAccountKeys({ ...argon2Input(input), secretKey: input.secretKey }, passwordKey);
  } catch (error) {
    throw error instanceof KdfParamsError ? new IpcError('untrusted-key', WEAK_KDF_MESSAGE) : error;
  }
}

/**
 * A new account key and keyset, sealed for the server under the Account Unlock Key. The
 * clear keys are wiped here: the device opens them again from what the server returns at
 * sign-in, which also proves the round trip.
 */
export function createAccountMaterial(keys: AccountKeys, accountId: string) {
  const accountKey = generateAccountKey();
  const keyset = generateKeyset(ACCOUNT_KEYSET_ID);
  try {
    const encrypted = encryptKeyset(keyset, accountKey, accountId);
    return {
      wrappedAccountKey: wrapForServer(accountKey, keys, accountId),
      publicKeys: { x25519: toWire(keyset.boxPublicKey), ed25519: toWire(keyset.signPublicKey) },
      encryptedKeyset: toWire(encrypted.encryptedPrivateKeys),
    };
  } finally {
    accountKey.dispose();
    keyset.dispose();
  }
}

/** The account key sealed under the Account Unlock Key of `keys`, as the server stores it. */
export function wrapForServer(accountKey: SecretBytes, keys: AccountKeys, accountId: string): string {
  return toWire(wrapAccountKey(accountKey, keys.accountUnlockKey, accountId, systemRandom));
}

/**
 * Registers the authentication secret of `keys` with OPAQUE and answers the record for the
 * server to store. `serverStep` sends the request to the route of the flow at hand (sign-up,
 * password change or recovery) and answers the server's response.
 */
export async function registerCredential(keys: AccountKeys, serverStep: (registrationRequest: string) => Promise<string>): Promise<string> {
  // OPAQUE's WebAssembly loads here, not with the keyset code a command-line read needs (src/main/cli/cached-vaults.ts).
  const { opaqueFinishRegistration, opaqueStartRegistration } = await import('../crypto/opaque-client');
  const registration = opaqueStartRegistration(keys.authSecret);
  const registrationResponse = await serverStep(registration.registrationRequest);
  return opaqueFinishRegistration({ secret: keys.authSecret, clientRegistrationState: registration.clientRegistrationState, registrationResponse }).registrationRecord;
}

/** Opens the account key and keyset the server holds. Throws DecryptionError on a wrong key or tampering. */
export function openAccountMaterial(keys: AccountKeys, state: AccountState): OpenAccount {
  return openWithAccountKey(unwrapAccountKey(fromWire(state.wrappedAccountKey), keys.accountUnlockKey, state.accountId), state);
}

/**
 * Opens the keyset the server holds with the account key itself (owned from here on: disposed on failure).
 * Throws DecryptionError when it is not this account's key, or the keyset was tampered with.
 */
export function openWithAccountKey(accountKey: SecretBytes, state: AccountState): OpenAccount {
  try {
    const keyset = decryptKeyset(
      { keysetId: ACCOUNT_KEYSET_ID, boxPublicKey: fromWire(state.publicKeys.x25519), signPublicKey: fromWire(state.publicKeys.ed25519), encryptedPrivateKeys: fromWire(state.encryptedKeyset) },
      accountKey,
      state.accountId,
    );
    return { accountKey, keyset, dispose: () => (accountKey.dispose(), keyset.dispose()) };
  } catch (error) {
    accountKey.dispose();
    throw error;
  }
}
