/**
 * The offline cache's title index (docs/security-design.md §13.1): it rules out the records whose item, at that very
 * version and place in the file, is not titled what is asked (case aside); a file changed anywhere, cut, made under
 * another vault's key or of another format rules nothing out. Equal titles give unrelated tags, and no title is in it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { sealRecord } from '../../../src/main/core/offline/sealed-item';
import { encodeTitleIndex, titleFilter } from '../../../src/main/core/offline/title-index';

const vaultId = 'AAECAwQFBgcICQoLDA0ODw';
const key = () => new SecretBytes(new Uint8Array(32).fill(7));
const items = [
  { itemId: 'item-one', version: 3, title: 'GitHub' },
  { itemId: 'item-two', version: 2 ** 40 + 5, title: 'Bank' },
  { itemId: 'item-three', version: 1, title: 'github' },
];
const recordOf = (itemId: string, version: number) => sealRecord({ itemId, version, updatedAt: '2026-01-01T00:00:00.000Z', overview: new Uint8Array(3), details: new Uint8Array(4) });
const records = items.map(({ itemId, version }) => recordOf(itemId, version));
/** Which records the index lets through for `title`, by their place; null when it tells nothing. */
const kept = (file: Buffer, title: string, vaultKey = key(), vault = vaultId) => {
  const filter = titleFilter(vaultKey, vault, file, title);
  return filter && records.map((record, position) => filter(record, position));
};

beforeAll(initCrypto);

describe('the title index', () => {
  it('rules out every record whose item is not titled the title asked', () => {
    const file = encodeTitleIndex(key(), vaultId, items);
    expect(kept(file, 'GITHUB')).toEqual([true, false, true]);
    expect(kept(file, 'bank')).toEqual([false, true, false]);
    expect(kept(file, 'Nothing')).toEqual([false, false, false]);
  });

  it('rules out nothing it does not cover: another version, another item at that place, a place past its end', () => {
    const filter = titleFilter(key(), vaultId, encodeTitleIndex(key(), vaultId, items.slice(0, 2)), 'Nothing')!;
    expect(filter(recordOf('item-one', 4), 0)).toBe(true);
    expect(filter(recordOf('item-two', 2 ** 40 + 5), 0)).toBe(true);
    expect(filter(records[0]!, 0)).toBe(false);
    expect(filter(records[2]!, 2)).toBe(true);
  });

  it('made again with the entries kept from the last, is the same file, and covers an item changed since (a new object)', () => {
    const made = new WeakMap<(typeof items)[number], Uint8Array>();
    const first = encodeTitleIndex(key(), vaultId, items, made);
    expect(encodeTitleIndex(key(), vaultId, items, made).equals(first)).toBe(true);
    const renamed = [items[0]!, { itemId: 'item-two', version: 2 ** 40 + 6, title: 'Savings' }, items[2]!];
    const again = encodeTitleIndex(key(), vaultId, renamed, made);
    expect(again.equals(encodeTitleIndex(key(), vaultId, renamed))).toBe(true);
    const filter = titleFilter(key(), vaultId, again, 'savings')!;
    expect(filter(recordOf('item-two', 2 ** 40 + 6), 1)).toBe(true);
    expect(filter(records[0]!, 0)).toBe(false);
  });

  it('gives equal titles unrelated tags, and holds no title', () => {
    const file = encodeTitleIndex(key(), vaultId, items);
    const tagOf = (itemId: string) => file.subarray(file.indexOf(itemId) + itemId.length + 8, file.indexOf(itemId) + itemId.length + 16);
    expect(tagOf('item-one').equals(tagOf('item-three'))).toBe(false);
    expect(file.toString('latin1').toLowerCase()).not.toContain('github');
  });

  it('tells nothing from a file changed anywhere, cut, padded, under another key or vault, or of another format', () => {
    const file = encodeTitleIndex(key(), vaultId, items);
    for (let at = 0; at < file.length; at++) {
      const changed = Buffer.from(file);
      changed[at]! ^= 1;
      expect(kept(changed, 'bank'), `byte ${at}`).toBeNull();
    }
    expect(kept(file.subarray(0, file.length - 1), 'bank')).toBeNull();
    expect(kept(Buffer.concat([file, Buffer.alloc(1)]), 'bank')).toBeNull();
    expect(kept(file, 'bank', new SecretBytes(new Uint8Array(32).fill(8)))).toBeNull();
    expect(kept(file, 'bank', key(), 'BAECAwQFBgcICQoLDA0ODw')).toBeNull();
    expect(kept(Buffer.alloc(0), 'bank')).toBeNull();
  });
});
