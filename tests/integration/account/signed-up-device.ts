/** A device with one account signed up on a real server (SQLite), the real keychain and an offline cache on disk. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Accounts } from '../../../src/main/core/account/accounts';
import { SignUp } from '../../../src/main/core/account/sign-up';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { DeviceKeychain } from '../../../src/main/core/device/keychain';
import { OfflineCache } from '../../../src/main/core/offline/offline-cache';
import { SettingsStore } from '../../../src/main/core/settings/settings';
import { SyncServerClient } from '../../../src/main/core/sync/client';
import { testDatabases } from '../server/databases';
import { lastCodeFor, startSmtp, startTestServer } from '../server/harness';

/** `client` makes the device's client to the server (a test's watching one). */
export async function signedUpDevice(email: string, password: string, client = (url: string) => new SyncServerClient(url)) {
  await initCrypto();
  const smtp = await startSmtp();
  const server = await startTestServer(await testDatabases[0]!.create(), smtp);
  const api = client(server.url);
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-account-'));
  const settings = SettingsStore.open(dataDir);
  const keychain = new DeviceKeychain({ installationId: settings.installationId });
  const cache = new OfflineCache(join(dataDir, 'cache'));
  const accounts = new Accounts(settings, keychain, api, cache);
  const signUp = new SignUp(api);
  await signUp.start(email, 'Alice');
  await signUp.verify(lastCodeFor(smtp, email));
  const { accountId } = await accounts.add(await signUp.complete(password));
  return {
    smtp,
    server,
    api,
    dataDir,
    settings,
    keychain,
    cache,
    accounts,
    accountId,
    async close() {
      await accounts.signOut(accountId);
      await server.close();
      await smtp.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
