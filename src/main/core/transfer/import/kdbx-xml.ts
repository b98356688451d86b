/**
 * A KDBX file's XML read for kdbxweb in the import worker, in place of xmldom. kdbxweb takes
 * the global DOMParser when there is one; xmldom's parse was 40% of the worker's CPU profile
 * at 10,000 entries (its sax parser scans the whole text backwards once for each tag name,
 * builds live node lists, and tests each name and attribute with regular expressions). This
 * reader builds only what kdbxweb reads of a document: elements with their tag name, child
 * nodes, attributes and text content; text nodes. It reads well-formed XML strictly: elements,
 * attributes, text, the five predefined entities, character references, CDATA sections,
 * comments and processing instructions. Anything else (a DOCTYPE, an undeclared entity, a close
 * tag that does not match, text outside the root) throws, which kdbxweb turns into a damaged
 * file. Only for reading: kdbxweb's writer (an export) needs xmldom's full DOM.
 */

/** A run of text (CDATA included), as kdbxweb meets it among an element's child nodes. */
export class XmlText {
  readonly nodeType = 3;
  constructor(public textContent: string) {}
}

export class XmlElement {
  readonly nodeType = 1;
  readonly childNodes: (XmlElement | XmlText)[] = [];
  /** Set by kdbxweb on a protected value's element once it decrypted it. */
  protectedValue?: unknown;
  #attributes: Map<string, string> | null = null;

  constructor(readonly tagName: string) {}

  get textContent(): string {
    const only = this.childNodes.length === 1 ? this.childNodes[0] : undefined;
    if (only instanceof XmlText) return only.textContent;
    return this.childNodes.map((node) => node.textContent).join('');
  }

  set textContent(text: string) {
    this.childNodes.length = 0;
    if (text !== '') this.childNodes.push(new XmlText(text));
  }

  getAttribute(name: string): string | null {
    return this.#attributes?.get(name) ?? null;
  }

  setAttribute(name: string, value: string): void {
    (this.#attributes ??= new Map()).set(name, value);
  }

  removeAttribute(name: string): void {
    this.#attributes?.delete(name);
  }

  hasAttribute(name: string): boolean {
    return this.#attributes?.has(name) ?? false;
  }
}

export class XmlDocument {
  constructor(
    readonly documentElement: XmlElement,
    /** Every tag name in the document: kdbxweb asks for 'parsererror' (which this reader never makes: an error throws), and a walk of 10,000 entries to find none was 20% of the reader's time. */
    private readonly names: ReadonlySet<string>,
  ) {}

  getElementsByTagName(name: string): XmlElement[] {
    const found: XmlElement[] = [];
    if (!this.names.has(name)) return found;
    const visit = (element: XmlElement) => {
      if (element.tagName === name) found.push(element);
      for (const node of element.childNodes) if (node instanceof XmlElement) visit(node);
    };
    visit(this.documentElement);
    return found;
  }
}

/** Why the XML does not read (never quoting it: the file's content is the user's secrets). */
export class XmlReadError extends Error {
  constructor(what: string, at: number) {
    super(`${what} at offset ${at}`);
    this.name = 'XmlReadError';
  }
}

/** kdbxweb's DOMParser: `parseFromString` is all it calls. */
export class KdbxXmlReader {
  parseFromString(xml: string): XmlDocument {
    return readXml(xml);
  }
}

/** Makes kdbxweb read XML with this reader on this thread (the import worker's, where kdbxweb never writes a file). */
export function useKdbxXmlReader(): void {
  (globalThis as { DOMParser?: unknown }).DOMParser = KdbxXmlReader;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*$/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&([^;&]{1,10});/g;

export function readXml(xml: string): XmlDocument {
  // A file repeats a few dozen names: each is checked once.
  const names = new Set<string>();
  const holder = new XmlElement('');
  const open: XmlElement[] = [holder];
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > at) addText(open, xml.slice(at, textEnd), at);
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) at = closeTag(xml, lt, open);
    else if (next === 0x3f /* ? */) at = skipPast(xml, lt, '?>');
    else if (xml.startsWith('<!--', lt)) at = skipPast(xml, lt, '-->');
    else if (xml.startsWith('<![CDATA[', lt)) {
      at = skipPast(xml, lt, ']]>');
      if (open.length === 1) throw new XmlReadError('CDATA outside the root element', lt);
      open[open.length - 1]!.childNodes.push(new XmlText(xml.slice(lt + 9, at - 3)));
    } else if (next === 0x21 /* ! */) throw new XmlReadError('a declaration (a DOCTYPE or an entity) is not read', lt);
    else at = openTag(xml, lt, open, names);
  }
  if (open.length !== 1) throw new XmlReadError(`element ${open[open.length - 1]!.tagName} is not closed`, xml.length);
  const [root, ...more] = holder.childNodes;
  if (!(root instanceof XmlElement) || more.length > 0) throw new XmlReadError('not exactly one root element', 0);
  return new XmlDocument(root, names);
}

