/**
 * Prints the local mailbox: the emails a server without SMTP wrote to its mailbox folder
 * (sign-up and recovery codes, recovery notices), newest first.
 *   --mailbox <dir>     the folder itself
 *   --data-dir <dir>    the server's data folder (the desktop app's, or `npm run server`'s): <dir>/mailbox
 *   (default: ./.data/mailbox, where `npm run server` puts it)
 *   --last <n>          only the n newest messages
 *   --json              one JSON array instead of text
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readMailbox } from './mail/mailbox';

const { values } = parseArgs({
  options: {
    mailbox: { type: 'string' },
    'data-dir': { type: 'string' },
    last: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log('Usage: mailbox [--mailbox <dir> | --data-dir <dir>] [--last <n>] [--json]');
  process.exit(0);
}
const last = values.last === undefined ? undefined : Number(values.last);
if (last !== undefined && (!Number.isInteger(last) || last < 1)) {
  console.error('--last must be a positive whole number');
  process.exit(2);
}
const dir = resolve(values.mailbox ?? join(values['data-dir'] ?? '.data', 'mailbox'));
const messages = (await readMailbox(dir)).slice(0, last);
if (values.json) {
  console.log(JSON.stringify(messages, null, 2));
} else if (messages.length === 0) {
  console.log(`No messages in ${dir}`);
} else {
  for (const message of messages) {
    console.log(['─'.repeat(72), `Date:    ${message.date ?? '(unknown)'}`, `To:      ${message.to}`, `Subject: ${message.subject}`, `File:    ${join(dir, message.id)}`, '', message.text.trimEnd(), ''].join('\n'));
  }
  console.log(`${messages.length} message(s) in ${dir}`);
}
