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
  };
  sessions: {
    id: string;
    token_hash: string;
    account_id: string;
    device_name: string;
    platform: string;
    created_at: Millis;
    last_used_at: Millis;
  };
  rate_limits: { action: string; subject: string; window_start: Millis; attempts: number };
  audit_events: {
    id: string;
    at: Millis;
    event: string;
    account_id: string | null;
    email: string | null;
    session_id: string | null;
    ip: string | null;
  };
}

export function toMillis(value: Millis): number {
  return Number(value);
}
