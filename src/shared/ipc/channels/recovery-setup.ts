/** Channels for setting up a recovery code (Sign-In & Recovery → "Set up recovery code"). */
export const recoverySetupChannels = {} as const;
