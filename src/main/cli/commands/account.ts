/** `latchkey account add | list | forget`: the accounts signed in on this device, shared with the desktop app. */
import type { Command, Option } from '../command';
import { readSession, endSession } from '../session';

export const accountOption: Record<string, Option> = { account: { type: 'string', value: 'ACCOUNT', help: "the account's email or id (needed when the device has several)" } };

export const accountCommands: Command[] = [
  {
    name: 'account add',
    summary: 'Signs this device in to an account: the email, the Secret Key (from the Emergency Kit) and the account password.',
    details: [
      'Each is read from its environment variable when set (LATCHKEY_EMAIL, LATCHKEY_SECRET_KEY, LATCHKEY_PASSWORD),',
      'else from the next line of standard input when it is not a terminal, else asked at the terminal (secrets with echo off).',
      'Example: printf "%s\\n%s\\n" "$SECRET_KEY" "$PASSWORD" | latchkey account add --email ana@example.com',
    ],
    options: { email: { type: 'string', value: 'EMAIL', help: 'the account email (not secret; asked for when not given)' } },
    async run(context) {
      const email = (context.values.email as string | undefined) ?? (await context.input.read({ label: 'Email', env: 'LATCHKEY_EMAIL', secret: false }));
      const secretKey = await context.input.read({ label: 'Secret Key', env: 'LATCHKEY_SECRET_KEY', secret: true });
      const password = await context.input.read({ label: 'Account password', env: 'LATCHKEY_PASSWORD', secret: true });
      const { call } = await context.core();
      const { account } = await call('signin.newDevice', { email: email.trim(), secretKey, password });
      context.out(`Added ${account.email} (${account.accountId}).`);
      context.note('Run `latchkey unlock` to use it.');
    },
  },
  {
    name: 'account list',
    summary: 'Lists the accounts signed in on this device.',
    details: ['--json: {"accounts": [{"accountId", "email", "name", "serverUrl", "session"}]} (session: this data folder holds its unexpired command-line session).'],
    read: true,
    async run(context) {
      const { call } = await context.core();
      const session = readSession(context.dataDir);
      const live = session && session.expiresAt > Date.now() ? session.accountId : null;
      const accounts = (await call('accounts.list', {})).accounts.map(({ accountId, email, name, serverUrl }) => ({ accountId, email, name, serverUrl, session: accountId === live }));
      if (context.json) return context.out(JSON.stringify({ accounts }));
      if (accounts.length === 0) return context.note('No accounts on this device. Add one with `latchkey account add`.');
      for (const account of accounts) context.out(`${account.accountId}  ${account.email}  ${account.serverUrl}${account.session ? '  (session)' : ''}`);
    },
  },
  {
    name: 'account forget',
    summary: 'Signs this device out of an account and forgets it: its Secret Key leaves the keychain, its offline copy is deleted.',
    details: ['Sign in again later with `latchkey account add` and the Emergency Kit.'],
    options: accountOption,
    async run(context) {
      const accountId = await context.account();
      const { call } = await context.core();
      await call('account.signOut', { accountId });
      if (readSession(context.dataDir)?.accountId === accountId) endSession(context.dataDir);
      context.out(`Forgot ${accountId}.`);
    },
  },
];
