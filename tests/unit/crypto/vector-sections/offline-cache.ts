/**
 * The offline cache's vault file, format 4 (§13.1): the vector vault (its grant, the frozen
 * `vaultKeyGrant` envelope) with the `itemsV2` login as its one item, written by the device's
 * own writer. The check reads the published bytes with the device's reader, opens the grant in
 * its header and the item's overview in its record, reads the same vault written as format 3
 * (JSON Lines) to the same record, and refuses the file cut short by one byte.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { fromHex, toBase64Url, toHex } from '../../../../src/shared/crypto/bytes';
import { generateKeyset } from '../../../../src/main/core/crypto/keyset';
import { decryptItemJson } from '../../../../src/main/core/crypto/vault-items';
import { openVaultKey } from '../../../../src/main/core/crypto/vault-keys';
import { recordDetails, recordHead, recordUpdatedAt, sealRecord } from '../../../../src/main/core/offline/sealed-item';
import { encodeVaultFile, readVaultFile, VAULT_FILE_FORMAT, type CachedVault } from '../../../../src/main/core/offline/vault-file';
import { HeldRecord } from '../../../../src/main/core/offline/held-record';
import { readOverview } from '../../../../src/main/core/vault/item-format';
import type { VectorBlock } from '../doc-vectors';
import { INPUTS, scriptedRandom } from '../vector-cases';
import { sections as itemSections } from './items';
import type { VectorSection } from './section';

/** The `vaultKeyGrant` section's envelope (a sealed box, frozen there), as the server lists it: base64url. */
const GRANT =
  '01044209002dc961acf84e7e96c839fd8320131f6540a75c16b4413db531fda9fd7d8d31cb0155c3c96a21c2d8f8fb03968a327b33f9f30e4180c953ff067c11509083171f9b495e05cfd4ad7d211e04c4c3edfb70e797cf2db76736b2347f20f24c7f5b0ae4d57e';
const CURSOR = '12';
const UPDATED_AT = '2026-12-01T10:00:00.000Z';

interface CachedItemInput {
  itemId: string;
  version: number;
  updatedAt: string;
  /** The envelopes, hex (the `itemsV2` login's). */
  overview: string;
  details: string;
}
interface OfflineCacheVector {
  format: number;
  vault: CachedVault['vault'];
  cursor: string;
  items: CachedItemInput[];
  /** The file's JSON header, as text. */
  header: string;
  /** The whole file, hex. */
  file: string;
  /** The same vault as a format-3 file (JSON Lines), which still reads to the same records. */
  format3: string;
}

async function compute(): Promise<OfflineCacheVector> {
  const itemsV2 = (await itemSections[0]!.compute(undefined)) as { items: { login: { overview: { envelope: string }; details: { envelope: string } } } };
  const { login } = itemsV2.items;
  const item = { itemId: INPUTS.itemId, version: INPUTS.itemVersion, updatedAt: UPDATED_AT, overview: login.overview.envelope, details: login.details.envelope };
  const vault = { vaultId: INPUTS.vaultId, kind: 'private', role: 'owner', sealedVaultKey: toBase64Url(fromHex(GRANT)), attributes: null } as const;
  const record = sealRecord({ ...item, overview: fromHex(item.overview), details: fromHex(item.details) });
  const file = Buffer.concat([...encodeVaultFile({ vault, cursor: CURSOR, items: [HeldRecord.inMemory(record)] }).chunks]);
  const row = [item.itemId, item.version, item.updatedAt, toBase64Url(fromHex(item.overview)), toBase64Url(fromHex(item.details))];
  return {
    format: VAULT_FILE_FORMAT,
    vault,
    cursor: CURSOR,
    items: [item],
    header: file.toString('utf8', 12, 12 + file.readUInt32BE(8)),
    file: toHex(file),
    format3: `${JSON.stringify({ format: 3, vault, cursor: CURSOR, rows: 1 })}\n${JSON.stringify(row)}\n`,
  };
}

/** The vault file `bytes` read back as the offline cache reads it, from a file of its own. */
async function readFrom(bytes: Uint8Array): Promise<CachedVault | null> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-vector-'));
  try {
    writeFileSync(join(dir, 'vault'), bytes);
    return await readVaultFile(join(dir, 'vault'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function check(published: unknown, block: VectorBlock): Promise<void> {
  const v = published as OfflineCacheVector;
  const file = Buffer.from(fromHex(v.file));
  const read = (await readFrom(file))!;
  const records = read.items.map((held) => held.bytes());
  read.file!.close();
  expect({ vault: read.vault, cursor: read.cursor }).toEqual({ vault: v.vault, cursor: v.cursor });
  expect(records.map((record) => ({ ...recordHead(record), overview: toHex(recordHead(record).overview), updatedAt: recordUpdatedAt(record), details: toHex(recordDetails(record)) }))).toEqual(v.items);
  // The header's grant is the vector grant; it opens the vault key, which opens the item's overview from its record.
  expect(toHex(Buffer.from(read.vault.sealedVaultKey, 'base64url'))).toBe((block.vaultKeyGrant as { envelope: string }).envelope);
  const recipient = generateKeyset(INPUTS.keysetId, scriptedRandom(INPUTS.boxSecretKey, INPUTS.signSeed));
  const vaultKey = openVaultKey(Buffer.from(read.vault.sealedVaultKey, 'base64url'), read.vault.vaultId, recipient);
  const { itemId, version, overview } = recordHead(records[0]!);
  expect(readOverview(decryptItemJson(vaultKey, 'overview', { vaultId: read.vault.vaultId, itemId, version }, overview))).toMatchObject({ title: 'Example Mail' });
  expect((await readFrom(Buffer.from(v.format3)))!.items.map((held) => held.bytes())).toEqual(records);
  expect(await readFrom(file.subarray(0, -1))).toBeNull();
}

export const sections: VectorSection[] = [{ name: 'offlineCacheVault', compute, check }];
