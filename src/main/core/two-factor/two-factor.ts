/**
 * Two-step verification for one signed-in account. With an authenticator app: turning it on
 * (re-authenticate, show the secret and its QR code, check a code from the app), passing it
 * for this device's session, and turning it off (re-authenticate and a current code). With
 * security keys: registering (re-authenticate, then the server's options for the renderer's
 * ceremony and the key's answer back), passing the second factor with one, and removing one
 * (re-authenticate).
 */
import QRCode from 'qrcode';
import type { z } from 'zod';
import { IpcError } from '../../../shared/ipc/result';
import { securityKeyRoutes, type authenticationResponseSchema, type registrationResponseSchema } from '../../../shared/server-api/security-keys';
import { twoFactorRoutes, type TwoFactorStatus } from '../../../shared/server-api/two-factor';
import type { Accounts } from '../account/accounts';
import { translateSessionError } from '../account/session-errors';
import { SyncApiError, type SyncServerClient } from '../sync/client';

export interface AuthenticatorStatus {
  required: boolean;
  totpEnabledAt: string | null;
  securityKeys: number;
}

export class TwoFactorService {
  constructor(
    private readonly accounts: Accounts,
    private readonly api: SyncServerClient,
  ) {}

  status(localUuid: string): Promise<AuthenticatorStatus> {
    return this.#status(localUuid, (sessionToken) => this.api.call(twoFactorRoutes.status, { sessionToken }));
  }

  async begin(localUuid: string, password: string): Promise<{ secret: string; otpauthUri: string; qrCode: string }> {
    await this.accounts.reauthenticate(localUuid, password);
    const { secret, otpauthUri } = await this.#call(localUuid, (sessionToken) => this.api.call(twoFactorRoutes.totpStart, { sessionToken, body: {} }));
    return { secret, otpauthUri, qrCode: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 240 }) };
  }

  activate(localUuid: string, code: string): Promise<AuthenticatorStatus> {
    return this.#status(localUuid, (sessionToken) => this.api.call(twoFactorRoutes.totpActivate, { sessionToken, body: { code } }));
  }

  verify(localUuid: string, code: string): Promise<AuthenticatorStatus> {
    return this.#status(localUuid, (sessionToken) => this.api.call(twoFactorRoutes.totpVerify, { sessionToken, body: { code } }));
  }

  async disable(localUuid: string, password: string, code: string): Promise<AuthenticatorStatus> {
    await this.accounts.reauthenticate(localUuid, password);
    return this.#status(localUuid, (sessionToken) => this.api.call(twoFactorRoutes.totpDisable, { sessionToken, body: { code } }));
  }

  listKeys(localUuid: string) {
    return this.#call(localUuid, (sessionToken) => this.api.call(securityKeyRoutes.list, { sessionToken }), noSuchKey);
  }

  async beginKeyRegistration(localUuid: string, password: string) {
    await this.accounts.reauthenticate(localUuid, password);
    return this.#call(localUuid, (sessionToken) => this.api.call(securityKeyRoutes.registrationStart, { sessionToken, body: {} }), noSuchKey);
  }

  async finishKeyRegistration(localUuid: string, name: string, response: z.infer<typeof registrationResponseSchema>) {
    const { status, key } = await this.#call(localUuid, (sessionToken) => this.api.call(securityKeyRoutes.registrationFinish, { sessionToken, body: { name, response } }), noSuchKey);
    return { status: this.#record(localUuid, status), key };
  }

  beginKeyCheck(localUuid: string) {
    return this.#call(localUuid, (sessionToken) => this.api.call(securityKeyRoutes.authenticationStart, { sessionToken, body: {} }), noSuchKey);
  }

  finishKeyCheck(localUuid: string, response: z.infer<typeof authenticationResponseSchema>): Promise<AuthenticatorStatus> {
    return this.#status(localUuid, (sessionToken) => this.api.call(securityKeyRoutes.authenticationFinish, { sessionToken, body: { response } }), noSuchKey);
  }

  async removeKey(localUuid: string, password: string, keyId: string): Promise<AuthenticatorStatus> {
    await this.accounts.reauthenticate(localUuid, password);
    return this.#status(localUuid, (sessionToken) => this.api.call(securityKeyRoutes.remove, { sessionToken, params: { keyId } }), noSuchKey);
  }

  /** Asks the server for a status with the account's session, and tells Accounts whether this session has passed. */
  async #status(localUuid: string, request: (sessionToken: string) => Promise<TwoFactorStatus>, notFound?: string): Promise<AuthenticatorStatus> {
    return this.#record(localUuid, await this.#call(localUuid, request, notFound));
  }

  #record(localUuid: string, answer: TwoFactorStatus): AuthenticatorStatus {
    this.accounts.recordSecondFactor(localUuid, answer.passed);
    return { required: answer.required, totpEnabledAt: answer.totp.enabledAt, securityKeys: answer.securityKeys };
  }

  /** Calls the server with the account's session; `notFound` is what a 404 means to the user here. */
  #call<T>(localUuid: string, request: (sessionToken: string) => Promise<T>, notFound = 'Start setting up the authenticator app again.'): Promise<T> {
    const { sessionToken } = this.accounts.unlocked(localUuid);
    return request(sessionToken).catch((error: unknown) => translateTwoFactorError(error, notFound));
  }
}

const noSuchKey = 'That security key is no longer on this account.';

function translateTwoFactorError(error: unknown, notFound: string): never {
  if (error instanceof SyncApiError) {
    if (error.code === 'invalid_code') throw new IpcError('bad-request', 'That code is not right, or was already used. Enter the code your authenticator app shows now.');
    if (error.code === 'two_factor_enabled') throw new IpcError('bad-request', 'An authenticator app is already set up. Turn it off first to set up another.');
    if (error.code === 'second_factor_required') throw new IpcError('bad-request', 'Verify your second factor on this device first.');
    if (error.code === 'not_found') throw new IpcError('bad-request', notFound);
    if (error.code === 'security_key_refused') throw new IpcError('bad-request', 'Your security key’s answer was not accepted. Try again with a key registered for this account.');
    if (error.code === 'challenge_expired') throw new IpcError('bad-request', 'That took too long, or was already answered. Try again.');
    if (error.code === 'security_key_exists') throw new IpcError('bad-request', 'That security key is already registered for this account.');
  }
  return translateSessionError(error);
}
