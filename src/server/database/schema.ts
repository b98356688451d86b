/**
 * The tables the server keeps, as Kysely sees them. Each migration that adds a table adds it here.
 * Times are milliseconds since the epoch (bigint columns; PostgreSQL returns them as strings,
 * so read them through `toMillis`).
 */
import type { Generated } from 'kysely';

type Millis = number | string | bigint;

export interface DatabaseSchema {
  server_info: { key: string; value: string };
  server_secrets: { name: string; value: string };
  accounts: {
    id: string;
    email: string;
    argon2_memory_kib: number;
    argon2_iterations: number;
    argon2_parallelism: number;
    argon2_salt: string;
    opaque_record: string;
    wrapped_account_key: string;
    public_key_x25519: string;
    public_key_ed25519: string;
    encrypted_keyset: string;
    created_at: Millis;
    updated_at: Millis;
    /** 0 or 1 (migration 0003-vaults): vault keys and items need a session that passed 2FA. */
    two_factor_required: Generated<number>;
    /** The identity checks a recovery asks for, comma-separated (migration 0007-recovery-checks; src/server/recovery/checks.ts). */
    recovery_checks: Generated<string>;
  };
  email_codes: {
    id: string;
    email: string;
    purpose: string;
    code_hash: string;
    created_at: Millis;
    expires_at: Millis;
    attempts: Generated<number>;
    consumed_at: Millis | null;
  };
  signup_tokens: {
    token_hash: string;
    email: string;
    account_id: string;
    argon2_memory_kib: number;
    argon2_iterations: number;
    argon2_parallelism: number;
    argon2_salt: string;
    created_at: Millis;
    expires_at: Millis;
    used_at: Millis | null;
  };
  login_attempts: {
    id: string;
    email: string;
    account_id: string | null;
    server_login_state: string;
    expires_at: Millis;
    /** The live device token the start presented (migration 0010); null: none. */
    device_token_hash: string | null;
  };
  sessions: {
    id: string;
    token_hash: string;
    account_id: string;
    device_name: string;
    platform: string;
    created_at: Millis;
    last_used_at: Millis;
    /** When this session passed the second factor (migration 0003-vaults); null: not yet. */
    second_factor_verified_at: Millis | null;
  };
  /** `hits`: the attempts let through in the last window, comma-separated milliseconds, oldest first (migration 0010). */
  rate_limits: { action: string; subject: string; hits: string };
  device_tokens: { token_hash: string; account_id: string; created_at: Millis; expires_at: Millis };
  audit_events: {
    id: string;
    at: Millis;
    event: string;
    account_id: string | null;
    email: string | null;
    session_id: string | null;
    ip: string | null;
  };
  // --- Vaults and items (migration 0003-vaults) ---
  /** Named server-wide counters; 'change_seq' orders every item write (the sync cursor). */
  counters: { name: string; value: Millis };
  vaults: {
    id: string;
    created_by: string;
    created_at: Millis;
    /** 'private' or 'shared' (migration 0009-shared-vaults): only a shared vault gets other members. */
    kind: Generated<'private' | 'shared'>;
    /** A shared vault's name under its vault key (envelope 0x08); null for a private vault. */
    attributes: string | null;
  };
  /** One row per member: the vault key sealed to that member's X25519 public key. */
  vault_members: { vault_id: string; account_id: string; sealed_vault_key: string; role: string; created_at: Millis };
  vault_items: {
    vault_id: string;
    id: string;
    version: number;
    /** 0 or 1; a tombstone has no envelopes. */
    deleted: number;
    overview: string | null;
    details: string | null;
    /** A tombstone's deletion marker (envelope 0x0B); null on live items and on tombstones from before migration 0015. */
    deletion_marker: string | null;
    /** Recently Deleted (migration 0017): the marker for `purge_version`, and when the item was trashed; null otherwise. */
    purge_marker: Generated<string | null>;
    purge_version: Generated<Millis | null>;
    trashed_at: Generated<Millis | null>;
    change_seq: Millis;
    updated_at: Millis;
  };
  // --- end of vaults and items ---
  // --- Recovery codes (migration 0004-recovery) ---
  /** At most one 'active' and one 'pending' credential per account (unique account_id, state). */
  recovery_credentials: {
    id: string;
    account_id: string;
    state: 'active' | 'pending';
    opaque_record: string;
    wrapped_account_key: string;
    created_at: Millis;
    /** Pending only: when it can no longer be activated. */
    expires_at: Millis | null;
    last_used_at: Millis | null;
    /** Pending only (migration 0011): the session that uploaded it, after a step-up; only it may activate it. */
    session_id: string | null;
    /** When this credential last passed a check (migration 0012); a new credential starts with none. */
    last_checked_at: Generated<Millis | null>;
  };
  /** The recovery check-up of an account (migration 0012), made on its first write: the reminder schedule, and the Emergency Kit. */
  recovery_check_ups: {
    account_id: string;
    /** 0 or 1. */
    reminders_enabled: Generated<number>;
    reminder_stage: Generated<number>;
    reminder_due_at: Millis | null;
    kit_kept_at: Millis | null;
    kit_kept_how: 'saved' | 'printed' | 'confirmed' | null;
  };
  /** A recovery code check under way (migration 0012), keyed by the SHA-256 of its random id, bound to a session and a credential. */
  recovery_check_attempts: {
    id_hash: string;
    account_id: string;
    session_id: string;
    credential_id: string;
    server_login_state: string;
    expires_at: Millis;
  };
  /** A step-up (migration 0011): its OPAQUE login state while started, then the SHA-256 of its single-use token. */
  step_ups: {
    id_hash: string;
    account_id: string;
    session_id: string;
    server_login_state: string | null;
    token_hash: string | null;
    expires_at: Millis;
  };
  /** One recovery in progress, keyed by the SHA-256 of its random attempt id. */
  recovery_attempts: {
    id_hash: string;
    email: string;
    account_id: string | null;
    credential_id: string | null;
    /**
     * 'login' (OPAQUE started) → 'proving' → 'check' (waiting for an identity check) →
     * 'verified' (token issued) → 'reset' (token used; kept only for step 5, the second factor).
     */
    stage: string;
    server_login_state: string | null;
    token_hash: string | null;
    created_at: Millis;
    expires_at: Millis;
    /** The checks this attempt may use, comma-separated, fixed at the proof (migration 0007-recovery-checks). */
    checks: string | null;
    /** The check that verified it: 'email' or 'authenticator'. */
    passed_check: string | null;
  };
  // --- end of recovery codes ---
  /** An account's authenticator app (migration 0005-two-factor). */
  totp_factors: {
    account_id: string;
    state: 'pending' | 'active';
    /** The base32 secret, sealed under the server's TOTP key (src/server/two-factor/totp.ts). */
    sealed_secret: string;
    /** The time step of the last code accepted: that code and earlier ones are refused. */
    last_used_step: Millis | null;
    created_at: Millis;
    activated_at: Millis | null;
  };
  // --- Families (migration 0008-families; src/server/family) ---
  families: {
    id: string;
    name: string;
    group_key_id: string;
    group_public_key: string;
    created_at: Millis;
    /** Migration 0014: the group key's generation, its organizer's signature (null before 0014) and who signed. */
    group_key_generation: number;
    group_key_signature: string | null;
    group_key_signed_by: string | null;
  };
  family_members: { account_id: string; family_id: string; role: 'organizer' | 'member'; joined_at: Millis };
  /** The recovery group's private key sealed to one organizer's X25519 public key. */
  family_group_keys: { family_id: string; account_id: string; sealed_private_key: string };
  /** A family vault's key sealed to the group's current public key. */
  family_vault_grants: { vault_id: string; family_id: string; sealed_vault_key: string };
  family_invites: { token_hash: string; family_id: string; email: string; invited_by: string; created_at: Millis; expires_at: Millis };
  family_recoveries: {
    id: string;
    family_id: string;
    account_id: string;
    started_by: string;
    stage: 'awaiting-member' | 'awaiting-organizer';
    /** The member's reset token (after the email code), hashed; null before. */
    token_hash: string | null;
    token_expires_at: Millis | null;
    created_at: Millis;
    expires_at: Millis;
  };
  family_recovery_vaults: { recovery_id: string; vault_id: string; role: string };
  /** A locked-out member's request that an organizer recover them (migration 0018). */
  family_recovery_requests: { account_id: string; family_id: string; created_at: Millis; expires_at: Millis };
  /** An organizer's notice that the member recovered by themselves, cancelling the recovery the organizer started (migration 0020-family-recovery-notices). */
  family_recovery_notices: { organizer_id: string; member_id: string; family_id: string; cancelled_at: Millis };
  /** An account's signed vault list and its counter (migration 0013-signed-vault-list; src/server/vault/signed-list.ts). */
  signed_vault_lists: { account_id: string; counter: Millis; signed_list: string; updated_at: Millis };
  /** An account's sealed trust record and its version (migration 0016-trust-records; src/server/trust/trust-record.ts). */
  trust_records: { account_id: string; version: Millis; record: string; updated_at: Millis };
  /** An account's sealed profile (its name) and its version (migration 0019-account-profiles; src/server/account/profile-routes.ts). */
  account_profiles: { account_id: string; version: Millis; record: string; updated_at: Millis };
  // --- end of families ---
  // --- Security keys (migration 0006-security-keys) ---
  /** An account's registered WebAuthn credentials (src/server/two-factor/security-keys.ts). */
  security_keys: {
    /** Our id for the key (random), used by the API; not the credential id. */
    id: string;
    account_id: string;
    /** base64url, as the authenticator made it. */
    credential_id: string;
    /** The COSE public key, base64url. */
    public_key: string;
    /** The signature counter last seen: a later signature must show a higher one (unless both are 0). */
    counter: Millis;
    /** JSON array of the transports the browser reported (hints for later ceremonies). */
    transports: string;
    name: string;
    created_at: Millis;
    last_used_at: Millis | null;
  };
  /** A ceremony's challenge: single use (deleted when answered), short-lived, bound to its purpose, account and subject. */
  webauthn_challenges: {
    purpose: 'register' | 'sign-in' | 'recovery' | 'step-up';
    /** What it was issued to: the session id (or, for recovery, the attempt's id). */
    subject: string;
    account_id: string;
    challenge: string;
    expires_at: Millis;
  };
  // --- end of security keys ---
}

export function toMillis(value: Millis): number {
  return Number(value);
}
