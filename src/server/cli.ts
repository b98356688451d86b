/**
 * `npm run server`: the sync server on its own.
 *   --database <file | postgres://...>   (or DATABASE_URL; default ./.data/server.sqlite)
 *   --host 127.0.0.1   --port 8787
 *   --mailbox <dir>   where mail goes without SMTP (default: <database folder>/mailbox)
 *   --webauthn-rp-id <domain>   --webauthn-origin <origin> (repeatable)   security keys: the
 *     relying-party ID and the app origins allowed to use them (default: the browser host's)
 * Mail goes to the SMTP server in LATCHKEY_SMTP_URL (smtp:// or smtps://) when it is set.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { databaseConfigFrom, startServer } from './index';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: process.env.DATABASE_URL ?? '.data/server.sqlite' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8787' },
    mailbox: { type: 'string' },
    'webauthn-rp-id': { type: 'string' },
    'webauthn-origin': { type: 'string', multiple: true },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535`);
  process.exit(2);
}
const database = databaseConfigFrom(values.database);
if (database.kind === 'sqlite') mkdirSync(dirname(resolve(database.file)), { recursive: true, mode: 0o700 });

const webauthn = { ...(values['webauthn-rp-id'] ? { rpId: values['webauthn-rp-id'] } : {}), ...(values['webauthn-origin'] ? { origins: values['webauthn-origin'] } : {}) };
const server = await startServer({ database, host: values.host, port, logLevel: 'info', webauthn, ...(values.mailbox ? { mailboxDir: resolve(values.mailbox) } : {}) });
console.log(`Latchkey sync server listening on ${server.url} (${database.kind})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
