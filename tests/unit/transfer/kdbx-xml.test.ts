/**
 * The import worker's XML reader for kdbxweb (kdbx-xml.ts): a KDBX file imports to exactly
 * what xmldom gives, for awkward text too; malformed XML and a DOCTYPE are refused; and the
 * worker really reads with it (a file with a DOCTYPE, which xmldom takes, is refused there).
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
});
