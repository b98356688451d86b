/** Facts about the app's shell that both hosts and the renderer's page must agree on. */

/** Where the renderer is served from in each host. Neither is a file:// URL. */
export const appOrigins = {
  electron: 'latchkey://app',
  browser: 'https://app.latchkey.invalid',
  /** Not a page: the command line calls the router as this sender (src/main/cli). */
  cli: 'latchkey-cli://cli',
} as const;

/**
 * The renderer's Content Security Policy, sent as a response header by both hosts. Only the
 * app's own scripts and styles; no network access at all (the renderer talks to the main
 * process through IPC, never to a server), no plugins, no framing, no forms posting away.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
