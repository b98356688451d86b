/**
 * The organizers this account trusts, per family (docs/security-design.md §8.7): the security
 * code of the organizer who signed the group key the person checked at joining. Kept for this
 * device in its account settings as envelope 0x0D under HKDF(account key, trustRecordKey), AAD
 * [accountId], so a tampered or swapped record does not open and trusts nobody.
 */
import { z } from 'zod';
import { trustRecordAad } from '../../../shared/crypto/aad';
import { utf8 } from '../../../shared/crypto/bytes';
import { DecryptionError, EnvelopeError } from '../../../shared/crypto/errors';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import { HKDF_LABELS } from '../../../shared/crypto/labels';
import type { Accounts } from '../account/accounts';
import { aeadOpen, aeadSeal, KEY_BYTES } from '../crypto/aead';
import { hkdfSha256 } from '../crypto/hkdf';
import type { SettingsStore } from '../settings/settings';
import { fromWire, toWire } from '../sync/wire';

/** familyId → the canonical security codes of its organizers this account trusts. */
const trustedSchema = z.record(z.string().min(1).max(255), z.array(z.string().regex(/^[0-9A-Z]{24}$/)).max(64));
type Trusted = z.infer<typeof trustedSchema>;

export class TrustedOrganizers {
  constructor(
    private readonly accounts: Pick<Accounts, 'unlocked'>,
    private readonly settings: Pick<SettingsStore, 'account' | 'saveAccount'>,
  ) {}

  /** The codes this account trusts for `familyId`; none if the record is missing or does not open. */
  codes(localUuid: string, familyId: string): string[] {
    return this.#read(localUuid)[familyId] ?? [];
  }

  /** Adds `code` to the organizers this account trusts for `familyId`. */
  trust(localUuid: string, familyId: string, code: string): void {
    const trusted = this.#read(localUuid);
    const codes = trusted[familyId] ?? [];
    if (codes.includes(code)) return;
    const next: Trusted = { ...trusted, [familyId]: [...codes, code] };
    const account = this.settings.account(localUuid)!;
    const { key, aad } = this.#keyAndAad(localUuid);
    try {
      this.settings.saveAccount({ ...account, trustRecord: toWire(aeadSeal(EnvelopeKind.TrustRecord, key, utf8(JSON.stringify(next)), aad)) });
    } finally {
      key.fill(0);
    }
  }

  #read(localUuid: string): Trusted {
    const record = this.settings.account(localUuid)?.trustRecord;
    if (!record) return {};
    const { key, aad } = this.#keyAndAad(localUuid);
    try {
      const parsed = trustedSchema.safeParse(JSON.parse(new TextDecoder().decode(aeadOpen(EnvelopeKind.TrustRecord, key, fromWire(record), aad))));
      return parsed.success ? parsed.data : {};
    } catch (error) {
      if (error instanceof DecryptionError || error instanceof EnvelopeError || error instanceof SyntaxError) return {};
      throw error;
    } finally {
      key.fill(0);
    }
  }

  #keyAndAad(localUuid: string): { key: Uint8Array; aad: Uint8Array } {
    const { open, serverAccountId } = this.accounts.unlocked(localUuid);
    return { key: hkdfSha256(open.accountKey.expose(), new Uint8Array(0), HKDF_LABELS.trustRecordKey, KEY_BYTES), aad: trustRecordAad(serverAccountId) };
  }
}
