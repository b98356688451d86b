/**
 * Log redaction. Fastify's request logs carry method, URL and addresses only; we also log
 * request bodies at debug level (to diagnose clients), so every field that can hold a secret
 * or a password-equivalent is censored wherever it appears, up to three levels deep.
 */
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
