/** The authenticator app's side of the server tests: codes at the server's clock, and turning the app on. */
import { generate } from 'otplib';
import { expect } from 'vitest';
import type { Api, Clock } from './harness';

/** The code an authenticator app with `secret` shows at `ms` (the server's clock). */
export const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });

/** A well-formed code that is not `right`. */
export const wrongCode = (right: string) => (right === '000000' ? '999999' : '000000');

/** Turns the authenticator on for the session's account (the code of the current step is used). */
export async function enableTotp(api: Api, clock: Clock, token: string): Promise<string> {
  const started = await api.post('/v1/two-factor/totp/start', {}, token);
  expect(started.status).toBe(200);
  const { secret } = started.body as { secret: string };
  expect((await api.post('/v1/two-factor/totp/activate', { code: await codeAt(secret, clock.now()) }, token)).status).toBe(200);
  return secret;
}
