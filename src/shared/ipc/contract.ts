/**
 * The IPC contract between the renderer and the main process, defined once. Every channel
 * names a request schema and a response schema, grouped by capability in ./channels. The
 * main-side router validates both; the preload client validates both again, so neither
 * end trusts the other.
 */
import type { z } from 'zod';
import { accountChannels } from './channels/account';
import { accountSecurityChannels } from './channels/account-security';
import { appChannels } from './channels/app';
import { desktopChannels } from './channels/desktop';
import { familyChannels, memberRecoveryChannels } from './channels/family';
import { kitChannels } from './channels/kit';
import { mailboxChannels } from './channels/mailbox';
import { otpHealthChannels } from './channels/otp-health';
import { lockChannels } from './channels/lock';
import { checkUpChannels, recoveryCheckChannels } from './channels/recovery-check';
import { recoveryChecksChannels } from './channels/recovery-checks';
import { recoverySetupChannels } from './channels/recovery-setup';
import { recoveryUseChannels } from './channels/recovery-use';
import { securityKeyChannels } from './channels/security-keys';
import { transferChannels } from './channels/transfer';
import { twoFactorChannels } from './channels/two-factor';
import { vaultChannels } from './channels/vault';

export { hostKinds, type HostKind } from './channels/common';

export const channels = { ...appChannels, ...accountChannels, ...accountSecurityChannels, ...kitChannels, ...lockChannels, ...mailboxChannels, ...recoverySetupChannels, ...recoveryUseChannels, ...recoveryChecksChannels, ...recoveryCheckChannels, ...checkUpChannels, ...vaultChannels, ...otpHealthChannels, ...twoFactorChannels, ...securityKeyChannels, ...familyChannels, ...memberRecoveryChannels, ...desktopChannels, ...transferChannels } as const;

export type ChannelName = keyof typeof channels;
export type RequestOf<C extends ChannelName> = z.input<(typeof channels)[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<(typeof channels)[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<(typeof channels)[C]['response']>;

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}
