import { describe, expect, it } from 'vitest';
import { isUnset, parseXml, XmlSafetyError, xmlReference } from './xml.ts';

describe('parseXml', () => {
  it('keeps ids and org numbers as strings with their leading zeros', () => {
    const doc = parseXml('<a><OrganizationNumber>012345678</OrganizationNumber><Id>7</Id></a>');
    expect(doc).toEqual({ a: { OrganizationNumber: '012345678', Id: '7' } });
  });

  it('decodes character references, and an escaped reference stays literal text', () => {
    const doc = parseXml('<a><b>bl&#229;b&#xE6;r &amp; &lt;x&gt; &amp;#229;</b></a>');
    expect(doc).toEqual({ a: { b: 'blåbær & <x> &#229;' } });
  });

  it('refuses named entities XML does not predefine, as .NET does without a DTD', () => {
    expect(() => parseXml('<a>Blåbær&nbsp;AS</a>')).toThrow(/not &nbsp;/);
    expect(() => parseXml('<a>&copy;</a>')).toThrow(XmlSafetyError);
    expect(() => parseXml('<a>&#12;</a>')).toThrow(/not &#12;/);
    expect(() => parseXml('<a>AT & T</a>')).toThrow(XmlSafetyError);
    expect(parseXml('<a>&quot;&apos;&#x41;&#66;</a>')).toEqual({ a: `"'AB` });
    expect(parseXml('<a><!-- &nbsp; --><b><![CDATA[&nbsp;]]></b></a>')).toEqual({ a: { b: '&nbsp;' } });
  });

  it('refuses a billion-laughs entity bomb quickly', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><a>&lol2;</a>`;
    expect(() => parseXml(bomb)).toThrow(XmlSafetyError);
  });

  it('refuses bodies over the size cap', () => {
    expect(() => parseXml(`<a>${'x'.repeat(2000)}</a>`, { maxBytes: 1000 })).toThrow(XmlSafetyError);
  });

  it('makes listed elements arrays even with one item', () => {
    const doc = parseXml('<r><Company><Id>1</Id></Company></r>', { arrayElements: new Set(['Company']) });
    expect(doc).toEqual({ r: { Company: [{ Id: '1' }] } });
  });

  it('treats absent, empty and xsi:nil alike', () => {
    const doc = parseXml(
      '<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><A></A><B xsi:nil="true"/></r>',
    ) as { r: Record<string, unknown> };
    expect(isUnset(doc.r.A)).toBe(true);
    expect(isUnset(doc.r.B)).toBe(true);
    expect(isUnset(doc.r.C)).toBe(true);
    expect(isUnset('0')).toBe(false);
  });
});

describe('xmlReference', () => {
  it('knows the five predefined entities and character references, and nothing else', () => {
    expect(['lt', 'gt', 'amp', 'quot', 'apos'].map(xmlReference)).toEqual(['<', '>', '&', '"', "'"]);
    expect([xmlReference('#229'), xmlReference('#xE6'), xmlReference('#x1F600'), xmlReference('#9')]).toEqual(
      ['å', 'æ', '😀', '\t'],
    );
    expect(['nbsp', 'Lt', '#0', '#12', '#xD800', '#x110000', '#X41', '#', '#12a'].map(xmlReference)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
