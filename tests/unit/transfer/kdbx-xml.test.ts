/**
 * The import worker's XML reader for kdbxweb (kdbx-xml.ts): a KDBX file imports to exactly
 * what xmldom gives, for awkward text too; malformed XML and a DOCTYPE are refused, with the
 * reader's own error whatever the damage (random edits); and the worker really reads with it (a
 * file with a DOCTYPE, which xmldom takes, is refused there, and so are groups nested deeper
 * than a call stack).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readXml, useKdbxXmlReader, XmlElement, XmlReadError, XmlText } from '../../../src/main/core/transfer/import/kdbx-xml';
import { importParser } from '../../../src/main/core/transfer/import/parse-off-thread';
import { parseImport } from '../../../src/main/core/transfer/import/read-import';
import { workerFromSource } from '../../support/worker-url';
import { makeKdbx, withEditedXml, type FixtureEntry } from './kdbx-fixture';

const awkward: FixtureEntry[] = [
  {
    group: ['Work & <Play>', 'Ünïcødé 🔐'],
    fields: { Title: 'Quotes " and \' & <tags> ]]> --> ?>', UserName: '  spaced  ', URL: 'https://example.com/?a=1&b=2', Notes: 'line 1\nline 2\r\n\ttabbed\n', Plain: '   ' },
    protectedFields: { Password: 'p&ss<w>rd"\'', 'Secret 🔑': 'ключ & 鍵' },
    tags: ['a&b', 'c<d>'],
  },
  { fields: { Title: '', Notes: '' }, protectedFields: { Password: '' } },
  { group: ['Work & <Play>'], fields: { Title: 'Second', UserName: 'bob' } },
];

const withoutReader = (globalThis as { DOMParser?: unknown }).DOMParser;
afterEach(() => {
  (globalThis as { DOMParser?: unknown }).DOMParser = withoutReader;
});

describe.each([4, 3] as const)('KDBX %i read with the lean reader', (version) => {
  it('imports exactly what xmldom reads, pretty-printed or not', async () => {
    for (const pretty of [false, true]) {
      const bytes = await withEditedXml((xml) => (pretty ? xml.replace(/></g, '>\n  <') : xml), () => makeKdbx(version, 'pw', awkward));
      const byXmldom = await parseImport(bytes, { password: 'pw' });
      useKdbxXmlReader();
      const byReader = await parseImport(bytes, { password: 'pw' });
      (globalThis as { DOMParser?: unknown }).DOMParser = withoutReader;
      expect(byReader).toEqual(byXmldom);
      expect(byReader.items.map((item) => item.title)).toEqual(['Untitled', 'Second', 'Quotes " and \' & <tags> ]]> --> ?>']);
    }
  });
});

describe('readXml', () => {
  it('reads entities, character references, CDATA, comments and processing instructions', () => {
    const doc = readXml('<?xml version="1.0"?>\n<!-- c --><Root a="x &amp; &#x3C;y&#62;" b=\'q"\'><V>&lt;&gt;&amp;&quot;&apos;&#128273;</V><!-- <V>no</V> --><W><![CDATA[<raw> & ]]>tail</W><E/><E ></E><?pi x?></Root>\n');
    const root = doc.documentElement;
    expect(root.tagName).toBe('Root');
    expect(root.getAttribute('a')).toBe('x & <y>');
    expect(root.getAttribute('b')).toBe('q"');
    expect(root.getAttribute('c')).toBeNull();
    const elements = root.childNodes.filter((node): node is XmlElement => node instanceof XmlElement);
    expect(elements.map((node) => [node.tagName, node.textContent])).toEqual([
      ['V', '<>&"\'🔑'],
      ['W', '<raw> & tail'],
      ['E', ''],
      ['E', ''],
    ]);
    expect(root.textContent).toBe('<>&"\'🔑<raw> & tail');
    expect(doc.getElementsByTagName('E').map((node) => node.tagName)).toEqual(['E', 'E']);
    expect(doc.getElementsByTagName('parsererror')).toEqual([]);
    expect(readXml('<r><parsererror>x</parsererror></r>').getElementsByTagName('parsererror')).toHaveLength(1);
  });

  it('keeps text as written, whitespace included, and lets kdbxweb set text and attributes', () => {
    const value = readXml('<Value Protected="True">  a\n b  </Value>').documentElement;
    expect(value.childNodes).toEqual([new XmlText('  a\n b  ')]);
    value.removeAttribute('Protected');
    value.setAttribute('ProtectInMemory', 'True');
    value.textContent = 'plain';
    expect([value.getAttribute('Protected'), value.getAttribute('ProtectInMemory'), value.textContent]).toEqual([null, 'True', 'plain']);
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>'],
    ['an undeclared entity', '<r>&x;</r>'],
    ['a bare &', '<r>a & b</r>'],
    ['a reference to no character', '<r>&#0;</r>'],
    ['a reference past Unicode', '<r>&#x110000;</r>'],
    ['a close tag that does not match', '<r><a></b></r>'],
    ['an element left open', '<r><a></a>'],
    ['a close tag with nothing open', '</r>'],
    ['text outside the root', '<r/>text'],
    ['two roots', '<r/><s/>'],
    ['no root', '<!-- nothing -->'],
    ['an attribute given twice', '<r a="1" a="2"/>'],
    ['an attribute without quotes', '<r a=1/>'],
    ['< in an attribute value', '<r a="<"/>'],
    ['a bad tag name', '<1r/>'],
    ['a tag cut short', '<r a="1"'],
    ['a comment that does not end', '<r><!-- </r>'],
    ['CDATA that does not end', '<r><![CDATA[ </r>'],
  ])('refuses %s', (_, xml) => {
    expect(() => readXml(xml)).toThrow(XmlReadError);
  });

  it('refuses XML broken anywhere with its own error, never another (20,000 random edits of a KDBX-like document)', () => {
    const seed = `<?xml version="1.0" encoding="utf-8"?><KeePassFile><Meta><Generator>KeePassXC</Generator></Meta><Root><Group><Name>Root &amp; more</Name><Entry><String><Key>Title</Key><Value>Git&#x48;ub</Value></String><String><Key>Password</Key><Value Protected="True">c2VjcmV0</Value></String><![CDATA[x]]><!-- c --></Entry></Group></Root></KeePassFile>`;
    const pieces = ['<', '>', '/', '&', ';', '"', "'", '=', '!', '?', '<![CDATA[', ']]>', '<!--', '-->', '&#', '&#x', ' ', 'a', '\u0000', '\uD800', '<a', '</a>', '/>'];
    // A fixed linear congruential sequence: the same edits every run.
    let state = 12345;
    const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const others: string[] = [];
    let refused = 0;
    for (let n = 0; n < 20_000; n++) {
      let xml = seed;
      for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits--) {
        const at = Math.floor(random() * xml.length);
        const [kind, piece] = [random(), pieces[Math.floor(random() * pieces.length)]!];
        xml = kind < 1 / 3 ? xml.slice(0, at) + xml.slice(at + 1 + Math.floor(random() * 5)) : xml.slice(0, at) + piece + xml.slice(kind < 2 / 3 ? at : at + 1);
      }
      try {
        readXml(xml);
      } catch (error) {
        if (error instanceof XmlReadError) refused += 1;
        else others.push(String(error));
      }
    }
    expect(others).toEqual([]);
    // Most edits break the document: the loop did test the refusals.
    expect(refused).toBeGreaterThan(10_000);
  });

  it('never quotes the file in its error', () => {
    expect(() => readXml('<r>secret-value & more</r>')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret') }));
  });
});

describe('the import worker', () => {
  it('reads a KDBX file with the lean reader, which refuses a DOCTYPE that xmldom takes', async () => {
    const bytes = await withEditedXml((xml) => xml.replace('?>', '?><!DOCTYPE KeePassFile>'), () => makeKdbx(4, 'pw', awkward));
    expect((await parseImport(bytes, { password: 'pw' })).items).toHaveLength(3);
    const inWorker = importParser(workerFromSource('import-parser'));
    await expect(inWorker(bytes, { password: 'pw' })).rejects.toMatchObject({ name: 'ImportError', code: 'corrupt' });
    const plain = await makeKdbx(4, 'pw', awkward);
    expect((await inWorker(plain, { password: 'pw' })).items).toHaveLength(3);
  });

  it('refuses groups nested 100,000 deep (more than a call stack holds) as a damaged file', async () => {
    const depth = 100_000;
    const group = '<Group><UUID>AAAAAAAAAAAAAAAAAAAAAA==</UUID><Name>g</Name>';
    const bytes = await withEditedXml((xml) => xml.replace('</Root>', `${group.repeat(depth)}${'</Group>'.repeat(depth)}</Root>`), () => makeKdbx(4, 'pw', awkward));
    const inWorker = importParser(workerFromSource('import-parser'));
    await expect(inWorker(bytes, { password: 'pw' })).rejects.toMatchObject({ name: 'ImportError', code: 'corrupt' });
  }, 120_000);
});
