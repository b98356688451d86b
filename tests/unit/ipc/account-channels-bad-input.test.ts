/**
 * Bad input on the Sign-In & Recovery, two-step verification (authenticator app and security
 * keys), recovery identity checks, local mailbox, vault and shared-vault channels, checking
 * an organizer's security code, renaming an account and dismissing a family notice: refused with a clear
 * 'bad-request' before any handler runs (so nothing changes), without echoing a secret back.
 */
import { describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from '../../../src/main/core/ipc/router';
import { appOrigins } from '../../../src/shared/app-shell';
import { channels, type ChannelName } from '../../../src/shared/ipc/contract';

const appFrame = { frameUrl: `${appOrigins.browser}/index.html` };
/** A security key's answers as @simplewebauthn/browser hands them over (the values need only be well-formed here). */
const registration = { id: 'Y3JlZA', rawId: 'Y3JlZA', type: 'public-key', response: { clientDataJSON: 'e30', attestationObject: 'o2Nm', transports: ['usb'] }, clientExtensionResults: { credProps: { rk: false } }, authenticatorAttachment: 'cross-platform' };
const assertion = { id: 'Y3JlZA', rawId: 'Y3JlZA', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'MEUC' }, clientExtensionResults: {} };
const accountId = '4b0c6a4e-8f3e-4d7e-9d5c-0a1b2c3d4e5f';
const vaultId = 'c2hhcmVkLXZhdWx0LWlkAA';
const itemId = 'aXRlbS1pZC1mb3ItdGVzdA';
const secret = 'correct horse battery staple 42';

function router() {
  const handlers = Object.fromEntries(Object.keys(channels).map((name) => [name, vi.fn(async () => ({}))])) as unknown as Record<ChannelName, ReturnType<typeof vi.fn>>;
  return { route: createRouter({ handlers: handlers as unknown as Handlers, allowedOrigins: [appOrigins.browser], onInternalError: vi.fn() }), handlers };
}

