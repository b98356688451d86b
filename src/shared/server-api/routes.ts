/** Every route of the sync API. The server refuses to register a route that is not here. */
import { accountRoutes } from './account';
import { healthRoutes } from './health';
import type { RouteDefinition } from './http';
import { sessionRoutes } from './session';
import { stepUpRoutes } from './step-up';
import { vaultRoutes } from './vault';
import { recoveryRoutes } from './recovery';
import { recoveryCheckRoutes } from './recovery-check';
import { securityKeyRoutes } from './security-keys';
import { twoFactorRoutes } from './two-factor';
import { familyRoutes, memberRecoveryRoutes } from './family';
import { familyOrganizerRoutes, familyRecoveryRequestRoutes } from './family-organizer';
import { trustRecordRoutes } from './trust-record';
import { accountProfileRoutes } from './account-profile';

export const apiRoutes: readonly RouteDefinition[] = [
  ...Object.values(healthRoutes),
  ...Object.values(accountRoutes),
  ...Object.values(sessionRoutes),
  ...Object.values(stepUpRoutes),
  ...Object.values(vaultRoutes),
  ...Object.values(recoveryRoutes),
  ...Object.values(recoveryCheckRoutes),
  ...Object.values(twoFactorRoutes),
  ...Object.values(familyRoutes),
  ...Object.values(familyOrganizerRoutes),
  ...Object.values(familyRecoveryRequestRoutes),
  ...Object.values(memberRecoveryRoutes),
  ...Object.values(securityKeyRoutes),
  ...Object.values(trustRecordRoutes),
  ...Object.values(accountProfileRoutes),
];
