/**
 * The trust record of an account (docs/security-design.md §8.7): the organizers it trusts per
 * family (by the security code the person checked at joining, or typed later) and the members
 * it has verified. Sealed as envelope 0x0D under HKDF(account key, trustRecordKey), AAD
 * [accountId], it is kept by the device in the account settings and by the server
 * (`/v1/trust-record`), so every device of the account knows the same keys. A record that does
 * not open, or does not follow the layout, trusts nobody; a served record older than the one
 * the device holds is ignored (the device keeps trusting what it had).
 */
import { DecryptionError, EnvelopeError } from '../../../shared/crypto/errors';
import { EMPTY_TRUST_RECORD, TrustRecordError, type TrustRecord } from '../../../shared/crypto/trust-record';
import { trustRecordRoutes } from '../../../shared/server-api/trust-record';
import type { Accounts } from '../account/accounts';
import { refused } from '../account/account-session';
import { openTrustRecord, sealTrustRecord } from '../crypto/trust-record';
import type { SettingsStore } from '../settings/settings';
import { SyncApiError } from '../sync/client';
import { fromWire, toWire } from '../sync/wire';

type Change = (record: TrustRecord) => TrustRecord | null;

export class TrustStore {
  constructor(
    private readonly accounts: Pick<Accounts, 'unlocked' | 'session'>,
    private readonly settings: Pick<SettingsStore, 'account' | 'saveAccount'>,
  ) {}

  /** The newer of this device's record and the server's; the server's is kept here when it is newer. */
  async current(localUuid: string): Promise<TrustRecord> {
    const local = this.#open(localUuid, this.settings.account(localUuid)?.trustRecord);
    const served = await this.accounts.session(localUuid).call(trustRecordRoutes.get);
    if (served.record === null || served.version <= local.version) return local;
    const taken = this.#open(localUuid, served.record);
    // The version the server states must be the one sealed inside; else the record is not taken.
    if (taken.version !== served.version) return local;
    this.#keep(localUuid, served.record);
    return taken;
  }

  /** The organizers this account trusts for `familyId`. */
  async organizerCodes(localUuid: string, familyId: string): Promise<readonly string[]> {
    return (await this.current(localUuid)).organizers.get(familyId) ?? [];
  }

  /** Adds `code` to the organizers this account trusts for `familyId`. */
  trustOrganizer(localUuid: string, familyId: string, code: string): Promise<void> {
    return this.#update(localUuid, (record) => {
      const codes = record.organizers.get(familyId) ?? [];
      if (codes.includes(code)) return null;
      return { ...record, organizers: new Map(record.organizers).set(familyId, [...codes, code]) };
    });
  }

  /** Records `code` as the one the person verified for the member `accountId` (replacing an older one). */
  verifyMember(localUuid: string, accountId: string, code: string): Promise<void> {
    return this.#update(localUuid, (record) => (record.members.get(accountId) === code ? null : { ...record, members: new Map(record.members).set(accountId, code) }));
  }

  /** Applies `change` to the current record and writes it as the next version, here and on the server (once more if another device wrote first). */
  async #update(localUuid: string, change: Change, tries = 2): Promise<void> {
    const base = await this.current(localUuid);
    const changed = change(base);
    if (!changed) return;
    const { open, serverAccountId } = this.accounts.unlocked(localUuid);
    const next = { ...changed, version: base.version + 1 };
    const record = toWire(sealTrustRecord(open.accountKey.expose(), serverAccountId, next));
    try {
      await this.accounts.session(localUuid).attempt(trustRecordRoutes.put, { body: { version: next.version, record } });
    } catch (error) {
      if (tries > 1 && error instanceof SyncApiError && error.code === 'stale_trust_record') return this.#update(localUuid, change, tries - 1);
      refused()(error);
    }
    this.#keep(localUuid, record);
  }

  #keep(localUuid: string, record: string): void {
    const account = this.settings.account(localUuid);
    if (account) this.settings.saveAccount({ ...account, trustRecord: record });
  }

  #open(localUuid: string, record: string | undefined | null): TrustRecord {
    if (!record) return EMPTY_TRUST_RECORD;
    const { open, serverAccountId } = this.accounts.unlocked(localUuid);
    try {
      return openTrustRecord(open.accountKey.expose(), serverAccountId, fromWire(record));
    } catch (error) {
      // Not sealed by this account (another key, another id, a changed byte), or not the layout: trusts nobody.
      if (error instanceof DecryptionError || error instanceof EnvelopeError || error instanceof TrustRecordError) return EMPTY_TRUST_RECORD;
      throw error;
    }
  }
}