const badRequests: [ChannelName, string, unknown, RegExp][] = [
  ['account.changePassword', 'no current password', { accountId, currentPassword: '', newPassword: secret }, /Enter your account password/],
  ['account.changePassword', 'no new password', { accountId, currentPassword: secret, newPassword: '' }, /Choose a new password/],
  ['account.changePassword', 'a new password of 1,025 characters', { accountId, currentPassword: secret, newPassword: 'x'.repeat(1025) }, /newPassword/],
  ['account.changePassword', 'an account id that is not a UUID', { accountId: 'alice', currentPassword: secret, newPassword: `${secret}!` }, /accountId/],
  ['account.changePassword', 'an extra field', { accountId, currentPassword: secret, newPassword: `${secret}!`, secretKey: secret }, /secretKey|Unrecognized/],
  ['account.changePassword', 'a password that is not text', { accountId, currentPassword: 42, newPassword: `${secret}!` }, /currentPassword/],
  ['secretKey.reveal', 'no password', { accountId }, /password/],
  ['secretKey.reveal', 'an empty password', { accountId, password: '' }, /Enter your account password/],
  ['secretKey.reveal', 'no account', { password: secret }, /accountId/],
  ['devices.list', 'an account id that is not a UUID', { accountId: '../../etc' }, /accountId/],
  ['devices.signOut', 'no session id', { accountId }, /sessionId/],
  ['devices.signOut', 'a session id with a path in it', { accountId, sessionId: '../sessions' }, /That is not a signed-in device/],
  ['devices.signOut', 'a session id of 65 characters', { accountId, sessionId: 'a'.repeat(65) }, /That is not a signed-in device/],
  ['devices.signOutOthers', 'an extra field', { accountId, password: secret, all: true }, /all|Unrecognized/],
  ['devices.signOutOthers', 'no password', { accountId }, /password/],
  ['devices.signOutOthers', 'a code that is not 6 digits', { accountId, password: secret, secondFactor: { code: '12345' } }, /6 digits|secondFactor/],
  ['devices.signOut', 'no password', { accountId, sessionId: 'Zm9vYmFyLXNlc3Npb24' }, /password/],
  ['account.changePassword', 'a second factor of two kinds', { accountId, currentPassword: secret, newPassword: `${secret}!`, secondFactor: { code: '123456', securityKey: {} } }, /secondFactor|Unrecognized/],
  ['recoveryCode.begin', 'a second factor that is not a code', { accountId, password: secret, secondFactor: { code: 'abcdef' } }, /6 digits|secondFactor/],
  ['localMailbox.list', 'a filter it does not take', { to: 'alice@example.com' }, /to|Unrecognized/],
  ['twoFactor.begin', 'an empty password', { accountId, password: '' }, /Enter your account password/],
  ['twoFactor.activate', 'five digits', { accountId, code: '12345' }, /Enter the 6 digits/],
  ['twoFactor.activate', 'letters', { accountId, code: 'abcdef' }, /Enter the 6 digits/],
  ['twoFactor.activate', 'a number, not text', { accountId, code: 123456 }, /code/],
  ['twoFactor.verify', 'seven digits', { accountId, code: '1234567' }, /Enter the 6 digits/],
  ['twoFactor.verify', 'no account', { code: '123456' }, /accountId/],
  ['twoFactor.disable', 'no password', { accountId, code: '123456' }, /password/],
  ['twoFactor.disable', 'an extra field', { accountId, password: secret, code: '123456', secret: 'JBSWY3DPEHPK3PXP' }, /secret|Unrecognized/],
  ['recoveryChecks.change', 'no check at all', { accountId, password: secret, checks: [] }, /Choose at least one way/],
  ['recoveryChecks.change', 'a check twice', { accountId, password: secret, checks: ['email', 'email'] }, /Choose each way once/],
  ['recoveryChecks.change', 'a check that does not exist', { accountId, password: secret, checks: ['sms'] }, /checks/],
  ['recoveryChecks.change', 'no password', { accountId, checks: ['email'] }, /password/],
  ['recoveryChecks.status', 'an account id that is not a UUID', { accountId: 'alice' }, /accountId/],
  ['recoveryUse.verify', 'no check named', { code: '12345678' }, /check/],
  ['recoveryUse.verify', 'a security key with a code instead of its answer', { check: 'securityKey', code: '123456' }, /response|code/],
  ['recoveryUse.verify', 'an authenticator code of 8 digits', { check: 'authenticator', code: '12345678' }, /Enter the 6 digits/],
  ['recoveryUse.verify', 'an emailed code with letters', { check: 'email', code: '1234abcd' }, /Enter the digits from the email/],
  ['securityKeys.list', 'an account id that is not a UUID', { accountId: 'alice' }, /accountId/],
  ['securityKeys.beginRegistration', 'an empty password', { accountId, password: '' }, /Enter your account password/],
  ['securityKeys.finishRegistration', 'a blank name', { accountId, name: '   ', response: registration }, /Give the key a name/],
  ['securityKeys.finishRegistration', 'a name of 65 characters', { accountId, name: 'k'.repeat(65), response: registration }, /at most 64 characters/],
  ['securityKeys.finishRegistration', 'a name with a control character', { accountId, name: 'Blue\u0007key', response: registration }, /control characters/],
  ['securityKeys.finishRegistration', 'no answer from the key', { accountId, name: 'Blue key' }, /response/],
  ['securityKeys.finishRegistration', 'an answer that is not base64url', { accountId, name: 'Blue key', response: { ...registration, rawId: 'not base64!' } }, /rawId|base64url/],
  ['securityKeys.finishRegistration', 'an answer with an extra field', { accountId, name: 'Blue key', response: { ...registration, privateKey: secret } }, /privateKey|Unrecognized/],
  ['securityKeys.beginCheck', 'an extra field', { accountId, credentialId: 'Y3JlZA' }, /credentialId|Unrecognized/],
  ['securityKeys.finishCheck', 'an assertion of the wrong type', { accountId, response: { ...assertion, type: 'password' } }, /type/],
  ['securityKeys.finishCheck', 'an assertion without a signature', { accountId, response: { ...assertion, response: { clientDataJSON: 'e30', authenticatorData: 'AAAA' } } }, /signature/],
  ['securityKeys.remove', 'no password', { accountId, keyId: 'a2V5' }, /password/],
  ['securityKeys.remove', 'a key id with a path in it', { accountId, password: secret, keyId: '../keys' }, /keyId|base64url/],
  ['vault.item', 'no vault', { accountId, itemId }, /vaultId/],
  ['vault.item', 'a vault id with a path in it', { accountId, vaultId: '../../cache/vault.json', itemId }, /vaultId|16 bytes/],
  ['vault.open', 'a vault id that is not one', { accountId, vaultId: 'Private' }, /vaultId|16 bytes/],
  ['vault.show', 'a vault id with a path in it', { accountId, vaultId: '../../cache/vault.json' }, /vaultId|16 bytes/],
  ['vault.show', 'a query of 201 characters', { accountId, query: 'q'.repeat(201) }, /query/],
  ['vault.show', 'a pull that is not yes or no', { accountId, pull: 'wait' }, /pull|boolean/],
  ['vault.show', 'an extra field', { accountId, refresh: true }, /refresh|Unrecognized/],
  ['vault.save', 'no vault', { accountId, expectedVersion: 0, fields: { title: 'Bank', username: '', password: secret, urls: [], notes: '' } }, /vaultId/],
  ['vault.createShared', 'a blank name', { accountId, name: '   ' }, /Give the vault a name/],
  ['vault.createShared', 'a name of 101 characters', { accountId, name: 'v'.repeat(101) }, /at most 100 characters/],
  ['vault.createShared', 'an extra field', { accountId, name: 'Household', members: ['ABC123'] }, /members|Unrecognized/],
  ['vault.share', 'no member', { accountId, vaultId }, /memberId/],
  ['vault.share', 'a member id that is not an account id', { accountId, vaultId, memberId: 'kid@family.example' }, /account id/],
  ['vault.share', 'a sealed key sent from the page', { accountId, vaultId, memberId: 'ABC123', sealedVaultKey: secret }, /sealedVaultKey|Unrecognized/],
  ['vault.unshare', 'a vault id that is not one', { accountId, vaultId: 'x', memberId: 'ABC123' }, /vaultId|16 bytes/],
  ['vault.access', 'no vault', { accountId }, /vaultId/],
  ['vault.verifyMember', 'no security code', { accountId, vaultId, memberId: 'ABC123' }, /securityCode/],
  ['vault.verifyMember', 'a security code of 201 characters', { accountId, vaultId, memberId: 'ABC123', securityCode: 'A'.repeat(201) }, /That is not a security code/],
  ['vault.verifyMember', 'a member id that is not an account id', { accountId, vaultId, memberId: '../ABC123', securityCode: 'ABCD' }, /account id/],
  ['vault.verifyMember', 'a public key sent from the page', { accountId, vaultId, memberId: 'ABC123', securityCode: 'ABCD', publicKey: secret }, /publicKey|Unrecognized/],
  ['family.trustOrganizer', 'no security code', { accountId }, /organizerCode/],
  ['family.trustOrganizer', 'a security code that is not text', { accountId, organizerCode: 42 }, /organizerCode/],
  ['family.trustOrganizer', 'a family id sent from the page', { accountId, organizerCode: 'ABCD', familyId: secret }, /familyId|Unrecognized/],
  ['account.rename', 'a name of spaces only', { accountId, name: '   ' }, /Enter a name/],
  ['account.rename', 'a name of 101 characters', { accountId, name: 'x'.repeat(101) }, /at most 100 characters/],
  ['account.rename', 'a version sent from the page', { accountId, name: 'Home', version: 7 }, /version|Unrecognized/],
  ['family.dismissCancelledRecovery', 'no member', { accountId }, /memberId/],
  ['family.dismissCancelledRecovery', 'a member id that is not an account id', { accountId, memberId: '../ABC123' }, /not a member of this family/],
];

