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
const apps: RunningApp[] = [];
let sandbox: string;

/** Registers the hooks that give each test a fresh sandbox and close its devices after it. */
export function useDevices(): void {
  test.beforeEach(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'latchkey-e2e-home-'));
  });
  test.afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    rmSync(sandbox, { recursive: true, force: true });
  });
}

export type Device = RunningApp & { home: string; temp: string };

/** A device with a HOME and TMPDIR of its own; given the data folder of an earlier run of the same device, the app restarts on it. */
export async function device(testInfo: Parameters<typeof launchApp>[0], name: string, args: string[] = [], env: Record<string, string> = {}, dataDir?: string): Promise<Device> {
  const home = join(sandbox, name, 'home');
  const temp = join(sandbox, name, 'tmp');
  mkdirSync(join(home, 'Documents'), { recursive: true });
  mkdirSync(temp, { recursive: true });
  const app = await launchApp(testInfo, { args, env: { HOME: home, TMPDIR: temp, ...env }, ...(dataDir ? { dataDir } : {}) });
  apps.push(app);
  return { ...app, home, temp };
}

/** Creates an account through the sign-up screens, stopping at the Emergency Kit step; returns the Secret Key shown. */
export async function createAccount(page: Page, dataDir: string, email: string): Promise<string> {
  await expectAccessible(page, 'the welcome screen');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expectAccessible(page, 'sign-up: details');
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Your name' }).fill('Alice Example');
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

/** Signs in on a new device with email, Secret Key and password, and waits for the account page. */
export async function signIn(page: Page, email: string, secretKey: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Secret Key' }).fill(secretKey);
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Open vault' })).toBeVisible({ timeout: 30_000 });
}
