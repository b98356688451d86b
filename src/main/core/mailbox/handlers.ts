/** The IPC handler of the local mailbox: in embedded mode without SMTP, the server's emails are files the app shows. */
import { IpcError } from '../../../shared/ipc/result';
import { recoveryRoutes } from '../../../shared/server-api/recovery';
import { translateSignInError } from '../account/accounts';
import type { Handlers } from '../ipc/router';
import type { SyncServerClient } from '../sync/client';

export function mailboxHandlers({ api, localMailbox }: { api: SyncServerClient; localMailbox: boolean }): Pick<Handlers, 'localMailbox.list'> {
  return {
    'localMailbox.list': async () => {
      if (!localMailbox) throw new IpcError('unavailable', 'This app sends real email: look in your inbox.');
      const { messages } = await api.call(recoveryRoutes.localMailbox).catch(translateSignInError);
      return { messages: messages.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.id.localeCompare(a.id)) };
    },
  };
}
