/** Every route of the sync API. The server refuses to register a route that is not here. */
import { accountRoutes } from './account';
import { healthRoutes } from './health';
import type { RouteDefinition } from './http';
import { sessionRoutes } from './session';
// Vaults and items (issue 4).
import { vaultRoutes } from './vault';
// Recovery codes, audit log, local mailbox (issue 4).
import { recoveryRoutes } from './recovery';
import { securityKeyRoutes } from './security-keys';
import { twoFactorRoutes } from './two-factor';
import { familyRoutes, memberRecoveryRoutes } from './family';

export const apiRoutes: readonly RouteDefinition[] = [
  ...Object.values(healthRoutes),
  ...Object.values(accountRoutes),
  ...Object.values(sessionRoutes),
  // Vaults and items (issue 4).
  ...Object.values(vaultRoutes),
  // Recovery codes, audit log, local mailbox (issue 4).
  ...Object.values(recoveryRoutes),
  ...Object.values(twoFactorRoutes),
  ...Object.values(familyRoutes),
  ...Object.values(memberRecoveryRoutes),
  ...Object.values(securityKeyRoutes),
];
