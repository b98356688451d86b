/** `latchkey unlock` and `latchkey lock`: the command line's session (../session.ts). */
import type { Command } from '../command';
import { endSession, SESSION_ENV, startSession } from '../session';
import { accountOption } from './account';

/** What the unlock did to this device's copy of the vaults (the 'vault.pull' channel's outcome). */
const PULLED = {
  current: "This device's copy of the vaults was up to date.",
  pulled: "The server's changes were pulled into this device's copy of the vaults.",
  offline: "The sync server could not be reached: this device's copy of the vaults is as of its last sync.",
} as const;

export const sessionCommands: Command[] = [
  {
    name: 'unlock',
    summary: `Unlocks an account with its password and prints a session key for ${SESSION_ENV}.`,
    details: [
      'The password is read from LATCHKEY_PASSWORD when set, else from standard input when it is not a terminal, else asked with echo off.',
      'The session lasts the idle-lock time after its last use; `latchkey lock` ends it at once.',
      "It also brings this device's copy of the vaults, which `item list` and `item get` read, up to the server's: the vaults are opened and pulled only when the server has a change since the copy.",
      `Example: export ${SESSION_ENV}="$(latchkey unlock)"`,
    ],
    options: accountOption,
    async run(context) {
      const accountId = await context.account();
      const password = await context.input.read({ label: 'Account password', env: 'LATCHKEY_PASSWORD', secret: true });
      const { core, call } = await context.core();
      await call('account.unlock', { accountId, password });
      // The offline cache brought up to date, which the read commands answer from (README, "Command line").
      const { outcome } = await call('vault.pull', { accountId });
      context.out(await startSession(core, context.dataDir, accountId));
      context.note(`Unlocked. ${PULLED[outcome]} Set ${SESSION_ENV} to the key above for the commands that need it, e.g. export ${SESSION_ENV}="$(latchkey unlock)".`);
    },
  },
  {
    name: 'lock',
    summary: "Ends this data folder's session: its wrapped key is deleted, so no session key opens it again.",
    async run(context) {
      context.out(endSession(context.dataDir) ? 'Locked.' : 'There was no session to lock.');
    },
  },
];
