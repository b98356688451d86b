import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../../src/shared/ipc/client';

const info = { appVersion: '1.2.3', host: 'electron', server: { mode: 'remote', url: 'https://sync.example/', reachable: false, version: null, localMailbox: false } };

describe('preload API client', () => {
  it('sends a valid request and returns a valid answer', async () => {
    const raw = vi.fn(async () => ({ ok: true, value: info }));
    const api = createApiClient(raw);
    await expect(api.invoke('app.info', {})).resolves.toEqual({ ok: true, value: info });
    expect(raw).toHaveBeenCalledWith('app.info', {});
  });

  it('does not send a request that breaks the contract', async () => {
    const raw = vi.fn();
    const api = createApiClient(raw);
    const result = await api.invoke('app.info', { extra: 1 } as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(raw).not.toHaveBeenCalled();
  });

  it('does not send on an unknown channel', async () => {
    const raw = vi.fn();
    const result = await createApiClient(raw).invoke('toString' as never, {} as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(raw).not.toHaveBeenCalled();
  });

  it.each([
    ['a value of the wrong shape', { ok: true, value: { ...info, host: 'web' } }],
    ['an error with an unknown code', { ok: false, error: { code: 'EACCES', message: 'x' } }],
    ['extra fields', { ok: true, value: info, stack: 'Error at ...' }],
    ['nothing', undefined],
  ])('turns %s from the main process into an internal error', async (_label, reply) => {
    const result = await createApiClient(async () => reply).invoke('app.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
  });
});
