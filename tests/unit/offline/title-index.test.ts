/**
 * The offline cache's title index (docs/security-design.md §13.1): it tells which items are not titled what is asked
 * (case aside), only for the version it was made of; a file changed anywhere, cut, made under another vault's key or of
 * another format tells nothing (every item is then opened). Equal titles give unrelated tags.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { encodeTitleIndex, untitledItems } from '../../../src/main/core/offline/title-index';

const vaultId = 'AAECAwQFBgcICQoLDA0ODw';
const key = () => new SecretBytes(new Uint8Array(32).fill(7));
const items = [
  { itemId: 'item-one', version: 3, title: 'GitHub' },
  { itemId: 'item-two', version: 2 ** 40 + 5, title: 'Bank' },
  { itemId: 'item-three', version: 1, title: 'github' },
];

beforeAll(initCrypto);

describe('the title index', () => {
  it('shows every item not titled the title asked, with the version it was made of', () => {
    const file = encodeTitleIndex(key(), vaultId, items);
    expect(untitledItems(key(), vaultId, file, 'GITHUB')).toEqual(new Map([['item-two', 2 ** 40 + 5]]));
    expect(untitledItems(key(), vaultId, file, 'bank')).toEqual(new Map([['item-one', 3], ['item-three', 1]]));
    expect(untitledItems(key(), vaultId, file, 'Nothing')?.size).toBe(3);
    expect(untitledItems(key(), vaultId, encodeTitleIndex(key(), vaultId, []), 'x')).toEqual(new Map());
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
      expect(untitledItems(key(), vaultId, changed, 'bank'), `byte ${at}`).toBeNull();
    }
    expect(untitledItems(key(), vaultId, file.subarray(0, file.length - 1), 'bank')).toBeNull();
    expect(untitledItems(key(), vaultId, Buffer.concat([file, Buffer.alloc(1)]), 'bank')).toBeNull();
    expect(untitledItems(new SecretBytes(new Uint8Array(32).fill(8)), vaultId, file, 'bank')).toBeNull();
    expect(untitledItems(key(), 'BAECAwQFBgcICQoLDA0ODw', file, 'bank')).toBeNull();
    expect(untitledItems(key(), vaultId, Buffer.alloc(0), 'bank')).toBeNull();
  });
});
