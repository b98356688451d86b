/**
 * Attack class: a recovery response that tries to make the device wrap keys to the server.
 * During a recovery with a recovery code, the server answers `verify` with public keys it
 * holds the private halves of, next to the real encrypted keyset. Were the device to take them,
 * whatever it later sealed to "its own" public key (vault keys, a family's group key) would go
 * to the server. The keyset's AAD binds its public keys (src/main/core/crypto/keyset.ts), so the
 * device refuses the answer, sends nothing more, and the account is not changed. The same holds
 * for an unlock whose account state names the server's public keys.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyset } from '../../../src/main/core/crypto/keyset';
import { toWire } from '../../../src/main/core/sync/wire';
import { TAMPERED_ANSWER } from '../../../src/main/core/recovery/use-messages';
import { accountRoutes } from '../../../src/shared/server-api/account';
import { recoveryRoutes } from '../../../src/shared/server-api/recovery';
import { snapshot } from '../server/harness';
import { codeIn, waitForMail } from '../server/recovery-helpers';
import { addLogin, PASSWORD as password, useHostileServer, type TestDevice } from './hostile-server';

const email = 'wrap@example.com';
const newPassword = 'a brand new passphrase 2026 meadow';

const hostile = useHostileServer();
let first: TestDevice;
let accountId: string;
let recoveryCode: string;
/** A keyset whose private keys the server holds. */
let servers: { x25519: string; ed25519: string };

beforeAll(async () => {
  ({ device: first, accountId } = await hostile.signedUpDevice(email));
  await addLogin(first, accountId, 'Bank');
  ({ code: recoveryCode } = await first.ipc('recoveryCode.begin', { accountId, password }));
  await first.ipc('recoveryCode.confirm', { accountId, code: recoveryCode });
  const keyset = generateKeyset('primary');
  servers = { x25519: toWire(keyset.boxPublicKey), ed25519: toWire(keyset.signPublicKey) };
  keyset.dispose();
});

/** Starts a recovery on `device` and answers the emailed check; what `verify` answers is up to the rules in force. */
async function startAndVerify(device: TestDevice): Promise<void> {
  const before = hostile.smtp.messages.length;
  await device.ipc('recoveryUse.start', { email, code: recoveryCode });
  await device.ipc('recoveryUse.verify', { check: 'email', code: codeIn(await waitForMail(hostile.smtp, email, /verification code is/, before)) });
}

describe('a recovery response that tries to make the device wrap keys to the server', () => {
  const swaps: [string, (keys: { x25519: string; ed25519: string }) => { x25519: string; ed25519: string }][] = [
    ['both public keys the server’s', () => servers],
    ['the X25519 public key (the one sealed boxes go to) the server’s', (keys) => ({ ...keys, x25519: servers.x25519 })],
  ];
  for (const [what, swap] of swaps) {
    it(`verify answers with ${what}: refused, nothing more is sent, and the account is unchanged`, async () => {
      const device = await hostile.device();
      const accountsBefore = (await snapshot(hostile.db)).accounts;
      const rule = hostile.rewriteBody(recoveryRoutes.verify, (body) => ({ ...body, account: { ...body.account, publicKeys: swap(body.account.publicKeys) } }));
      await expect(startAndVerify(device)).rejects.toMatchObject({ code: 'untrusted-key', message: TAMPERED_ANSWER });
      expect(rule.hits).toBe(1);
      await expect(device.ipc('recoveryUse.complete', { password: newPassword })).rejects.toMatchObject({ message: expect.stringMatching(/^Start again/) as unknown });
      expect(hostile.requests(recoveryRoutes.resetStart)).toHaveLength(0);
      expect(hostile.requests(recoveryRoutes.resetFinish)).toHaveLength(0);
      expect((await snapshot(hostile.db)).accounts).toEqual(accountsBefore);
      expect((await device.ipc('accounts.list', {})).accounts).toEqual([]);
    });
  }

  it("unlock with the server's public keys in the account state: refused, and the account stays locked", async () => {
    await first.ipc('account.lock', { accountId });
    const rule = hostile.rewriteBody(accountRoutes.account, (state) => ({ ...state, publicKeys: servers }));
    await expect(first.ipc('account.unlock', { accountId, password })).rejects.toMatchObject({ code: 'wrong-password' });
    expect(rule.hits).toBe(1);
    expect((await first.ipc('accounts.list', {})).accounts).toEqual([expect.objectContaining({ accountId, unlocked: false })]);
    rule.stop();
    // Control: the same unlock through an honest wire.
    expect((await first.ipc('account.unlock', { accountId, password })).account).toMatchObject({ unlocked: true });
  });

  it('control: the same recovery through an honest wire recovers the account, with its items', async () => {
    const device = await hostile.device();
    await startAndVerify(device);
    const { account } = await device.ipc('recoveryUse.complete', { password: newPassword });
    expect(account).toMatchObject({ email, unlocked: true });
    expect((await device.ipc('vault.open', { accountId: account.accountId })).items.map((item) => item.title)).toEqual(['Bank']);
  });
});
