/**
 * The IPC handler of the local mailbox: in embedded mode without SMTP, the server's emails are
 * files the app shows. The embedded server serves them only with the secret it gave this host
 * at start (`access`, null when this app sends real email).
 */
import { IpcError } from '../../../shared/ipc/result';
import { LOCAL_MAILBOX_SECRET_HEADER, recoveryRoutes, type LocalMailboxAccess } from '../../../shared/server-api/recovery';
import { translateSignInError } from '../account/sign-in-errors';
import type { Handlers } from '../ipc/router';
import type { SyncServerClient } from '../sync/client';

export function mailboxHandlers({ api, access }: { api: SyncServerClient; access: LocalMailboxAccess | null }): Pick<Handlers, 'localMailbox.list'> {
  return {
    'localMailbox.list': async () => {
      if (!access) throw new IpcError('unavailable', 'This app sends real email: look in your inbox.');
      const headers = { [LOCAL_MAILBOX_SECRET_HEADER]: access.secret };
      const { messages } = await api.call(recoveryRoutes.localMailbox, { headers }).catch(translateSignInError);
      return { messages: messages.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.id.localeCompare(a.id)) };
    },
  };
}
