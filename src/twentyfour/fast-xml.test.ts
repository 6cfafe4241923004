// Scenario: the fast response reader gives exactly what the shared parser gives, and is as strict.
import { describe, expect, it } from 'vitest';
import { parseFastXml, XmlSyntaxError } from './fast-xml.ts';
import { parseXml, XmlSafetyError } from './xml.ts';

const DOCUMENTS = [
  '<a><b>007</b></a>',
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body><R xmlns="urn:x"><A xsi:nil="true" /><B></B><C>  x  </C><D><E>1</E><E>2</E></D><F><G>1</G></F></R></soap:Body></soap:Envelope>',
  '<r><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</t><u a="1 &amp; 2">text</u><!-- note --><v><![CDATA[<raw> & stuff]]></v></r>',
  '<r><Company><Id>1</Id><Name>Æøå AS</Name></Company><Company><Id>2</Id></Company><Company><Id>3</Id></Company></r>',
];

describe('parseFastXml', () => {
  // parseXml also reports the <?xml?> declaration; nothing reads it, so it is left out here.
  const shared = (doc: string, arrayElements?: Set<string>) => {
    const { '?xml': _declaration, ...rest } = parseXml(doc, { arrayElements });
    return rest;
  };

  it.each(DOCUMENTS)('matches parseXml on %s', (doc) => {
    expect(parseFastXml(doc)).toEqual(shared(doc));
    const arrays = new Set(['Company', 'G']);
    expect(parseFastXml(doc, { arrayElements: arrays })).toEqual(shared(doc, arrays));
  });

  it('decodes character references (which parseXml leaves as written)', () => {
    expect(parseFastXml('<t>&#229;&#xE6;&#x1F600;</t>')).toEqual({ t: 'åæ😀' });
  });

  it('refuses DTDs, unknown entities, oversize and over-deep documents', () => {
    expect(() => parseFastXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(XmlSafetyError);
    expect(() => parseFastXml('<a>&nbsp;</a>')).toThrow(XmlSyntaxError);
    expect(() => parseFastXml(`<a>${'x'.repeat(2000)}</a>`, { maxBytes: 1000 })).toThrow(XmlSafetyError);
    expect(() => parseFastXml(`${'<a>'.repeat(300)}${'</a>'.repeat(300)}`)).toThrow(XmlSafetyError);
  });

  it('refuses malformed XML', () => {
    for (const bad of ['<a><b></a>', '<a>', 'plain text', '<a></a><b></b>', '<a x=1></a>', '<1a></1a>']) {
      expect(() => parseFastXml(bad), bad).toThrow(XmlSyntaxError);
    }
  });

  // The sandbox reads requests with this parser alone (no separate validation pass), so
  // everything a validating parser refuses must be refused here, in the one pass.
  it('refuses in its one pass what a validating parser refuses', () => {
    for (const bad of [
      '<a>AT & T</a>',
      '<a x="AT & T"/>',
      'junk<a></a>',
      '<a></a>junk',
      '<![CDATA[x]]><a/>',
      '<a x="1" x="2"/>',
      '<a x="1"y="2"/>',
      '<a x/>',
      '<a x="<"/>',
      '< a></a>',
      '<a></a ',
      '<a><!-- open </a>',
      '<a><!ELEMENT a ANY></a>',
    ]) {
      expect(() => parseFastXml(bad), bad).toThrow(XmlSyntaxError);
    }
    for (const hostile of [
      '<__proto__><x>1</x></__proto__>',
      '<a><constructor/></a>',
      '<a><prototype/></a>',
    ]) {
      expect(() => parseFastXml(hostile), hostile).toThrow(XmlSafetyError);
    }
    expect(() => parseFastXml(`${'<a>'.repeat(101)}${'</a>'.repeat(101)}`, { maxDepth: 100 })).toThrow(
      /Maximum nested tags exceeded/,
    );
    expect(parseFastXml(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`, { maxDepth: 100 })).toBeDefined();
  });

  it('reads what is well-formed though unusual as parseXml does', () => {
    for (const doc of [
      '\uFEFF<?xml version="1.0"?>\n<a>\n <b x = \'1 > 0\' y="&lt;2&gt;">t</b>\n</a>\n<!-- after -->',
      '<a><toString>1</toString><valueOf>2</valueOf></a>',
      '<rå><bær>x</bær></rå>',
      '<a x=" padded "/>',
    ]) {
      expect(parseFastXml(doc), doc).toEqual(shared(doc));
    }
  });
});
