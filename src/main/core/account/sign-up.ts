/**
 * Creating an account: the email is verified with an emailed code, the Secret Key is made
 * here on the device, the account key and keyset are sealed under the keys derived from the
 * password and the Secret Key, and OPAQUE registers the password with the server without
 * sending it. Then the device signs in, with the keys it already derived.
 */
import { accountRoutes, type KdfDescription } from '../../../shared/server-api/account';
import { generateSecretKey, type SecretKey } from '../../../shared/crypto/secret-key';
import { IpcError } from '../../../shared/ipc/result';
import { systemRandom } from '../crypto/sodium';
import type { SyncServerClient } from '../sync/client';
import { createAccountMaterial, deriveKeys, registerCredential } from './account-material';
import { passwordStrength } from './password-strength';
import { signInWithKeys, type SignedInAccount } from './sign-in';

interface Pending {
  email: string;
  name: string;
  verified?: { signupToken: string; accountId: string; kdf: KdfDescription };
}

export class SignUp {
  #pending: Pending | undefined;

  constructor(private readonly api: SyncServerClient) {}

  /** Emails a verification code. Starting again (another email, or a resend) replaces the earlier attempt. */
  async start(email: string, name: string): Promise<{ codeDigits: number; expiresInSeconds: number }> {
    const sent = await this.api.call(accountRoutes.signupStart, { body: { email } });
    this.#pending = { email: email.trim(), name: name.trim() };
    return { codeDigits: sent.codeDigits, expiresInSeconds: sent.expiresInSeconds };
  }

  async verify(code: string): Promise<void> {
    const pending = this.#require();
    const verified = await this.api.call(accountRoutes.signupVerify, { body: { email: pending.email, code } });
    pending.verified = { signupToken: verified.signupToken, accountId: verified.accountId, kdf: verified.kdf };
  }

  /** Creates the account with `password` and signs this device in. */
  async complete(password: string): Promise<{ email: string; name: string; secretKey: SecretKey; signedIn: SignedInAccount }> {
    const pending = this.#require();
    const verified = pending.verified;
    if (!verified) throw new IpcError('start-again', 'Enter the code we emailed you first.');
    const strength = await passwordStrength(password, [pending.email, pending.name]);
    if (!strength.acceptable) throw new IpcError('weak-password', strength.feedback);

    const secretKey = generateSecretKey(systemRandom, verified.accountId);
    const keys = await deriveKeys({ password, email: pending.email, kdf: verified.kdf, secretKey });
    try {
      const material = createAccountMaterial(keys, verified.accountId);
      const registrationRecord = await registerCredential(keys, async (registrationRequest) => (await this.api.call(accountRoutes.registrationStart, { body: { signupToken: verified.signupToken, registrationRequest } })).registrationResponse);
      await this.api.call(accountRoutes.registrationFinish, { body: { signupToken: verified.signupToken, registrationRecord, ...material } });
      const signedIn = await signInWithKeys(this.api, pending.email, secretKey, keys);
      this.#pending = undefined;
      return { email: pending.email, name: pending.name, secretKey, signedIn };
    } finally {
      keys.dispose();
    }
  }

  #require(): Pending {
    if (!this.#pending) throw new IpcError('start-again', 'Start by entering your email address.');
    return this.#pending;
  }
}