describe('Sign-In & Recovery, two-step verification, recovery, local mailbox and vault channels', () => {
  it.each(badRequests)('%s refuses %s, and no handler runs', async (channel, _label, request, message) => {
    const { route, handlers } = router();
    const result = await route(appFrame, channel, request);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(message) } });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(Object.values(handlers).filter((handler) => handler.mock.calls.length > 0)).toEqual([]);
  });

  it.each([
    ['account.changePassword', { accountId, currentPassword: secret, newPassword: `${secret}!` }],
    ['secretKey.reveal', { accountId, password: secret }],
    ['devices.list', { accountId }],
    ['devices.signOut', { accountId, sessionId: 'Zm9vYmFyLXNlc3Npb24', password: secret }],
    ['devices.signOutOthers', { accountId, password: secret, secondFactor: { code: '123456' } }],
    ['localMailbox.list', {}],
    ['twoFactor.status', { accountId }],
    ['twoFactor.begin', { accountId, password: secret }],
    ['twoFactor.activate', { accountId, code: '123456' }],
    ['twoFactor.disable', { accountId, password: secret, code: '654321' }],
    ['recoveryChecks.status', { accountId }],
    ['recoveryChecks.change', { accountId, password: secret, checks: ['authenticator', 'email'] }],
    ['recoveryUse.verify', { check: 'email', code: '12345678' }],
    ['securityKeys.list', { accountId }],
    ['securityKeys.beginRegistration', { accountId, password: secret }],
    ['securityKeys.finishRegistration', { accountId, name: 'Blue key', response: registration }],
    ['securityKeys.beginCheck', { accountId }],
    ['securityKeys.finishCheck', { accountId, response: assertion }],
    ['securityKeys.remove', { accountId, password: secret, keyId: 'a2V5' }],
    ['vault.open', { accountId }],
    ['vault.open', { accountId, vaultId }],
    ['vault.show', { accountId, vaultId, query: 'bank' }],
    ['vault.item', { accountId, vaultId, itemId }],
    ['vault.createShared', { accountId, name: 'Household' }],
    ['vault.access', { accountId, vaultId }],
    ['vault.share', { accountId, vaultId, memberId: 'ABC123' }],
    ['vault.unshare', { accountId, vaultId, memberId: 'ABC123' }],
    ['vault.verifyMember', { accountId, vaultId, memberId: 'ABC123', securityCode: 'KTQR VP93 H61P 5N6H 2GS6 43HE' }],
    ['family.trustOrganizer', { accountId, organizerCode: 'KTQR VP93 H61P 5N6H 2GS6 43HE' }],
    ['account.rename', { accountId, name: 'Zoë at Home' }],
    ['family.dismissCancelledRecovery', { accountId, memberId: 'ABC123' }],
  ] as [ChannelName, unknown][])('%s passes a well-formed request to its handler', async (channel, request) => {
    const { route, handlers } = router();
    await route(appFrame, channel, request);
    expect(handlers[channel]).toHaveBeenCalledOnce();
    expect(handlers[channel].mock.calls[0]?.[0]).toEqual(request);
  });

  it('passes a security key name without the spaces around it', async () => {
    const { route, handlers } = router();
    await route(appFrame, 'securityKeys.finishRegistration', { accountId, name: '  Blue key ', response: registration });
    expect(handlers['securityKeys.finishRegistration'].mock.calls[0]?.[0]).toMatchObject({ name: 'Blue key' });
  });

  it('passes an authenticator code typed with spaces as its six digits', async () => {
    const { route, handlers } = router();
    await route(appFrame, 'twoFactor.verify', { accountId, code: ' 123 456 ' });
    expect(handlers['twoFactor.verify'].mock.calls[0]?.[0]).toEqual({ accountId, code: '123456' });
    await route(appFrame, 'recoveryUse.verify', { check: 'authenticator', code: '654 321' });
    expect(handlers['recoveryUse.verify'].mock.calls[0]?.[0]).toEqual({ check: 'authenticator', code: '654321' });
  });
});
