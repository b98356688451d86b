/**
 * The page of changes written straight to JSON bytes (src/server/vault/changes-page.ts) stays
 * valid JSON with the very strings stored, even for a row whose text the server did not write
 * itself (a quote, a backslash, a control character, non-ASCII): escaped, never broken out of.
 */
import { describe, expect, it } from 'vitest';
import { hasControlByte } from '../../../src/server/http/serialized-json';
import { changesPageJson, type PageRow } from '../../../src/server/vault/changes-page';

const row = (overview: string, details = 'abc-_09'): PageRow => ['AAAAAAAAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBBBBBBBB', 3, 0, overview, details, null, Date.parse('2026-12-07T05:00:00.000Z'), 1];

describe('a page of changes as JSON bytes', () => {
  it('writes base64url as it is', () => {
    const page = JSON.parse(changesPageJson([row('QUJD-_09')], 'c1', false).bytes.toString('latin1'));
    expect(page).toEqual({ items: [{ vaultId: 'AAAAAAAAAAAAAAAAAAAAAA', itemId: 'BBBBBBBBBBBBBBBBBBBBBB', version: 3, deleted: false, overview: 'QUJD-_09', details: 'abc-_09', deletionMarker: null, updatedAt: '2026-12-07T05:00:00.000Z' }], cursor: 'c1', hasMore: false });
  });

  it('escapes anything else, so the bytes still parse to the string stored', () => {
    // U+0122, U+015C and U+010A end in the bytes of a quote, a backslash and a line feed: a byte-wise write would break out.
    for (const odd of ['","deleted":true,"x":"', 'back\\slash', 'line\nbreak\u0000', 'é ü 漢 😀', 'Ģ,"x":Ģ', 'Ŝ', 'Ċ', '\u001f', 'tail\u0001', '\ud800 lone', 'del\u007f']) {
      const bytes = changesPageJson([row(odd)], 'c"2', true).bytes;
      expect(bytes.every((b) => b < 0x80)).toBe(true);
      const page = JSON.parse(bytes.toString('latin1'));
      expect(page.items[0].overview).toBe(odd);
      expect(page.items[0].deleted).toBe(false);
      expect(page.cursor).toBe('c"2');
    }
  });

  it('finds a control character in any string of a long page, wherever it falls in a word', () => {
    const details = Array.from({ length: 20 }, (_, i) => 'x'.repeat(i));
    for (let at = 0; at < details.length; at++) {
      const odd = details.map((text, i) => (i === at ? `${text}\u0007` : text));
      const page = JSON.parse(changesPageJson(odd.map((text, i) => row('QUJD'.repeat(i + 1), text)), 'c', false).bytes.toString('latin1'));
      expect(page.items.map((item: { details: string }) => item.details)).toEqual(odd);
    }
  });

  it('hasControlByte: every byte below 0x20 and only those, at any offset and length (short answers byte by byte, long ones four at a time)', () => {
    const base = Buffer.alloc(300, 'x');
    const lengths = [...Array.from({ length: 25 }, (_, i) => i), ...Array.from({ length: 9 }, (_, i) => 256 + i)];
    for (let offset = 0; offset < 4; offset++) {
      for (const length of lengths) {
        expect(hasControlByte(base.subarray(offset, offset + length))).toBe(false);
        for (let at = 0; at < length; at++) {
          for (const byte of [0x00, 0x1f, 0x20, 0x7f, 0x80, 0x9f, 0xff]) {
            const bytes = Buffer.from(base).subarray(offset, offset + length);
            bytes[at] = byte;
            expect(hasControlByte(bytes)).toBe(byte < 0x20);
          }
        }
      }
    }
  });
});
