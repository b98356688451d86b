/** Recovery codes (setup, use and the check-up) and the owner's audit log. The local mailbox is registered in index.ts: it needs the embedded host's secret. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { registerAuditRoutes } from './audit-routes';
import { registerCheckUpRoutes } from './check-routes';
import { registerRecoveryCheckRoutes } from './checks';
import { registerCredentialRoutes } from './credentials';
import { registerRecoveryFlowRoutes } from './recovery-routes';
import { registerRecoveryResetRoutes, type RecoveryTestHooks } from './reset-routes';

export type { RecoveryTestHooks } from './reset-routes';

export function registerRecoveryRoutes(app: FastifyInstance, context: ServerContext, hooks?: RecoveryTestHooks): void {
  registerCredentialRoutes(app, context);
  registerRecoveryFlowRoutes(app, context);
  registerRecoveryResetRoutes(app, context, hooks);
  registerRecoveryCheckRoutes(app, context);
  registerCheckUpRoutes(app, context);
  registerAuditRoutes(app, context);
}
