/**
 * Outgoing mail through nodemailer. With SMTP configured (an smtp:// or smtps:// URL), mail
 * goes there; without, each message is written as an .eml file to a local mailbox folder
 * that the user can open. Message bodies are never logged. The codes in those files take over
 * accounts, so the folder is the owner's alone (0700, made so at start even if it existed)
 * and each file is created new with 0600.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Where mail goes, for logs: "smtp host:port" or "mailbox <dir>". */
  readonly description: string;
  /** The local mailbox folder when mail goes there (no SMTP); null with SMTP. */
  readonly localMailboxDir: string | null;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Owner notices that must not delay (and so reveal anything through) an answer: a failure is logged, by kind only. */
export function notifyInBackground(mailer: Mailer, log: { error(details: object, message: string): void }, message: MailMessage): void {
  mailer.send(message).catch((error: unknown) => log.error({ errorName: (error as Error).name, mail: mailer.description }, 'could not send an owner notice'));
}

export interface MailOptions {
  /** e.g. smtp://user:pass@mail.example.com:587 ; falls back to env LATCHKEY_SMTP_URL. */
  smtpUrl?: string;
  /** Sender address. */
  from?: string;
}

export function createMailer(options: MailOptions, mailboxDir: string): Mailer {
  const from = options.from ?? 'Latchkey <no-reply@latchkey.invalid>';
  if (options.smtpUrl) {
    const url = new URL(options.smtpUrl);
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('The SMTP URL must start with smtp:// or smtps://');
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      description: `smtp ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`,
      localMailboxDir: null,
      async send(message) {
        await transport.sendMail({ from, ...message });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  mkdirSync(mailboxDir, { recursive: true, mode: 0o700 });
  chmodSync(mailboxDir, 0o700);
  return {
    description: `mailbox ${mailboxDir}`,
    localMailboxDir: mailboxDir,
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      await mkdir(mailboxDir, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      await writeFile(join(mailboxDir, name), info.message as Buffer, { mode: 0o600, flag: 'wx' });
    },
    close: () => transport.close(),
  };
}
