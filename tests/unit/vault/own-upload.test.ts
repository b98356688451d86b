import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { generateVaultKey } from '../../../src/main/core/crypto/vault-keys';
import { sealedParts } from '../../../src/main/core/vault/item-writes';
import { applyItem, openVaultOf } from '../../../src/main/core/vault/open-vault';
import type { ItemFields } from '../../../src/shared/vault/item-fields';

const VAULT = 'TExMTExMTExMTExMTExMTA';
const ITEM = 'SUlJSUlJSUlJSUlJSUlJSQ';
const OTHER = 'T1RIRVJPVEhFUk9USEVSTw';
const fields: ItemFields = { type: 'login', title: 'Bank', username: 'alice', password: 'pw', urls: ['https://bank.example'], otp: '', notes: '', tags: [], favourite: false, customFields: [] };

beforeAll(initCrypto);

/** An upload's answer taken in with the overview the device just sealed (bulk.ts): not opened again, but only for the very item and version it sealed. */
describe('an upload answer taken in with its own overview', () => {
  const upload = () => {
    const vault = openVaultOf({ vaultId: VAULT, kind: 'private', role: 'owner', sealedVaultKey: '', attributes: null }, 'Private', generateVaultKey(), '0');
    const { body, sealed } = sealedParts(vault, ITEM, 0, { fields, history: [], trashedAt: null });
    const answer = (itemId: string, version: number) => ({ vaultId: VAULT, itemId, version, deleted: false, overview: body.overview, details: body.details, deletionMarker: null, updatedAt: '2026-01-01T00:00:00Z' });
    return { vault, sealed, answer };
  };

  it('takes in the item the server stored at the version it was sealed for', () => {
    const { vault, sealed, answer } = upload();
    applyItem(vault, answer(ITEM, 1), sealed);
    expect(vault.items.get(ITEM)?.overview).toMatchObject({ title: 'Bank', subtitle: 'alice' });
    expect(vault.index.find('bank')).toEqual([ITEM]);
  });

  it.each([
    ['another version', ITEM, 2],
    ['another item', OTHER, 1],
  ])('opens an answer of %s like any item served, and refuses it', (_label, itemId, version) => {
    const { vault, sealed, answer } = upload();
    applyItem(vault, answer(itemId, version), sealed);
    expect(vault.items.size).toBe(0);
    expect([...vault.refused]).toEqual([itemId]);
  });
});
