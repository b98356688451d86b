/** Channels for using a recovery code when locked out (sign-in screen → "Use recovery code"). */
export const recoveryUseChannels = {} as const;
