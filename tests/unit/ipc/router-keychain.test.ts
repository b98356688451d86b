/**
 * A keychain failure reaches the renderer as its own code and the keychain's message (what
 * went wrong, what to do), not as "Something went wrong inside Latchkey": the router asks the
 * keychain's translation for every error a handler throws that is not already an IpcError.
 * The router built here is the one both hosts use (createRouter), so each test fails without it.
 */
import { describe, expect, it, vi } from 'vitest';
import { KeychainError, keychainIpcError } from '../../../src/main/core/device/keychain';
import { createRouter, type Handlers } from '../../../src/main/core/ipc/router';
import { appOrigins } from '../../../src/shared/app-shell';

function routerThrowing(error: unknown) {
  const onInternalError = vi.fn();
  const handlers = { 'app.info': () => Promise.reject(error) } as unknown as Handlers;
  return { onInternalError, route: createRouter({ handlers, allowedOrigins: [appOrigins.browser], onInternalError }) };
}

describe('keychain failures over IPC', () => {
  it.each([
    ['unavailable', 'keychain-unavailable', /Secret Service such as GNOME Keyring or KWallet/],
    ['locked', 'keychain-locked', /Unlock it/],
    ['ambiguous', 'keychain-failed', /Remove the extra entries/],
  ] as const)('a %s keychain answers %s with the keychain\'s message', async (reason, code, message) => {
    const { route, onInternalError } = routerThrowing(new KeychainError(reason, 'load', 'org.freedesktop.DBus.Error.ServiceUnknown'));
    const result = await route({ frameUrl: `${appOrigins.browser}/` }, 'app.info', {});
    expect(result).toEqual({ ok: false, error: { code, message: expect.stringMatching(message) } });
    expect(JSON.stringify(result)).not.toContain('ServiceUnknown');
    expect(onInternalError).not.toHaveBeenCalled();
  });

  it('any other error stays internal and is reported', async () => {
    const { route, onInternalError } = routerThrowing(new Error('boom'));
    expect(await route({ frameUrl: `${appOrigins.browser}/` }, 'app.info', {})).toEqual({ ok: false, error: { code: 'internal', message: 'Something went wrong inside Latchkey. Nothing was changed.' } });
    expect(onInternalError).toHaveBeenCalledTimes(1);
    expect(keychainIpcError(new KeychainError('invalid-input', 'save'))).toBeNull();
  });
});
