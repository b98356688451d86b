/**
 * Password Health from plain items: weak passwords by zxcvbn score, reused passwords as groups,
 * logins on two-step sites without a one-time password; the report never holds a password.
 */
import { describe, expect, it } from 'vitest';
import { passwordHealth } from '../../../src/main/core/health/password-health';
import { TWO_STEP_SITES, twoStepSiteOf } from '../../../src/main/core/health/two-step-sites';
import type { ItemFields } from '../../../src/shared/vault/item-fields';

const common = { notes: '', tags: [], favourite: false, customFields: [] };
const strong = 'correct-Horse-battery-staple-97-quasar';
const otp = 'otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30';

function login(itemId: string, title: string, password: string, urls: string[] = [], otpUri = ''): { vaultId: string; itemId: string; title: string; fields: ItemFields } {
  return { vaultId: 'V1', itemId, title, fields: { type: 'login', ...common, title, username: 'me', password, urls, otp: otpUri } };
}

describe('passwordHealth', () => {
  it('lists weak passwords (score 2 or less), not strong ones or empty ones', async () => {
    const report = await passwordHealth([login('a', 'Bank', 'password1'), login('b', 'Mail', strong), login('c', 'Empty', '')]);
    expect(report.weak).toEqual([{ vaultId: 'V1', itemId: 'a', title: 'Bank', score: expect.any(Number) }]);
    expect(report.weak[0]!.score).toBeLessThanOrEqual(2);
  });

  it('a standalone password item counts too; a note has none', async () => {
    const standalone = { vaultId: 'V2', itemId: 'p', title: 'Wifi', fields: { type: 'password', ...common, title: 'Wifi', password: 'qwerty' } as ItemFields };
    const note = { vaultId: 'V2', itemId: 'n', title: 'Note', fields: { type: 'note', ...common, title: 'Note' } as ItemFields };
    expect((await passwordHealth([standalone, note])).weak.map((item) => item.itemId)).toEqual(['p']);
  });

  it('groups reused passwords, largest group first, each sorted by title', async () => {
    const report = await passwordHealth([
      login('1', 'Zeta', strong),
      login('2', 'Alpha', strong),
      login('3', 'Other', `${strong}!`),
      login('4', 'Beta', 'tr0ub4dor&3-again-xyz'),
      login('5', 'Gamma', 'tr0ub4dor&3-again-xyz'),
      login('6', 'Delta', 'tr0ub4dor&3-again-xyz'),
    ]);
    expect(report.reused.map((group) => group.map((item) => item.title))).toEqual([
      ['Beta', 'Delta', 'Gamma'],
      ['Alpha', 'Zeta'],
    ]);
  });

  it('lists logins on two-step sites without a one-time password, only from the item', async () => {
    const report = await passwordHealth([
      login('g', 'GitHub', strong, ['github.com/login']),
      login('h', 'GitHub work', strong, ['https://gist.github.com'], otp),
      login('i', 'Intranet', strong, ['https://intranet.example']),
      login('j', 'Not GitHub', strong, ['https://notgithub.com']),
    ]);
    expect(report.missingTwoStep).toEqual([{ vaultId: 'V1', itemId: 'g', title: 'GitHub', site: 'github.com' }]);
  });

  it('the report holds no password', async () => {
    const report = await passwordHealth([login('a', 'One', 'hunter2hunter2'), login('b', 'Two', 'hunter2hunter2', ['https://www.dropbox.com'])]);
    expect(JSON.stringify(report)).not.toContain('hunter2');
    expect(report.reused).toHaveLength(1);
    expect(report.missingTwoStep).toHaveLength(1);
  });
});

describe('twoStepSiteOf', () => {
  it('matches a domain and its subdomains, with or without a scheme, in any case', () => {
    expect(twoStepSiteOf(['HTTPS://Accounts.Google.com/signin'])).toBe('google.com');
    expect(twoStepSiteOf(['not a url at all', 'www.paypal.com.'])).toBe('paypal.com');
    expect(twoStepSiteOf(['https://google.com.evil.example', 'android-app://x'])).toBeNull();
  });

  it('the shipped list is domains only, lower case, without repeats', () => {
    for (const domain of TWO_STEP_SITES) expect(domain).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(new Set(TWO_STEP_SITES).size).toBe(TWO_STEP_SITES.length);
  });
});
