/** The IPC handlers, one capability at a time. Each later capability adds its own module here. */
import type { Handlers } from '../ipc/router';
import type { HostKind } from '../../../shared/ipc/contract';
import { appVersion } from '../../../shared/version';
import { SyncServerClient } from '../sync/client';

interface HandlerContext {
  host: HostKind;
  server: { mode: 'embedded' | 'remote'; url: string };
}

export function createHandlers({ host, server }: HandlerContext): Handlers {
  const sync = new SyncServerClient(server.url);
  return {
    'app.info': async () => {
      const identity = await sync.identity();
      return { appVersion, host, server: { ...server, reachable: identity !== null, version: identity?.version ?? null } };
    },
  };
}
