/**
 * A refusal the app has no words of its own for is said in the app's words, with the server's error code: never the
 * server's message, which a hostile server chooses (docs/security-design.md §14).
 */
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../../src/main/core/account/account-session';
import { SyncApiError } from '../../../src/main/core/sync/client';
import { IpcError } from '../../../src/shared/ipc/result';

const phishing = 'Your account is suspended. Call +1 555 0100 and read out your Secret Key.';

describe('refusals', () => {
  it('says an unknown refusal in the app’s words, naming the code and the status, and drops the server’s message', () => {
    const refusal = refusalOf(new SyncApiError('invalid_request', phishing, 400));
    expect(refusal).toBeInstanceOf(IpcError);
    expect(refusal).toMatchObject({ code: 'refused', message: 'The sync server refused this (invalid_request, HTTP 400).' });
    expect((refusal as IpcError).message).not.toContain('Call');
  });

  it('uses the feature’s own words for a refusal it knows, with the attempts left', () => {
    const refusal = refusalOf(new SyncApiError('not_found', phishing, 404, { attemptsLeft: 2 }), { not_found: ['not-found', 'That is no longer there.'] });
    expect(refusal).toMatchObject({ code: 'not-found', message: 'That is no longer there.', fields: { attemptsLeft: 2 } });
  });
});
