/**
 * The sync server's one public entry point. The desktop hosts run it off their main thread
 * through embedded-entry.ts (the embedded default), and `npm run server` runs it alone;
 * nothing else of src/server is imported from outside.
 */
import { dirname, join, resolve } from 'node:path';
import Fastify from 'fastify';
import type { LocalMailboxAccess } from '../shared/server-api/recovery';
import { appVersion } from '../shared/version';
import { registerAccountRoutes } from './account/routes';
import type { ServerContext, ServerPolicy, WebAuthnConfig } from './context';
import { openDatabase, type DatabaseConfig } from './database/connection';
import { migrateToLatest } from './database/migrations';
import { registerHealthRoutes } from './health/routes';
import { registerErrorHandling } from './http/errors';
import { registerHttpHygiene } from './http/headers';
import { lazyRequestLogger, logRequestBodies, redactedLogPaths, redactionCensor } from './http/logging';
import { registerOpenApi } from './http/openapi';
import { createMailer, type MailOptions } from './mail/mailer';
import { registerRecordChecks } from './security/records';
import { loadServerSecrets } from './security/server-secrets';
import { registerSessionRoutes } from './session/routes';
import { registerTwoFactorRoutes } from './two-factor/routes';
import { registerSecurityKeyRoutes } from './two-factor/security-key-routes';
import { checkWebAuthnConfig, defaultWebAuthnConfig } from './two-factor/security-keys';
// Vaults and items.
import { registerVaultRoutes } from './vault/routes';
import { purgeTrashed, schedulePurge } from './vault/trash-purge';
// Recovery codes, audit log; the embedded app's local mailbox.
import { newMailboxAccess, registerMailboxRoutes } from './recovery/mailbox-routes';
import { registerRecoveryRoutes, type RecoveryTestHooks } from './recovery/routes';
import { registerFamilyRoutes } from './family/routes';
import { registerTrustRecordRoutes } from './trust/trust-record';
import { registerAccountProfileRoutes } from './account/profile-routes';
import { compilersOnFirstUse } from './http/lazy-schemas';

export { databaseConfigFrom, type DatabaseConfig } from './database/connection';
export type { MailOptions } from './mail/mailer';
export type { WebAuthnConfig } from './context';
export type { LocalMailboxAccess } from '../shared/server-api/recovery';

export interface ServerOptions {
  database: DatabaseConfig;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Where log lines go (one JSON line per write); standard output if not given. */
  logStream?: { write(line: string): void };
  /**
   * The desktop host started this server for itself (embedded-entry.ts). Without SMTP, it then serves
   * the local mailbox over GET /v1/local-mailbox, only to loopback and only with the secret in
   * `RunningServer.localMailbox`. Otherwise (`npm run server`, tests) that route is never served.
   */
  embedded?: boolean;
  /** Outgoing mail. Without an SMTP URL here or in LATCHKEY_SMTP_URL, mail goes to `mailboxDir`. */
  mail?: MailOptions;
  /** The server's data folder; default: the SQLite file's folder, else ./.data */
  dataDir?: string;
  /** The local mailbox (one .eml file per message); default: <dataDir>/mailbox */
  mailboxDir?: string;
  /** The clock, in milliseconds since the epoch; tests inject one to move time. */
  now?: () => number;
  /** Security keys: the relying-party ID and the app origins allowed to use them (default: the browser host's, see security-keys.ts). */
  webauthn?: Partial<WebAuthnConfig>;
  /** Tests only (the crash test): awaited inside the recovery reset transaction, after its writes. */
  testHooks?: RecoveryTestHooks;
}

export interface RunningServer {
  url: string;
  /** Embedded without SMTP: how the host reads the local mailbox (the secret, in memory only); else null. */
  localMailbox: LocalMailboxAccess | null;
  close(): Promise<void>;
}

export const defaultPolicy: ServerPolicy = {
  emailCodeTtlMs: 10 * 60_000,
  emailCodeMaxAttempts: 5,
  signupTokenTtlMs: 30 * 60_000,
  loginAttemptTtlMs: 5 * 60_000,
  sessionIdleMs: 14 * 24 * 60 * 60_000,
  sessionAbsoluteMs: 90 * 24 * 60 * 60_000,
  recoveryPendingTtlMs: 30 * 60_000,
  recoveryTokenTtlMs: 15 * 60_000,
  familyInviteTtlMs: 7 * 24 * 60 * 60_000,
  familyRecoveryTtlMs: 7 * 24 * 60 * 60_000,
  webauthnChallengeTtlMs: 2 * 60_000,
};

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { database, host = '127.0.0.1', port = 0, logLevel = 'warn', now = Date.now } = options;
  const webauthn = checkWebAuthnConfig({ ...defaultWebAuthnConfig, ...options.webauthn });
  const dataDir = options.dataDir ?? (database.kind === 'sqlite' ? dirname(resolve(database.file)) : resolve('.data'));
  const db = openDatabase(database);
  let secrets, mailer;
  try {
    await migrateToLatest(db);
    secrets = await loadServerSecrets(db);
    // After the database: a server that cannot start leaves no mailbox folder behind.
    mailer = createMailer({ ...options.mail, smtpUrl: options.mail?.smtpUrl ?? process.env.LATCHKEY_SMTP_URL }, options.mailboxDir ?? join(dataDir, 'mailbox'));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const mailboxAccess = options.embedded && mailer.localMailboxDir !== null ? newMailboxAccess() : null;
  const app = Fastify({
    logger: {
      level: logLevel,
      redact: { paths: redactedLogPaths, censor: redactionCensor },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: 64 * 1024,
    // Reject unknown fields instead of silently dropping them; never coerce types.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    schemaController: { compilersFactory: compilersOnFirstUse },
  });
  const context: ServerContext = { db, version: appVersion, now, secrets, mailer, policy: defaultPolicy, webauthn };
  registerErrorHandling(app);
  // Headers on every answer, no body where a route takes none, and OPAQUE records the library can read.
  registerHttpHygiene(app);
  registerRecordChecks(app, context);
  // The API speaks JSON only: anything else is 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  // Request bodies at debug level only, and through the redaction above.
  logRequestBodies(app);
  await registerOpenApi(app, appVersion);
  registerHealthRoutes(app, context);
  registerAccountRoutes(app, context);
  registerSessionRoutes(app, context);
  // Vaults and items.
  registerVaultRoutes(app, context);
  // Recovery codes, audit log; the embedded app's local mailbox.
  registerRecoveryRoutes(app, context, options.testHooks);
  registerMailboxRoutes(app, context, mailboxAccess);
  registerTwoFactorRoutes(app, context);
  registerFamilyRoutes(app, context);
  registerSecurityKeyRoutes(app, context);
  registerTrustRecordRoutes(app, context);
  registerAccountProfileRoutes(app, context);
  // Recently Deleted: items trashed over 30 days ago become their signed tombstones, at start (below) and daily.
  const purge = schedulePurge(context, (error) => app.log.error({ err: error }, 'trash purge failed'));
  app.addHook('onClose', async () => {
    await purge.stop();
    mailer.close();
    await db.destroy();
  });
  try {
    await purgeTrashed(context);
    const address = await app.listen({ host, port });
    app.log.info({ mail: mailer.description }, 'mail delivery');
    return { url: address, localMailbox: mailboxAccess, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
