import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from '../../../src/main/core/ipc/router';
import { IpcError, ipcError, ipcErrorCodes } from '../../../src/shared/ipc/result';
import { appOrigins } from '../../../src/shared/app-shell';
import { channels } from '../../../src/shared/ipc/contract';

const appFrame = { frameUrl: `${appOrigins.browser}/index.html` };
const info = { appVersion: '1.2.3', host: 'browser' as const, server: { mode: 'embedded' as const, url: 'http://127.0.0.1:1', reachable: true, version: '1.2.3', localMailbox: true } };

/** A router whose app.info handler is `handler`; every other channel's handler is a spy too. */
function routerWith(handler: Handlers['app.info'], onInternalError = vi.fn()) {
  const spy = vi.fn(handler);
  const others = Object.keys(channels).filter((name) => name !== 'app.info').map((name) => [name, vi.fn(async () => ({}))] as const);
  const handlers = { ...Object.fromEntries(others), 'app.info': spy } as unknown as Handlers;
  const route = createRouter({ handlers, allowedOrigins: [appOrigins.browser], onInternalError });
  return { route, handler: spy, onInternalError, otherHandlersCalled: () => others.filter(([, other]) => other.mock.calls.length > 0).map(([name]) => name) };
}

describe('IPC router', () => {
  it('runs the handler for a valid request from the app origin and returns its answer', async () => {
    const { route, handler } = routerWith(async () => info);
    await expect(route(appFrame, 'app.info', {})).resolves.toEqual({ ok: true, value: info });
    expect(handler).toHaveBeenCalledOnce();
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a look-alike origin', 'https://app.latchkey.invalid.evil.example/'],
    ['file://', 'file:///tmp/index.html'],
    ['an unparseable URL', 'not a url'],
    ['an empty sender', ''],
  ])('refuses a sender from %s before looking at the request', async (_label, frameUrl) => {
    const { route, handler } = routerWith(async () => info);
    const result = await route({ frameUrl }, 'app.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'forbidden-sender', message: expect.any(String) } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses an unknown channel, including names inherited from Object.prototype', async () => {
    const { route, handler } = routerWith(async () => info);
    for (const channel of ['nope', 'toString', '__proto__', 'constructor', 42, null]) {
      expect(await route(appFrame, channel, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a request that does not match the schema, naming the field but not echoing its value', async () => {
    const { route, handler } = routerWith(async () => info);
    const result = await route(appFrame, 'app.info', { password: 'hunter2-secret' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(JSON.stringify(result)).not.toContain('hunter2-secret');
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes an expected IpcError through with its code and message', async () => {
    const { route } = routerWith(async () => {
      throw new IpcError('unavailable', 'No printer is set up.');
    });
    expect(await route(appFrame, 'app.info', {})).toEqual({ ok: false, error: { code: 'unavailable', message: 'No printer is set up.' } });
  });

  it("passes the structured fields an IpcError names (groups, attempts left, the wait), and the payload's schema takes them", async () => {
    const { route } = routerWith(async () => {
      throw new IpcError('code-invalid', 'Groups 2, 5 do not match the code shown.', { groups: [2, 5] });
    });
    const answer = await route(appFrame, 'app.info', {});
    expect(answer).toEqual({ ok: false, error: { code: 'code-invalid', message: 'Groups 2, 5 do not match the code shown.', groups: [2, 5] } });
    expect(ipcError.safeParse(answer.ok ? null : answer.error).success).toBe(true);
    expect(ipcError.safeParse({ code: 'code-invalid', message: 'x', groups: [0] }).success).toBe(false);
    const { route: limited } = routerWith(async () => {
      throw new IpcError('rate-limited', 'Too many attempts.', { retryAfterSeconds: 120, attemptsLeft: 0 });
    });
    const refused = await limited(appFrame, 'app.info', {});
    expect(refused).toEqual({ ok: false, error: { code: 'rate-limited', message: 'Too many attempts.', retryAfterSeconds: 120, attemptsLeft: 0 } });
    expect(ipcError.safeParse(refused.ok ? null : refused.error).success).toBe(true);
    expect(ipcError.safeParse({ code: 'rate-limited', message: 'x', retryAfterSeconds: 0 }).success).toBe(false);
    expect(ipcError.safeParse({ code: 'no-such-code', message: 'x' }).success).toBe(false);
  });

  it('hides an unexpected failure: no message, no stack, reported to the main process only', async () => {
    const { route, onInternalError } = routerWith(async () => {
      throw new Error('database at /home/alice/secret.sqlite exploded');
    });
    const result = await route(appFrame, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toMatch(/alice|exploded|at .*:\d+/);
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('refuses to send back an answer that breaks the response schema', async () => {
    const { route, onInternalError } = routerWith(async () => ({ ...info, secretKey: 'A3-SECRET' }) as never);
    const result = await route(appFrame, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('A3-SECRET');
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('answers 100,000 malformed payloads with a typed error, without crashing or reaching a handler', async () => {
    const { route, handler, otherHandlersCalled } = routerWith(async () => info);
    const codes = new Set<string>(ipcErrorCodes);
    const sender = fc.oneof(fc.constant(appFrame), fc.record({ frameUrl: fc.oneof(fc.webUrl(), fc.string()) }));
    const channel = fc.oneof(fc.constantFrom(...Object.keys(channels)), fc.string(), fc.anything());
    // Malformed for every channel: none accepts anything but {} without required fields.
    const malformed = fc.anything().filter((value) => !(value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0 && Object.getPrototypeOf(value) === Object.prototype));
    let count = 0;
    await fc.assert(
      fc.asyncProperty(sender, channel, malformed, async (from, name, request) => {
        count += 1;
        const result = await route(from, name, request);
        return result.ok === false && codes.has(result.error.code) && typeof result.error.message === 'string';
      }),
      { numRuns: 100_000 },
    );
    expect(count).toBe(100_000);
    expect(handler).not.toHaveBeenCalled();
    expect(otherHandlersCalled()).toEqual([]);
  });
});
