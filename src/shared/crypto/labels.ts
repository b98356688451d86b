/** Every HKDF-SHA256 info label of format version 1 (ASCII). See docs/security-design.md. */
export const HKDF_LABELS = Object.freeze({
  /** Argon2id salt: HKDF(IKM = server salt, salt = normalised email). */
  argon2Salt: 'latchkey/v1/2skd/argon2id-salt',
  /** Secret Key half: HKDF(IKM = 26 secret symbols, salt = "K1" ‖ account id). */
  secretKey: 'latchkey/v1/2skd/secret-key',
  /** Account Unlock Key: HKDF(IKM = Argon2id output XOR Secret Key half, salt = account id). */
  accountUnlockKey: 'latchkey/v1/2skd/account-unlock-key',
  /** OPAQUE password of the account: same IKM and salt as the AUK. */
  authSecret: 'latchkey/v1/2skd/auth-secret',
  /** Recovery wrapping key: HKDF(IKM = canonical recovery code, salt = empty). */
  recoveryWrappingKey: 'latchkey/v1/recovery/wrapping-key',
  /** Recovery OPAQUE password: same IKM and salt as the wrapping key. */
  recoveryAuthSecret: 'latchkey/v1/recovery/auth-secret',
  /** Vault key commitment in the signed vault list: HKDF(IKM = vault key, salt = UTF-8 vault id), 32 bytes. */
  vaultKeyCommitment: 'latchkey/v1/vault-list/key-commitment',
  /** Device state record key (envelope 0x0C): HKDF(IKM = account key, salt = UTF-8 account id), 32 bytes. */
  deviceStateKey: 'latchkey/v1/device-state/key',
  /** Trust record key: HKDF(IKM = account key, salt = empty), 32 bytes. */
  trustRecordKey: 'latchkey/v1/trust-record/key',
  /** Account profile key (envelope 0x0F): HKDF(IKM = account key, salt = UTF-8 account id), 32 bytes. */
  accountProfileKey: 'latchkey/v1/account-profile/key',
  /** The offline cache's title index keys: HKDF(IKM = vault key, salt = UTF-8 vault id), 32 bytes (tag key, then MAC key). */
  titleIndexKeys: 'latchkey/v1/offline-cache/title-index',
});
