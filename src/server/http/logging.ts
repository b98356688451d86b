/**
 * Log redaction. Fastify's request logs carry method, URL and addresses only; we also log
 * request bodies at debug level (to diagnose clients), so every field that can hold a secret
 * or a password-equivalent is censored wherever it appears, up to three levels deep.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn } from 'pino';
import { LOCAL_MAILBOX_SECRET_HEADER } from '../../shared/server-api/recovery';

const secretFields = [
  'password',
  'secret',
  'otpauthUri',
  'code',
  'token',
  'signupToken',
  'sessionToken',
  'loginId',
  'attemptId',
  'checkId',
  'recoveryToken',
  'recoveryWrappedAccountKey',
  'record',
  'registrationRecord',
  'registrationRequest',
  'registrationResponse',
  'startLoginRequest',
  'finishLoginRequest',
  'loginResponse',
  'serverLoginState',
  'envelope',
  'wrappedAccountKey',
  'encryptedKeyset',
  'authorization',
  'cookie',
  'text',
  'html',
  // Vaults and items: ciphertext, but bulky and never useful in a log.
  'sealedVaultKey',
  'overview',
  'details',
];

export const redactedLogPaths: string[] = [
  'req.headers.authorization',
  'req.headers["latchkey-step-up"]',
  'req.headers.cookie',
  `req.headers["${LOCAL_MAILBOX_SECRET_HEADER}"]`,
  'res.headers["set-cookie"]',
  ...secretFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
];

export const redactionCensor = '[redacted]';

type LevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LevelCheck = { isLevelEnabled?: (level: string) => boolean };

/**
 * Fastify's `childLoggerFactory`: a request's logger is made when the request first logs at an
 * enabled level, not for every request. Pino redacts a child's bindings as it makes one, which
 * took about 8% of a sync poll's time (a --cpu-prof of `npm run bench:server`), and at the
 * embedded server's level (warn) most requests log nothing. What is logged is the same.
 */
export function lazyRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  const levels = logger as FastifyBaseLogger & LevelCheck;
  const isEnabled = levels.isLevelEnabled?.bind(logger);
  if (options.level !== undefined || !isEnabled) return logger.child(bindings, options);
  let child: FastifyBaseLogger | undefined;
  const made = () => (child ??= logger.child(bindings, options));
  const method = (level: LevelName) => ((...args: Parameters<LogFn>) => void (isEnabled(level) && made()[level](...args))) as LogFn;
  return {
    get level() {
      return child?.level ?? logger.level;
    },
    set level(level) {
      made().level = level;
    },
    fatal: method('fatal'),
    error: method('error'),
    warn: method('warn'),
    info: method('info'),
    debug: method('debug'),
    trace: method('trace'),
    silent: () => undefined,
    child: (more, moreOptions) => made().child(more, moreOptions),
  };
}
