/**
 * Reading the local mailbox (the .eml files the mailer writes when no SMTP server is
 * configured), for the embedded app and the mailbox command. The messages are the server's
 * own: single-part text/plain from nodemailer, so a small reader is enough (headers,
 * RFC 2047 encoded words, quoted-printable or base64 bodies). Anything else is shown raw.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface MailboxMessage {
  id: string;
  to: string;
  subject: string;
  /** ISO time, or null when the Date header is missing or unreadable. */
  date: string | null;
  text: string;
}

/** Every message, newest first. A missing folder is an empty mailbox. */
export async function readMailbox(dir: string): Promise<MailboxMessage[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.eml'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // File names start with the ISO time they were written at, so they sort in time order.
  names.sort().reverse();
  return Promise.all(names.map(async (name) => ({ id: name, ...parseEml(await readFile(join(dir, name), 'utf8')) })));
}

export function parseEml(raw: string): Omit<MailboxMessage, 'id'> {
  const normalised = raw.replace(/\r\n/g, '\n');
  const split = normalised.indexOf('\n\n');
  const head = split === -1 ? normalised : normalised.slice(0, split);
  const body = split === -1 ? '' : normalised.slice(split + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const date = headers.get('date');
  const parsedDate = date ? new Date(date) : null;
  return {
    to: decodeWords(headers.get('to') ?? ''),
    subject: decodeWords(headers.get('subject') ?? ''),
    date: parsedDate && !Number.isNaN(parsedDate.getTime()) ? parsedDate.toISOString() : null,
    text: decodeBody(body, (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase(), charsetOf(headers.get('content-type'))),
  };
}

function charsetOf(contentType: string | undefined): BufferEncoding {
  const charset = /charset="?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  return charset === 'iso-8859-1' || charset === 'latin1' ? 'latin1' : 'utf8';
}

function decodeBody(body: string, encoding: string, charset: BufferEncoding): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString(charset);
  // The last line's end belongs to the message format, not to the text.
  const lines = body.replace(/\n$/, '');
  return encoding === 'quoted-printable' ? quotedPrintable(lines, charset) : lines;
}

function quotedPrintable(text: string, charset: BufferEncoding): string {
  const unwrapped = text.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped.slice(i + 1, i + 3);
    if (unwrapped[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unwrapped[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString(charset);
}

/** RFC 2047 encoded words (=?charset?B|Q?...?=), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_whole, charset: string, kind: string, data: string) => {
      const encoding: BufferEncoding = /^(iso-8859-1|latin1)$/i.test(charset) ? 'latin1' : 'utf8';
      if (kind.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString(encoding);
      return quotedPrintable(data.replace(/_/g, ' '), encoding);
    });
}
