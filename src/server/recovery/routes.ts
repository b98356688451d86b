/** Recovery codes (setup and use), the owner's audit log and the local mailbox (issue 4). */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { registerAuditRoutes } from './audit-routes';
import { registerRecoveryCheckRoutes } from './checks';
import { registerCredentialRoutes } from './credentials';
import { registerMailboxRoutes } from './mailbox-routes';
import { registerRecoveryFlowRoutes, type RecoveryTestHooks } from './recovery-routes';

export type { RecoveryTestHooks } from './recovery-routes';

export function registerRecoveryRoutes(app: FastifyInstance, context: ServerContext, hooks?: RecoveryTestHooks): void {
  registerCredentialRoutes(app, context);
  registerRecoveryFlowRoutes(app, context, hooks);
  registerRecoveryCheckRoutes(app, context);
  registerAuditRoutes(app, context);
  registerMailboxRoutes(app, context);
}