function addText(open: XmlElement[], raw: string, at: number): void {
  if (open.length === 1) {
    if (raw.trim() !== '') throw new XmlReadError('text outside the root element', at);
    return;
  }
  open[open.length - 1]!.childNodes.push(new XmlText(decoded(raw, at)));
}

function skipPast(xml: string, from: number, end: string): number {
  const found = xml.indexOf(end, from);
  if (found === -1) throw new XmlReadError(`no ${end} to end what starts`, from);
  return found + end.length;
}

function closeTag(xml: string, lt: number, open: XmlElement[]): number {
  const gt = xml.indexOf('>', lt);
  if (gt === -1) throw new XmlReadError('a close tag without >', lt);
  const name = xml.slice(lt + 2, gt).trimEnd();
  const element = open.pop();
  if (open.length === 0 || element?.tagName !== name) throw new XmlReadError('a close tag that matches no open element', lt);
  return gt + 1;
}

/** Reads `<name attr="value" …>` or `<name … />` at `lt`; answers where the text after it starts. */
function openTag(xml: string, lt: number, open: XmlElement[], names: Set<string>): number {
  let at = lt + 1;
  while (at < xml.length && !isSpace(xml.charCodeAt(at)) && xml[at] !== '>' && xml[at] !== '/') at++;
  const name = xml.slice(lt + 1, at);
  if (!names.has(name)) {
    if (!NAME.test(name)) throw new XmlReadError('a tag name that is not one', lt);
    names.add(name);
  }
  const element = new XmlElement(name);
  for (;;) {
    while (at < xml.length && isSpace(xml.charCodeAt(at))) at++;
    if (at >= xml.length) throw new XmlReadError('a tag without >', lt);
    if (xml[at] === '>' || xml.startsWith('/>', at)) break;
    at = readAttribute(xml, at, element);
  }
  if (open.length === 1 && open[0]!.childNodes.length > 0) throw new XmlReadError('a second root element', lt);
  open[open.length - 1]!.childNodes.push(element);
  if (xml[at] === '>') {
    open.push(element);
    return at + 1;
  }
  return at + 2;
}

function readAttribute(xml: string, from: number, element: XmlElement): number {
  const equals = xml.indexOf('=', from);
  if (equals === -1) throw new XmlReadError('an attribute without a value', from);
  const name = xml.slice(from, equals).trimEnd();
  if (!NAME.test(name) || element.hasAttribute(name)) throw new XmlReadError('an attribute name that is not one, or given twice', from);
  let quote = equals + 1;
  while (isSpace(xml.charCodeAt(quote))) quote++;
  const mark = xml[quote];
  if (mark !== '"' && mark !== "'") throw new XmlReadError('an attribute value without quotes', quote);
  const end = xml.indexOf(mark, quote + 1);
  if (end === -1) throw new XmlReadError('an attribute value that does not end', quote);
  const raw = xml.slice(quote + 1, end);
  if (raw.includes('<')) throw new XmlReadError('< in an attribute value', quote);
  element.setAttribute(name, decoded(raw, quote));
  return end + 1;
}

/** The text with its entity and character references replaced; an undeclared entity, a bare & or a reference to no character throws. */
function decoded(raw: string, at: number): string {
  if (!raw.includes('&')) return raw;
  if (raw.replace(REFERENCE, '').includes('&')) throw new XmlReadError('a bare & (or a reference too long to be one)', at);
  return raw.replace(REFERENCE, (_, name: string) => {
    const entity = ENTITIES[name];
    if (entity !== undefined) return entity;
    const code = /^#x[0-9A-Fa-f]+$/.test(name) ? Number.parseInt(name.slice(2), 16) : /^#[0-9]+$/.test(name) ? Number(name.slice(1)) : -1;
    if (code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlReadError('an undeclared entity, or a reference to no character', at);
    return String.fromCodePoint(code);
  });
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
