/**
 * The organizers this account trusts, per family (docs/security-design.md §8.7): the security
 * code of the organizer who signed the group key the person checked at joining. Kept for this
 * device in its account settings as envelope 0x0D under HKDF(account key, trustRecordKey), AAD
 * [accountId], so a tampered or swapped record does not open and trusts nobody.
 */
import { z } from 'zod';
import { DecryptionError, EnvelopeError } from '../../../shared/crypto/errors';
import type { Accounts } from '../account/accounts';
import { openTrustRecord, sealTrustRecord } from '../crypto/trust-record';
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
    const { open, serverAccountId } = this.accounts.unlocked(localUuid);
    const account = this.settings.account(localUuid)!;
    this.settings.saveAccount({ ...account, trustRecord: toWire(sealTrustRecord(open.accountKey.expose(), serverAccountId, JSON.stringify(next))) });
  }

  #read(localUuid: string): Trusted {
    const record = this.settings.account(localUuid)?.trustRecord;
    if (!record) return {};
    const { open, serverAccountId } = this.accounts.unlocked(localUuid);
    try {
      const parsed = trustedSchema.safeParse(JSON.parse(openTrustRecord(open.accountKey.expose(), serverAccountId, fromWire(record))));
      return parsed.success ? parsed.data : {};
    } catch (error) {
      // Not sealed by this account (another key, another id, a changed byte), or not UTF-8 JSON: trusts nobody.
      if (error instanceof DecryptionError || error instanceof EnvelopeError || error instanceof SyntaxError || error instanceof TypeError) return {};
      throw error;
    }
  }
}
