/**
 * Two-step verification with an authenticator app, for one signed-in account: turning it on
 * (re-authenticate, show the secret and its QR code, check a code from the app), passing it
 * for this device's session, and turning it off (re-authenticate and a current code).
 */
import QRCode from 'qrcode';
import { IpcError } from '../../../shared/ipc/result';
import { twoFactorRoutes, type TwoFactorStatus } from '../../../shared/server-api/two-factor';
import type { Accounts } from '../account/accounts';
import { translateSessionError } from '../account/accounts';
import { SyncApiError, type SyncServerClient } from '../sync/client';

export interface AuthenticatorStatus {
  required: boolean;
  totpEnabledAt: string | null;
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
    const { sessionToken } = this.accounts.unlocked(localUuid);
    const { secret, otpauthUri } = await this.api.call(twoFactorRoutes.totpStart, { sessionToken, body: {} }).catch(translateTwoFactorError);
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

  /** Asks the server for a status with the account's session, and tells Accounts whether this session has passed. */
  async #status(localUuid: string, request: (sessionToken: string) => Promise<TwoFactorStatus>): Promise<AuthenticatorStatus> {
    const { sessionToken } = this.accounts.unlocked(localUuid);
    const answer = await request(sessionToken).catch(translateTwoFactorError);
    this.accounts.recordSecondFactor(localUuid, answer.passed);
    return { required: answer.required, totpEnabledAt: answer.totp.enabledAt };
  }
}

function translateTwoFactorError(error: unknown): never {
  if (error instanceof SyncApiError) {
    if (error.code === 'invalid_code') throw new IpcError('bad-request', 'That code is not right, or was already used. Enter the code your authenticator app shows now.');
    if (error.code === 'two_factor_enabled') throw new IpcError('bad-request', 'An authenticator app is already set up. Turn it off first to set up another.');
    if (error.code === 'second_factor_required') throw new IpcError('bad-request', 'Enter a code from your authenticator app on this device first.');
    if (error.code === 'not_found') throw new IpcError('bad-request', 'Start setting up the authenticator app again.');
  }
  return translateSessionError(error);
}
