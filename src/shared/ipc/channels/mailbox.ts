/** The embedded server's local mailbox: the emails it "sent" (codes, notices), when there is no SMTP. */
import { z } from 'zod';
import { localMailMessageSchema } from '../../server-api/recovery';
import { emptyRequest } from './common';

export const mailboxChannels = {
  /** Every message, newest first. */
  'localMailbox.list': { request: emptyRequest, response: z.object({ messages: z.array(localMailMessageSchema) }).strict() },
} as const;
