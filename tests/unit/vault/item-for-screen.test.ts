/**
 * What crosses to the window of an opened item: a login's one-time password setup never does
 * (otp '' and hasOtp), in an item and in a write's outcome or conflict alike.
 */
import { describe, expect, it } from 'vitest';
import { forScreen, shownOutcome } from '../../../src/main/core/vault/item-for-screen';
import type { VaultItem } from '../../../src/main/core/vault/open-vault';

const common = { notes: '', tags: [], favourite: false, customFields: [] };
const uri = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30';
const login: VaultItem = {
  itemId: 'AAAAAAAAAAAAAAAAAAAAAA',
  version: 3,
  updatedAt: '2030-01-01T00:00:00.000Z',
  fields: { type: 'login', ...common, title: 'Example', username: 'alice', password: 'pw', urls: [], otp: uri },
  history: [],
  trashedAt: null,
};

describe('forScreen', () => {
  it('keeps a login’s setup out and says it has one', () => {
    const shown = forScreen(login);
    expect(shown.hasOtp).toBe(true);
    expect(shown.fields).toMatchObject({ type: 'login', otp: '', password: 'pw' });
    expect(JSON.stringify(shown)).not.toContain('JBSWY3DP');
    expect(forScreen({ ...login, fields: { ...login.fields, otp: '' } as VaultItem['fields'] }).hasOtp).toBe(false);
    expect(forScreen({ ...login, fields: { type: 'note', ...common, title: 'Note' } }).hasOtp).toBe(false);
  });

  it('applies to a saved item and to a conflict’s current item, and leaves other outcomes as they are', () => {
    expect(JSON.stringify(shownOutcome({ outcome: 'saved', item: login }))).not.toContain('JBSWY3DP');
    expect(shownOutcome({ outcome: 'conflict', current: login })).toMatchObject({ outcome: 'conflict', current: { hasOtp: true, fields: { otp: '' } } });
    expect(shownOutcome({ outcome: 'conflict', current: null })).toEqual({ outcome: 'conflict', current: null });
    expect(shownOutcome({ outcome: 'deleted' })).toEqual({ outcome: 'deleted' });
  });
});
