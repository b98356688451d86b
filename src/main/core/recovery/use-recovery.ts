/**
 * Using a recovery code when locked out (docs/security-design.md §11), in the main process:
 *
 *   start     the typed code is checked here (typos name their group, nothing is sent), then
 *             an OPAQUE login with the code's authentication secret proves it to the server
 *             without sending it; the server names the identity checks the owner allows
 *             and emails a verification code if email is one of them;
 *   verify    one allowed check (the emailed code or an authenticator code) → the
 *             recovery-wrapped account key and the encrypted keyset, both opened here at
 *             once, so a tampered answer stops the flow before any change;
 *   complete  a new Secret Key (same account id) and password; the same account key is
 *             re-wrapped under the new Account Unlock Key and a new OPAQUE credential is
 *             registered. The server ends every session; this device then signs in normally,
 *             and after an authenticator check its new session counts as having passed it.
 *
 * Secrets between steps live only in this object and are wiped on cancel or completion.
 */
import { ACCOUNT_KEYSET_ID, registerCredential } from '../account/account-material';
import { resetAndSignIn, signInAfterReset, type SignedInAccount } from '../account/sign-in';
import type { AccountKeys } from '../crypto/derivation';
import { decryptKeyset } from '../crypto/keyset';
import { opaqueFinishLogin, opaqueStartLogin } from '../crypto/opaque-client';
import { deriveRecoveryKeys, rewrapAccountKeyAfterRecovery, unwrapAccountKeyWithRecovery, type RecoveryKeys } from '../crypto/recovery';
import { systemRandom } from '../crypto/sodium';
import { LatchkeyCryptoError, RecoveryCodeParseError } from '../../../shared/crypto/errors';
import { parseRecoveryCode, type RecoveryCode } from '../../../shared/crypto/recovery-code';
import type { RandomSource } from '../../../shared/crypto/random';
import type { SecretKey } from '../../../shared/crypto/secret-key';
import { IpcError } from '../../../shared/ipc/result';
import type { RouteBody, RouteResponse } from '../../../shared/server-api/http';
import { recoveryRoutes, type RecoveryCheckKind } from '../../../shared/server-api/recovery';
import type { SyncServerClient } from '../sync/client';
import { AccountSession } from '../account/account-session';
import { describeCodeProblem, TAMPERED_ANSWER, translateRecoveryError } from './use-messages';
import { fromWire, toWire } from '../sync/wire';

type RecoveredAccount = RouteResponse<typeof recoveryRoutes.verify>['account'];

/** The checks this app can perform; a security key is not among them yet. */
/** The token and the check that verified the recovery: after the authenticator, it passes the new session's second factor. */
type Verified = { recoveryToken: string; check: RecoveryCheckKind };
/** What one check sends: a code, or a security key's answer to the challenge of the proof. */
export type CheckAnswer = { check: 'email' | 'authenticator'; code: string } | { check: 'securityKey'; response: RouteBody<typeof recoveryRoutes.verify>['response'] & object };

type State =
  | { stage: 'proved'; email: string; keys: RecoveryKeys; attemptId: string }
  | { stage: 'verified'; email: string; keys: RecoveryKeys; verified: Verified; account: RecoveredAccount }
  /** The server took the new credential but this device has not signed in yet (it can retry). */
  | { stage: 'reset'; email: string; secretKey: SecretKey; kdf: RecoveredAccount['kdf']; signedOut: number; cancelledFamilyRecovery: CancelledFamilyRecovery; verified: Verified };

/** The organizer recovery the reset ended, as the server names it (only shown to the person, who can tell whether it is true). */
type CancelledFamilyRecovery = { familyName: string; organizer: string } | null;

export interface Recovered {
  email: string;
  secretKey: SecretKey;
  signedIn: SignedInAccount;
  signedOut: number;
  cancelledFamilyRecovery: CancelledFamilyRecovery;
}

/** The size of an OPAQUE KE3 message (a 64-byte MAC), for the decoy proof below. */
const PROOF_BYTES = 64;

export class RecoveryUse {
  #state: State | undefined;

  constructor(
    private readonly api: SyncServerClient,
    private readonly random: RandomSource = systemRandom,
    /** This device's token for an account it signed in to before (Accounts.deviceTokenFor): its starts count apart from strangers'. */
    private readonly deviceTokenFor: (email: string) => Promise<string | undefined> = async () => undefined,
  ) {}

  async start(email: string, codeText: string): Promise<RouteResponse<typeof recoveryRoutes.prove>> {
    const code = readCode(codeText);
    this.cancel();
    const keys = deriveRecoveryKeys(code);
    code.canonical.dispose();
    try {
      const login = opaqueStartLogin(keys.authSecret);
      const { attemptId, loginResponse } = await this.api.call(recoveryRoutes.start, { body: { email, startLoginRequest: login.startLoginRequest, deviceToken: await this.deviceTokenFor(email) } });
      let finishLoginRequest: string;
      try {
        ({ finishLoginRequest } = opaqueFinishLogin({ secret: keys.authSecret, clientLoginState: login.clientLoginState, loginResponse }));
      } catch (error) {
        if (!(error instanceof LatchkeyCryptoError)) throw error;
        // A wrong code (or no code) shows here already. Still send a proof, one the server will
        // refuse: only then does it record the failed attempt and tell the address's owner.
        finishLoginRequest = toWire(this.random(PROOF_BYTES));
      }
      const sent = await this.api.call(recoveryRoutes.prove, { body: { attemptId, finishLoginRequest } });
      this.#state = { stage: 'proved', email: email.trim(), keys, attemptId };
      return sent;
    } catch (error) {
      keys.dispose();
      return translateRecoveryError(error);
    }
  }

