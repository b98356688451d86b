/**
 * The spec's test vectors: the one JSON block in §15 of docs/security-design.md. Every section
 * (vector-sections/) is recomputed from its named inputs and compared with the block, then its
 * decoder-side checks run on the published values.
 */

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HKDF_LABELS } from '../../../src/shared/crypto/labels';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { id16 } from '../../../src/shared/server-api/vault';
import { DOC_PATH, readDocVectors } from './doc-vectors';
import { loadSections } from './vector-sections/registry';

const doc = readFileSync(DOC_PATH, 'utf8');
const block = readDocVectors(doc);
const sections = await loadSections();

beforeAll(initCrypto);

describe('published test vectors (the §15 block)', () => {
  it('holds exactly the registered sections, in registry order', () => {
    expect(Object.keys(block)).toEqual(sections.map((s) => s.name));
  });

  describe.each(sections)('$name', (section) => {
    it('recomputes from its named inputs', async () => {
      expect(await section.compute(block[section.name])).toEqual(block[section.name]);
    });
    const check = section.check;
    if (check) it('passes its decoder-side checks', async () => await check(block[section.name], block));
  });

  it('every long value the prose of §15 quotes is one of the block\'s values', () => {
    const section15 = doc.slice(doc.indexOf('## 15.'), doc.indexOf('<!-- test-vectors:begin -->'));
    const quoted = [...section15.matchAll(/`([^`\s]{20,})`/g)].map((m) => m[1]!).filter((v) => !v.includes('/') && !v.includes('.'));
    // A quoted field name (a key of the block) is a name, not a value.
    const values = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string') values.add(v);
      else if (v && typeof v === 'object') Object.entries(v).forEach(([key, inner]) => (values.add(key), walk(inner)));
    };
    walk(block);
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.filter((v) => !values.has(v))).toEqual([]);
  });

  it('every vault and item id in the block is one the server accepts (16 bytes as base64url)', () => {
    const ids: [string, unknown][] = [];
    const walk = (v: unknown): void => {
      if (v && typeof v === 'object') Object.entries(v).forEach(([key, inner]) => (/^(vault|item)Id$/.test(key) ? ids.push([key, inner]) : walk(inner)));
    };
    walk(block);
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.filter(([, id]) => !id16.safeParse(id).success)).toEqual([]);
  });

  it('docs/security-design.md quotes every HKDF label', () => {
    expect(Object.values(HKDF_LABELS).filter((label) => !doc.includes(`"${label}"`))).toEqual([]);
  });
});
