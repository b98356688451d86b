/**
 * Clients at other addresses: each connection leaves from `address` (on Linux every 127.x.y.z
 * reaches a server listening on 127.0.0.1), so the server sees a different client address,
 * with no proxy header involved. Answers carry the Retry-After header as well. A ClientAt is an
 * Api, so every helper of harness.ts works from another address too.
 */
import { request } from 'node:http';
import * as opaque from '@serenity-kit/opaque';
import { Api, fakeBlob, keyStretching, randomSecret, type ApiResponse } from './harness';

export interface AddressedResponse extends ApiResponse {
  retryAfter: string | undefined;
}

export class ClientAt extends Api {
  constructor(
    url: string,
    readonly address: string,
  ) {
    super(url);
  }

  override call(method: string, path: string, body?: unknown, token?: string, rawBody?: string): Promise<AddressedResponse> {
    const payload = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    const headers: Record<string, string | number> = {};
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    if (token) headers.authorization = `Bearer ${token}`;
    return new Promise((resolve, reject) => {
      const sent = request(`${this.url}${path}`, { method, localAddress: this.address, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, retryAfter: response.headers['retry-after'] });
        });
      });
      sent.on('error', reject);
      sent.end(payload);
    });
  }

  override post(path: string, body: unknown, token?: string): Promise<AddressedResponse> {
    return this.call('POST', path, body, token);
  }
}

const withToken = (deviceToken: string | undefined) => (deviceToken === undefined ? {} : { deviceToken });

export async function loginStartAt(client: ClientAt, email: string, secret: string, deviceToken?: string) {
  await opaque.ready;
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password: secret });
  const started = await client.post('/v1/login/start', { email, startLoginRequest, ...withToken(deviceToken) });
  return { started, clientLoginState };
}

/** A whole sign-in that asks for a device token: login finish's answer, or login start's if that failed. */
export async function signInAt(client: ClientAt, email: string, secret: string, deviceToken?: string): Promise<AddressedResponse> {
  const { started, clientLoginState } = await loginStartAt(client, email, secret, deviceToken);
  if (started.status !== 200) return started;
  const finished = opaque.client.finishLogin({ password: secret, clientLoginState, loginResponse: started.body.loginResponse, keyStretching });
  const finishLoginRequest = finished?.finishLoginRequest ?? fakeBlob(64);
  return client.post('/v1/login/finish', { loginId: started.body.loginId, finishLoginRequest, device: { name: 'Laptop', platform: 'linux' }, issueDeviceToken: true });
}

/** A recovery start with some code (the answer is the same whether it is right or not). */
export async function recoveryStartAt(client: ClientAt, email: string, deviceToken?: string): Promise<AddressedResponse> {
  await opaque.ready;
  const { startLoginRequest } = opaque.client.startLogin({ password: randomSecret() });
  return client.post('/v1/recovery/start', { email, startLoginRequest, ...withToken(deviceToken) });
}