  /** One of the checks the server allowed: the emailed code, or a code from the authenticator app. */
  async verify(answer: CheckAnswer): Promise<void> {
    const state = this.#state;
    if (state?.stage !== 'proved') throw new IpcError('start-again', 'Start again with your email address and recovery code.');
    const { check } = answer;
    const verified = await this.api.call(recoveryRoutes.verify, { body: { attemptId: state.attemptId, ...answer } }).catch((error: unknown) => translateRecoveryError(error, check));
    checkOpens(verified.account, state.keys);
    this.#state = { stage: 'verified', email: state.email, keys: state.keys, verified: { recoveryToken: verified.recoveryToken, check }, account: verified.account };
  }

  /** Sets the new password and Secret Key, then signs this device in with them. */
  async complete(password: string): Promise<Recovered> {
    const state = this.#state;
    if (state?.stage === 'reset') return this.#signIn(state, password);
    if (state?.stage !== 'verified') throw new IpcError('start-again', 'Start again with your email address and recovery code.');
    const { account, verified } = state;
    return resetAndSignIn(
      { email: state.email, accountId: account.accountId, kdf: account.kdf, password, random: this.random },
      async (keys, secretKey) => {
        const rewrapped = rewrapAccountKeyAfterRecovery({ recoveryWrapped: fromWire(account.recoveryWrappedAccountKey), keys: state.keys, newAccountUnlockKey: keys.accountUnlockKey, accountId: account.accountId, random: this.random });
        rewrapped.accountKey.dispose();
        const registrationRecord = await registerCredential(keys, async (registrationRequest) => (await this.api.call(recoveryRoutes.resetStart, { body: { recoveryToken: verified.recoveryToken, registrationRequest } }).catch(translateRecoveryError)).registrationResponse);
        const reset = await this.api
          .call(recoveryRoutes.resetFinish, { body: { recoveryToken: verified.recoveryToken, registrationRecord, wrappedAccountKey: toWire(rewrapped.wrappedAccountKey) } })
          .catch(translateRecoveryError);
        state.keys.dispose();
        return (this.#state = { stage: 'reset', email: state.email, secretKey, kdf: account.kdf, signedOut: reset.signedOut, cancelledFamilyRecovery: reset.cancelledFamilyRecovery, verified });
      },
      (done, keys) => this.#signIn(done, password, keys),
    );
  }

  /**
   * The recovery just checked the authenticator app: the new session counts as having passed
   * it, so the user is not asked for a second code moments later. If the server says no, the
   * session simply asks for a code as after any sign-in.
   */
  async #passSecondFactor(session: AccountSession, recoveryToken: string): Promise<void> {
    await session.call(recoveryRoutes.secondFactor, { body: { recoveryToken } }).catch((error: unknown) => {
      if (!(error instanceof IpcError)) throw error;
    });
  }

  /** Forgets the attempt and wipes its keys. */
  cancel(): void {
    const state = this.#state;
    if (state?.stage === 'reset') state.secretKey.secret.dispose();
    else state?.keys.dispose();
    this.#state = undefined;
  }

  /** The normal sign-in, with the keys just derived (or derived again on a retry). */
  async #signIn(state: Extract<State, { stage: 'reset' }>, password: string, derived?: AccountKeys): Promise<Recovered> {
    const signedIn = await signInAfterReset(this.api, { ...state, deviceToken: await this.deviceTokenFor(state.email) }, password, derived);
    // A second factor checked in this recovery also passes this new session's gate (the server checks the same).
    if (state.verified.check !== 'email') await this.#passSecondFactor(new AccountSession(this.api, signedIn.sessionToken), state.verified.recoveryToken);
    // The Secret Key now belongs to the caller, who stores it with the signed-in account.
    this.#state = undefined;
    return { email: state.email, secretKey: state.secretKey, signedIn, signedOut: state.signedOut, cancelledFamilyRecovery: state.cancelledFamilyRecovery };
  }
}

/** The typed code, or a message naming what to fix. Nothing has been sent when this throws. */
function readCode(text: string): RecoveryCode {
  try {
    return parseRecoveryCode(text);
  } catch (error) {
    if (error instanceof RecoveryCodeParseError) throw new IpcError('invalid-input', describeCodeProblem(error), { groups: error.groups });
    throw error;
  }
}

/** Opens the account key and the keyset with the code's wrapping key, then wipes them: nothing changes until `complete`. */
function checkOpens(account: RecoveredAccount, keys: RecoveryKeys): void {
  try {
    const accountKey = unwrapAccountKeyWithRecovery(fromWire(account.recoveryWrappedAccountKey), keys, account.accountId);
    try {
      decryptKeyset(
        { keysetId: ACCOUNT_KEYSET_ID, boxPublicKey: fromWire(account.publicKeys.x25519), signPublicKey: fromWire(account.publicKeys.ed25519), encryptedPrivateKeys: fromWire(account.encryptedKeyset) },
        accountKey,
        account.accountId,
      ).dispose();
    } finally {
      accountKey.dispose();
    }
  } catch (error) {
    if (error instanceof LatchkeyCryptoError) throw new IpcError('untrusted-key', TAMPERED_ANSWER);
    throw error;
  }
}
