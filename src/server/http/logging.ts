/**
 * Log redaction. Fastify's request logs carry method, URL and addresses only; we also log
 * request bodies at debug level (to diagnose clients), so every field that can hold a secret
 * or a password-equivalent is censored wherever it appears, up to three levels deep.
 */
import type { FastifyBaseLogger, FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn } from 'pino';
import { LOCAL_MAILBOX_SECRET_HEADER } from '../../shared/server-api/recovery';
import { hooksOf } from './headers';

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
 * embedded server's level (warn) most requests log nothing. What is logged is the same. One
 * object a request, its methods on the prototype, not a closure per method (with pino at
 * `silent`, the logger was still about 11% of a poll's CPU: README, "Server throughput").
 */
export function lazyRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (options.level !== undefined || !(logger as LevelCheck).isLevelEnabled) return logger.child(bindings, options);
  return new LazyLogger(logger as FastifyBaseLogger & Required<LevelCheck>, bindings, options) as unknown as FastifyBaseLogger;
}

class LazyLogger {
  #child: FastifyBaseLogger | undefined;
  constructor(
    private readonly parent: FastifyBaseLogger & Required<LevelCheck>,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}
  #made(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }
  #log(level: LevelName, args: Parameters<LogFn>): void {
    if (!this.parent.isLevelEnabled(level)) return;
    const child = this.#made();
    (child[level] as (...a: Parameters<LogFn>) => void).apply(child, args);
  }
  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }
  set level(level: string) {
    this.#made().level = level;
  }
  fatal(...args: Parameters<LogFn>): void {
    this.#log('fatal', args);
  }
  error(...args: Parameters<LogFn>): void {
    this.#log('error', args);
  }
  warn(...args: Parameters<LogFn>): void {
    this.#log('warn', args);
  }
  info(...args: Parameters<LogFn>): void {
    this.#log('info', args);
  }
  debug(...args: Parameters<LogFn>): void {
    this.#log('debug', args);
  }
  trace(...args: Parameters<LogFn>): void {
    this.#log('trace', args);
  }
  silent(): void {}
  child(more: Bindings, moreOptions?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#made().child(more, moreOptions);
  }
}

/** Request bodies at debug level (through the redaction above), on the routes that take one: attached as each is added (call before any route). */
export function logRequestBodies(app: FastifyInstance): void {
  const log: preHandlerHookHandler = (request, _reply, done) => {
    if (request.body !== undefined) request.log.debug({ body: request.body }, 'request body');
    done();
  };
  app.addHook('onRoute', (route) => {
    if (route.schema?.body !== undefined) route.preHandler = [log, ...hooksOf(route.preHandler)];
  });
}
