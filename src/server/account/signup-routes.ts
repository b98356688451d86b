/**
 * Sign-up: prove the email (a code sent to it), then register OPAQUE credentials and the
 * client's encrypted key material, bound to the short-lived sign-up token the code earned.
 */
import type { FastifyInstance } from 'fastify';
import { ARGON2ID_DEFAULT } from '../../shared/crypto/argon2-params';
import { generateAccountId } from '../../shared/crypto/secret-key';
import { accountRoutes, EMAIL_CODE_DIGITS } from '../../shared/server-api/account';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { signupCodeMessage, signupExistingAccountMessage } from '../mail/messages';
import { consumeRateLimit, rateLimits } from '../rate-limit/rate-limit';
import { randomSource, randomToken, tokenHash } from '../security/tokens';
import { ACCOUNT_SALT_BYTES, canonicalEmail, opaqueUserIdentifier, registrationResponseFor } from './accounts';
import { accountByEmail, accountExists, accountIdTaken, insertAccount, insertSignupToken, signupTokenByHash, useSignupToken } from './account-store';
import { issueEmailCode, verifyEmailCode } from './email-codes';

export function registerSignupRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, policy, mailer } = context;

  addRoute(app, context, accountRoutes.signupStart, async ({ body, request }) => {
    const email = canonicalEmail(body.email);
    await consumeRateLimit(db, now(), rateLimits.signupStartPerEmail, email);
    const existing = await accountByEmail(db, email);
    // A code is issued either way, so that verify behaves the same; an existing owner gets a notice instead of it.
    const code = await issueEmailCode(context, email, 'signup');
    const minutes = Math.round(policy.emailCodeTtlMs / 60_000);
    try {
      await mailer.send(existing ? signupExistingAccountMessage(email) : signupCodeMessage(email, code, minutes));
    } catch (error) {
      request.log.error({ errorName: (error as Error).name, mail: mailer.description }, 'could not send the sign-up email');
      throw new ApiError(503, 'mail_unavailable', 'The server could not send the email: try again later');
    }
    await audit(db, now(), 'signup.code_sent', { accountId: existing?.id ?? null, email, ip: request.ip });
    return { sent: true as const, codeDigits: EMAIL_CODE_DIGITS, expiresInSeconds: Math.round(policy.emailCodeTtlMs / 1000) };
  });

  addRoute(app, context, accountRoutes.signupVerify, async ({ body, request }) => {
    const email = canonicalEmail(body.email);
    await consumeRateLimit(db, now(), rateLimits.signupVerifyPerEmail, email);
    try {
      await verifyEmailCode(context, email, 'signup', body.code);
    } catch (error) {
      await audit(db, now(), 'signup.code_failed', { email, ip: request.ip });
      throw error;
    }
    const accountId = await unusedAccountId(context);
    const signupToken = randomToken(32);
    const salt = Buffer.from(randomSource(ACCOUNT_SALT_BYTES)).toString('base64url');
    const at = now();
    await insertSignupToken(db, {
      token_hash: tokenHash(signupToken),
      email,
      account_id: accountId,
      argon2_memory_kib: ARGON2ID_DEFAULT.memoryKiB,
      argon2_iterations: ARGON2ID_DEFAULT.iterations,
      argon2_parallelism: ARGON2ID_DEFAULT.parallelism,
      argon2_salt: salt,
      created_at: at,
      expires_at: at + policy.signupTokenTtlMs,
      used_at: null,
    });
    return {
      signupToken,
      accountId,
      kdf: { algorithm: 'argon2id' as const, ...ARGON2ID_DEFAULT, salt },
      expiresInSeconds: Math.round(policy.signupTokenTtlMs / 1000),
    };
  });

  addRoute(app, context, accountRoutes.registrationStart, async ({ body }) => {
    const token = await liveSignupToken(context, body.signupToken);
    return registrationResponseFor(context, opaqueUserIdentifier(token.account_id), body.registrationRequest);
  });

  addRoute(app, context, accountRoutes.registrationFinish, async ({ body, request }) => {
    const token = await liveSignupToken(context, body.signupToken);
    const at = now();
    await db.transaction().execute(async (trx) => {
      if (await accountExists(trx, token.email, token.account_id)) throw new ApiError(409, 'email_taken', 'This email already has an account: sign in instead');
      if (!(await useSignupToken(trx, token.token_hash, at))) throw invalidSignupToken();
      await insertAccount(trx, {
        id: token.account_id,
        email: token.email,
        argon2_memory_kib: token.argon2_memory_kib,
        argon2_iterations: token.argon2_iterations,
        argon2_parallelism: token.argon2_parallelism,
        argon2_salt: token.argon2_salt,
        opaque_record: body.registrationRecord,
        wrapped_account_key: body.wrappedAccountKey,
        public_key_x25519: body.publicKeys.x25519,
        public_key_ed25519: body.publicKeys.ed25519,
        encrypted_keyset: body.encryptedKeyset,
        created_at: at,
        updated_at: at,
      });
      await audit(trx, at, 'signup.completed', { accountId: token.account_id, email: token.email, ip: request.ip });
    });
    return { accountId: token.account_id };
  });
}

const invalidSignupToken = () => new ApiError(401, 'invalid_signup_token', 'The sign-up token is not valid (expired or already used): verify your email again');

async function liveSignupToken({ db, now }: ServerContext, signupToken: string) {
  const row = await signupTokenByHash(db, tokenHash(signupToken));
  if (!row || row.used_at !== null || toMillis(row.expires_at) <= now()) throw invalidSignupToken();
  return row;
}

/** Account ids are short (they are printed in the Secret Key), so check for a collision. */
async function unusedAccountId({ db }: ServerContext): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const id = generateAccountId(randomSource);
    if (!(await accountIdTaken(db, id))) return id;
  }
  throw new Error('could not find an unused account id');
}
