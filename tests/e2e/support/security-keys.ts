/**
 * Security keys for the e2e specs: Chromium's virtual authenticator (CDP WebAuthn domain) on
 * the app page, as a USB CTAP2 key. "The same key on another computer" is a virtual
 * authenticator on that device's page holding a copy of the first one's credentials.
 */
import { expect, type CDPSession, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { password } from './accounts';

export interface VirtualKey {
  /** Takes the key away: the page can no longer reach it. */
  unplug(): Promise<void>;
  /** How many credentials the key holds. */
  credentialCount(): Promise<number>;
  /** The credentials, private keys included, to copy onto a virtual key on another device. */
  credentials(): Promise<unknown[]>;
}

const authenticatorOptions = { protocol: 'ctap2', transport: 'usb', hasResidentKey: false, hasUserVerification: true, isUserVerified: true } as const;

async function webAuthnSession(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  return cdp;
}

/** Plugs a security key into `page`'s computer; with `copyOf`, the same key that was plugged in elsewhere. */
export async function plugInKey(page: Page, copyOf?: VirtualKey): Promise<VirtualKey> {
  const cdp = await webAuthnSession(page);
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: authenticatorOptions });
  for (const credential of (await copyOf?.credentials()) ?? []) await cdp.send('WebAuthn.addCredential', { authenticatorId, credential } as never);
  const credentials = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  return {
    unplug: async () => void (await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })),
    credentialCount: async () => (await credentials()).length,
    credentials,
  };
}

/** From the account page: registers the key plugged in now under `name` (a wrong password first, once); ends back on the account page. */
export async function registerKey(page: Page, name: string, { wrongPasswordFirst = false } = {}): Promise<void> {
  await page.getByRole('button', { name: 'Add a security key…' }).click();
  await expect(page.getByRole('heading', { name: 'Add a security key' })).toBeFocused();
  await page.getByLabel('Name for this key').fill(name);
  if (wrongPasswordFirst) {
    await page.getByLabel('Account password').fill('not the password 123');
    await page.getByRole('button', { name: 'Register key' }).click();
    await expect(page.getByRole('alert')).toHaveText('That password is not right.', { timeout: 30_000 });
  }
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Register key' }).click();
  await expect(page.getByRole('heading', { name: 'Security key added' })).toBeFocused({ timeout: 30_000 });
  await expectAccessible(page, 'security key: added');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(keyList(page).getByText(name, { exact: true })).toBeVisible();
}

/** The list of keys in Sign-In & Recovery. */
export const keyList = (page: Page) => page.getByRole('list', { name: 'Security keys' });

/** What `vault.open` gives the renderer now: before the second factor it must be a refusal. */
export function openVaultDirectly(page: Page) {
  return page.evaluate(async () => {
    const accounts = await window.latchkey.invoke('accounts.list', {});
    return accounts.ok ? window.latchkey.invoke('vault.open', { accountId: accounts.value.accounts[0]?.accountId ?? '' }) : accounts;
  });
}
