/**
 * Devices and accounts for the end-to-end specs: a device is the real app with a data
 * folder, HOME and TMPDIR of its own (so a spec can look for stray files there); an account
 * is created through the sign-up screens as a user would.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { launchApp, type RunningApp } from './launch-app';
import { latestCode } from './mailbox';

export const password = 'quiet orchard lantern 1987 fjord';
const openedByTest: { close(): Promise<void> }[] = [];
let sandbox: string;

/** Registers the hooks that give each test a fresh sandbox and close its devices after it. */
export function useDevices(): void {
  test.beforeEach(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'latchkey-e2e-home-'));
  });
  test.afterEach(async () => {
    // Last opened, first closed: devices before the server they talk to.
    for (const opened of openedByTest.splice(0).reverse()) await opened.close();
    rmSync(sandbox, { recursive: true, force: true });
  });
}

/** Closes `opened` when the running test ends. */
export function closeAfterTest(opened: { close(): Promise<void> }): void {
  openedByTest.push(opened);
}

export type Device = RunningApp & { home: string; temp: string };

/** A device with a HOME and TMPDIR of its own; given the data folder of an earlier run of the same device, the app restarts on it. */
export async function device(testInfo: Parameters<typeof launchApp>[0], name: string, args: string[] = [], env: Record<string, string> = {}, dataDir?: string): Promise<Device> {
  const home = join(sandbox, name, 'home');
  const temp = join(sandbox, name, 'tmp');
  mkdirSync(join(home, 'Documents'), { recursive: true });
  mkdirSync(temp, { recursive: true });
  const app = await launchApp(testInfo, { args, env: { HOME: home, TMPDIR: temp, ...env }, ...(dataDir ? { dataDir } : {}) });
  closeAfterTest(app);
  return { ...app, home, temp };
}

/**
 * Creates an account through the sign-up screens (from the welcome screen, or from Manage
 * Accounts when the device has accounts already), stopping at the Emergency Kit step;
 * returns the Secret Key shown.
 */
export async function createAccount(page: Page, dataDir: string, email: string, name = 'Alice Example'): Promise<string> {
  await expectAccessible(page, 'the welcome screen');
  await page.getByRole('button', { name: /^Create (an|a new) account$/ }).click();
  await expectAccessible(page, 'sign-up: details');
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('button', { name: 'Send verification code' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeFocused();
  await expectAccessible(page, 'sign-up: code');
  await page.getByRole('textbox', { name: 'Verification code' }).fill(await latestCode(dataDir, email));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: 'Choose your account password' })).toBeVisible();
  await page.getByLabel('Account password').fill('password1');
  await expect(page.getByRole('button', { name: 'Create account' })).toBeDisabled();
  await expect(page.getByText('This is a commonly used password.')).toBeVisible();
  await page.getByLabel('Account password').fill(password);
  await page.getByLabel('Type it again').fill(password);
  await expect(page.getByRole('button', { name: 'Create account' })).toBeEnabled();
  await expectAccessible(page, 'sign-up: password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Keep your Emergency Kit' })).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'sign-up: Emergency Kit');
  return ((await page.getByRole('textbox', { name: 'Your Secret Key' }).textContent()) ?? '').trim();
}

/** Creates an account, keeps its kit by ticking "I wrote it down", and lands in its window (All items of its Private vault); returns the Secret Key. */
export async function openNewAccount(page: Page, dataDir: string, email: string, name = 'Alice Example'): Promise<string> {
  const secretKey = await createAccount(page, dataDir, email, name);
  await page.getByRole('checkbox', { name: /I wrote my Secret Key down/ }).check();
  await page.getByRole('button', { name: 'Continue to Latchkey' }).click();
  await expectWindow(page);
  return secretKey;
}

/** The window of an unlocked account, opened onto All items of its Private vault. */
export async function expectWindow(page: Page, timeout = 15_000): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Private', level: 1 })).toBeVisible({ timeout });
  await expect(page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'All items', exact: true })).toHaveAttribute('aria-current', 'page');
}

/** From anywhere in the window: its Settings page, with the account's Sign-In & Recovery. */
export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign-In & Recovery' })).toBeVisible();
}

/** From the window: locks the account (Settings → Lock) and unlocks it with `withPassword`; lands in the window again. */
export async function lockAndUnlock(page: Page, withPassword = password): Promise<void> {
  await openSettings(page);
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByLabel('Account password').fill(withPassword);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expectWindow(page, 30_000);
}

/** The sync server a device's app talks to, so a second device can use the same one. */
export async function serverUrlOf(page: Page): Promise<string> {
  const info = await page.evaluate(() => window.latchkey.invoke('app.info', {}));
  if (!info.ok) throw new Error('app.info failed');
  return info.value.server.url;
}

/** Fills in and submits the sign-in screen. */
export async function signInWith(page: Page, details: { email: string; secretKey: string; password: string }): Promise<void> {
  await page.getByRole('textbox', { name: 'Email address' }).fill(details.email);
  await page.getByRole('textbox', { name: 'Secret Key' }).fill(details.secretKey);
  await page.getByLabel('Account password').fill(details.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Every file under `folders` whose bytes contain `secret`. */
export function filesContaining(folders: string[], secret: string): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (stat.isFile() && readFileSync(path).includes(secret)) found.push(path);
  };
  folders.forEach(visit);
  return found;
}

/** From the welcome or accounts screen: signs in with the test password, through to the window. */
export async function signIn(page: Page, email: string, secretKey: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(page, { email, secretKey, password });
  await expectWindow(page, 30_000);
}
