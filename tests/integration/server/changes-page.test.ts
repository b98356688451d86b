/**
 * The page of changes written straight to JSON bytes (src/server/vault/changes-page.ts) stays
 * valid JSON with the very strings stored, even for a row whose text the server did not write
 * itself (a quote, a backslash, a control character, non-ASCII): escaped, never broken out of.
 */
import { describe, expect, it } from 'vitest';
import { changesPageJson } from '../../../src/server/vault/changes-page';

const row = (overview: string) => ({ vault_id: 'AAAAAAAAAAAAAAAAAAAAAA', id: 'BBBBBBBBBBBBBBBBBBBBBB', version: 3, deleted: 0, overview, details: 'abc-_09', deletion_marker: null, updated_at: Date.parse('2026-12-07T05:00:00.000Z') });

describe('a page of changes as JSON bytes', () => {
  it('writes base64url as it is', () => {
    const page = JSON.parse(changesPageJson([row('QUJD-_09')] as never, 'c1', false).bytes.toString('latin1'));
    expect(page).toEqual({ items: [{ vaultId: 'AAAAAAAAAAAAAAAAAAAAAA', itemId: 'BBBBBBBBBBBBBBBBBBBBBB', version: 3, deleted: false, overview: 'QUJD-_09', details: 'abc-_09', deletionMarker: null, updatedAt: '2026-12-07T05:00:00.000Z' }], cursor: 'c1', hasMore: false });
  });

  it('escapes anything else, so the bytes still parse to the string stored', () => {
    for (const odd of ['","deleted":true,"x":"', 'back\\slash', 'line\nbreak\u0000', 'é ü 漢 😀']) {
      const bytes = changesPageJson([row(odd)] as never, 'c"2', true).bytes;
      expect(bytes.every((b) => b < 0x80)).toBe(true);
      const page = JSON.parse(bytes.toString('latin1'));
      expect(page.items[0].overview).toBe(odd);
      expect(page.items[0].deleted).toBe(false);
      expect(page.cursor).toBe('c"2');
    }
  });
});
