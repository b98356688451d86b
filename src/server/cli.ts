/**
 * `npm run server`: the sync server on its own. See `usage` below (or `--help`) for the
 * options. Mail goes to the SMTP server in LATCHKEY_SMTP_URL (smtp:// or smtps://; an
 * environment variable, not an option, so its password stays out of the process list).
 * Without SMTP the server refuses to start unless --dev-mailbox is given: then every email,
 * with the codes that take over accounts, is a plain file in <data dir>/mailbox, read with
 * `npm run mailbox -- --data-dir <dir>`. This server never serves that mailbox over HTTP (only
 * the desktop app's embedded server does, to the app alone).
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { databaseConfigFrom, startServer } from './index';

const usage = `Usage: npm run server -- [options]
  --data-dir <dir>            the server's data folder (default ./.data): the SQLite database
                              <dir>/server.sqlite and, with --dev-mailbox, the mailbox <dir>/mailbox
  --database <file | postgres://...>   another database (or DATABASE_URL)
  --host <address>            default 127.0.0.1
  --port <n>                  default 8787 (0 picks a free port)
  --dev-mailbox               without SMTP, write every email to <dir>/mailbox (development only)
  --webauthn-rp-id <domain>   security keys: the relying-party ID (default: the browser host's)
  --webauthn-origin <origin>  an app origin allowed to use security keys (repeatable)
  -h, --help                  this text
Mail goes to the SMTP server in the LATCHKEY_SMTP_URL environment variable (smtp:// or smtps://).`;

const options = {
  'data-dir': { type: 'string', default: '.data' },
  database: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8787' },
  'dev-mailbox': { type: 'boolean', default: false },
  'webauthn-rp-id': { type: 'string' },
  'webauthn-origin': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** A bad command line: one line naming the problem, then the usage; exit 2. */
function refuse(problem: string, withUsage = true): never {
  console.error(`latchkey-server: ${problem}`);
  if (withUsage) console.error(usage);
  process.exit(2);
}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options, strict: true }).values;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') refuse((error as Error).message.split('\n')[0] as string);
    // Name the option from the tokens, not from the error's English.
    const unknown = parseArgs({ args, options, strict: false, tokens: true }).tokens.find((token) => token.kind === 'option' && !(token.name in options));
    refuse(`unknown option ${unknown?.kind === 'option' ? unknown.rawName : ''}`);
  }
}

const values = parse(process.argv.slice(2));
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const port = Number(values.port);
if (!/^\d{1,5}$/.test(values.port) || port > 65535) refuse('--port must be a number from 0 to 65535');
const smtpUrl = process.env.LATCHKEY_SMTP_URL;
if (!smtpUrl && !values['dev-mailbox']) {
  refuse('no SMTP server: set LATCHKEY_SMTP_URL=smtp://… to send email, or pass --dev-mailbox to write it to local files (development only)', false);
}

// The data folder holds the database and the mailbox: the owner's alone.
const dataDir = resolve(values['data-dir']);
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
chmodSync(dataDir, 0o700);
const database = databaseConfigFrom(values.database ?? process.env.DATABASE_URL ?? join(dataDir, 'server.sqlite'));
if (database.kind === 'sqlite') mkdirSync(dirname(resolve(database.file)), { recursive: true, mode: 0o700 });
if (!smtpUrl) {
  console.error(
    [
      '',
      '!!! WARNING: --dev-mailbox: no SMTP, so every email this server sends is a plain file in',
      `!!!   ${join(dataDir, 'mailbox')}`,
      '!!! Those emails hold sign-up and recovery codes: anyone who can read these files can',
      '!!! take over the accounts on this server. Use it for development only; set',
      '!!! LATCHKEY_SMTP_URL for real users. Read the mail with: npm run mailbox -- --data-dir <dir>',
      '',
    ].join('\n'),
  );
}

const webauthn = { ...(values['webauthn-rp-id'] ? { rpId: values['webauthn-rp-id'] } : {}), ...(values['webauthn-origin'] ? { origins: values['webauthn-origin'] } : {}) };
const server = await startServer({ database, dataDir, host: values.host, port, logLevel: 'info', webauthn, ...(smtpUrl ? { mail: { smtpUrl } } : {}) });
console.log(`Latchkey sync server listening on ${server.url} (${database.kind})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
