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
import type { RouteDefinition, RouteResponse } from '../../../shared/server-api/http';
import { securityKeyRoutes, type authenticationResponseSchema, type registrationResponseSchema } from '../../../shared/server-api/security-keys';
import { twoFactorRoutes, type TwoFactorStatus } from '../../../shared/server-api/two-factor';
import type { Accounts } from '../account/accounts';
import type { Refusals, SessionCallOptions } from '../account/account-session';

export interface AuthenticatorStatus {
  required: boolean;
  totpEnabledAt: string | null;
  securityKeys: number;
}

export class TwoFactorService {
  constructor(private readonly accounts: Accounts) {}

  status(localUuid: string): Promise<AuthenticatorStatus> {
    return this.#status(localUuid, (session) => session.call(twoFactorRoutes.status));
  }

  async begin(localUuid: string, password: string): Promise<{ secret: string; otpauthUri: string; qrCode: string }> {
    await this.accounts.reauthenticate(localUuid, password);
    const { secret, otpauthUri } = await this.#call(localUuid, (session) => session.call(twoFactorRoutes.totpStart, { body: {} }));
    return { secret, otpauthUri, qrCode: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 240 }) };
  }

  activate(localUuid: string, code: string): Promise<AuthenticatorStatus> {
    return this.#status(localUuid, (session) => session.call(twoFactorRoutes.totpActivate, { body: { code } }));
  }

  verify(localUuid: string, code: string): Promise<AuthenticatorStatus> {
    return this.#status(localUuid, (session) => session.call(twoFactorRoutes.totpVerify, { body: { code } }));
  }

  async disable(localUuid: string, password: string, code: string): Promise<AuthenticatorStatus> {
    await this.accounts.reauthenticate(localUuid, password);
    return this.#status(localUuid, (session) => session.call(twoFactorRoutes.totpDisable, { body: { code } }));
  }

  listKeys(localUuid: string) {
    return this.#call(localUuid, (session) => session.call(securityKeyRoutes.list), noSuchKey);
  }

  async beginKeyRegistration(localUuid: string, password: string) {
    await this.accounts.reauthenticate(localUuid, password);
    return this.#call(localUuid, (session) => session.call(securityKeyRoutes.registrationStart, { body: {} }), noSuchKey);
  }

  async finishKeyRegistration(localUuid: string, name: string, response: z.infer<typeof registrationResponseSchema>) {
    const { status, key } = await this.#call(localUuid, (session) => session.call(securityKeyRoutes.registrationFinish, { body: { name, response } }), noSuchKey);
    return { status: this.#record(localUuid, status), key };
  }

  beginKeyCheck(localUuid: string) {
    return this.#call(localUuid, (session) => session.call(securityKeyRoutes.authenticationStart, { body: {} }), noSuchKey);
  }

  finishKeyCheck(localUuid: string, response: z.infer<typeof authenticationResponseSchema>): Promise<AuthenticatorStatus> {
    return this.#status(localUuid, (session) => session.call(securityKeyRoutes.authenticationFinish, { body: { response } }), noSuchKey);
  }

  async removeKey(localUuid: string, password: string, keyId: string): Promise<AuthenticatorStatus> {
    await this.accounts.reauthenticate(localUuid, password);
    return this.#status(localUuid, (session) => session.call(securityKeyRoutes.remove, { params: { keyId } }), noSuchKey);
  }

  /** Asks the server for a status with the account's session, and tells Accounts whether this session has passed. */
  async #status(localUuid: string, request: (session: Call) => Promise<TwoFactorStatus>, notFound?: string): Promise<AuthenticatorStatus> {
    return this.#record(localUuid, await this.#call(localUuid, request, notFound));
  }

  #record(localUuid: string, answer: TwoFactorStatus): AuthenticatorStatus {
    this.accounts.recordSecondFactor(localUuid, answer.passed);
    return { required: answer.required, totpEnabledAt: answer.totp.enabledAt, securityKeys: answer.securityKeys };
  }

  /** Calls the server as the account, with this capability's words for its refusals; `notFound` is what a 404 means to the user here. */
  #call<T>(localUuid: string, request: (session: Call) => Promise<T>, notFound = 'Start setting up the authenticator app again.'): Promise<T> {
    const session = this.accounts.session(localUuid);
    const refusals: Refusals = { ...twoFactorRefusals, not_found: ['not-found', notFound] };
    return request({ call: (route, options) => session.call(route, options, refusals) });
  }
}

/** The session's `call`, with the refusals of one two-factor request. */
interface Call {
  call<D extends RouteDefinition>(route: D, options?: SessionCallOptions<D>): Promise<RouteResponse<D>>;
}

const noSuchKey = 'That security key is no longer on this account.';

const twoFactorRefusals: Refusals = {
  invalid_code: ['code-invalid', 'That code is not right, or was already used. Enter the code your authenticator app shows now.'],
  two_factor_enabled: ['conflict', 'An authenticator app is already set up. Turn it off first to set up another.'],
  security_key_refused: ['code-invalid', 'Your security key’s answer was not accepted. Try again with a key registered for this account.'],
  challenge_expired: ['code-expired', 'That took too long, or was already answered. Try again.'],
  security_key_exists: ['conflict', 'That security key is already registered for this account.'],
};
