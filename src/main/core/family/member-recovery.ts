/**
 * The member's side of a recovery a Family Organizer started, on a device where they are
 * locked out (docs/security-design.md §13.2):
 *
 *   start     the server emails a code if an organizer started a recovery for this address
 *             (it answers the same either way);
 *   verify    the emailed code → a recovery token and the account's KDF parameters;
 *   complete  a new Secret Key (same account id), a new password, and a new account key and
 *             keyset made here; the server deletes the recovery code and ends every session in
 *             the same transaction. This device then signs in. The vaults come back when an
 *             organizer's app completes the recovery.
 */
import type { SecretKey } from '../../../shared/crypto/secret-key';
import type { RandomSource } from '../../../shared/crypto/random';
import { IpcError } from '../../../shared/ipc/result';
import type { KdfDescription } from '../../../shared/server-api/account';
import { memberRecoveryRoutes } from '../../../shared/server-api/family';
import { familyRecoveryRequestRoutes } from '../../../shared/server-api/family-organizer';
import { createAccountMaterial, registerCredential } from '../account/account-material';
import type { AccountKeys } from '../crypto/derivation';
import { translateSignInError } from '../account/sign-in-errors';
import { resetAndSignIn, signInAfterReset, type SignedInAccount } from '../account/sign-in';
import { systemRandom } from '../crypto/sodium';
import { SyncApiError, type SyncServerClient } from '../sync/client';

type State =
  | { stage: 'emailed'; email: string }
  | { stage: 'verified'; email: string; recoveryToken: string; accountId: string; familyName: string; kdf: KdfDescription }
  /** The server took the new keys but this device has not signed in yet (it can retry). */
  | { stage: 'reset'; email: string; secretKey: SecretKey; kdf: KdfDescription };

const START_AGAIN = 'Start again with your email address.';

export class MemberRecovery {
  #state: State | undefined;

  constructor(
    private readonly api: SyncServerClient,
    private readonly random: RandomSource = systemRandom,
  ) {}

  async start(email: string): Promise<{ sentTo: string; codeDigits: number; expiresInSeconds: number }> {
    this.cancel();
    const sent = await this.api.call(memberRecoveryRoutes.start, { body: { email } }).catch(translate);
    this.#state = { stage: 'emailed', email: email.trim() };
    return sent;
  }

  /** Asks the organizers of this address's family to start a recovery (the server answers the same whether or not there is one). */
  async ask(email: string): Promise<void> {
    await this.api.call(familyRecoveryRequestRoutes.ask, { body: { email } }).catch(translate);
  }

  /** The emailed code; answers the family's name, to show whose organizer is helping. */
  async verify(code: string): Promise<{ familyName: string }> {
    const state = this.#state;
    if (state?.stage !== 'emailed') throw new IpcError('start-again', START_AGAIN);
    const { recoveryToken, account } = await this.api.call(memberRecoveryRoutes.verify, { body: { email: state.email, code } }).catch(translate);
    this.#state = { stage: 'verified', email: state.email, recoveryToken, accountId: account.accountId, familyName: account.familyName, kdf: account.kdf };
    return { familyName: account.familyName };
  }

  /** New password, Secret Key, account key and keyset; then this device signs in with them. */
  async complete(password: string): Promise<{ email: string; secretKey: SecretKey; signedIn: SignedInAccount }> {
    const state = this.#state;
    if (state?.stage === 'reset') return this.#signIn(state, password);
    if (state?.stage !== 'verified') throw new IpcError('start-again', START_AGAIN);
    const { email, accountId, kdf, recoveryToken } = state;
    return resetAndSignIn(
      { email, accountId, kdf, password, random: this.random },
      async (keys, secretKey) => {
        const material = createAccountMaterial(keys, accountId);
        const registrationRecord = await registerCredential(keys, async (registrationRequest) => (await this.api.call(memberRecoveryRoutes.resetStart, { body: { recoveryToken, registrationRequest } }).catch(translate)).registrationResponse);
        await this.api.call(memberRecoveryRoutes.reset, { body: { recoveryToken, registrationRecord, ...material } }).catch(translate);
        return (this.#state = { stage: 'reset', email, secretKey, kdf });
      },
      (done, keys) => this.#signIn(done, password, keys),
    );
  }

  cancel(): void {
    if (this.#state?.stage === 'reset') this.#state.secretKey.secret.dispose();
    this.#state = undefined;
  }

  async #signIn(state: Extract<State, { stage: 'reset' }>, password: string, derived?: AccountKeys) {
    const signedIn = await signInAfterReset(this.api, state, password, derived);
    // The Secret Key now belongs to the caller, who stores it with the signed-in account.
    this.#state = undefined;
    return { email: state.email, secretKey: state.secretKey, signedIn };
  }
}

function translate(error: unknown): never {
  if (error instanceof SyncApiError) {
    if (error.code === 'invalid_code' || error.code === 'code_expired' || error.code === 'too_many_attempts') throw new IpcError('code-invalid', 'That code is not right or has expired. Check the latest email from Latchkey, or start again.');
    if (error.code === 'invalid_recovery_token') throw new IpcError('start-again', `This recovery has expired or was cancelled. ${START_AGAIN}`);
  }
  return translateSignInError(error);
}
