import { describe, expect, it } from 'vitest';
import { entryText, FeedFormatError, parseFeed } from './feed.parser';

describe('parseFeed', () => {
  it('reads RSS 2.0 items: guid, CDATA HTML as text, RFC 822 dates, dc:date; reports empty items', () => {
    const feed = parseFeed(`<?xml version="1.0"?>
      <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire</title>
        <item><title>Acme beats estimates</title><guid isPermaLink="false">id-1</guid>
          <description><![CDATA[<p>Shares <b>rose</b> 5% &amp; more</p><script>track()</script>]]></description>
          <link>https://n.example/1</link><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>
        <item><title>Only a title</title><link>https://n.example/2</link><dc:date>2026-11-23T11:00:00Z</dc:date></item>
        <item><description> </description></item>
      </channel></rss>`);
    expect(feed.format).toBe('rss');
    expect(feed.entries).toEqual([
      {
        id: 'id-1',
        title: 'Acme beats estimates',
        summary: 'Shares rose 5% & more',
        link: 'https://n.example/1',
        publishedAt: new Date('2026-11-23T10:00:00Z'),
      },
      {
        id: 'https://n.example/2',
        title: 'Only a title',
        summary: '',
        link: 'https://n.example/2',
        publishedAt: new Date('2026-11-23T11:00:00Z'),
      },
    ]);
    expect(feed.problems).toEqual([{ entry: 3, reason: 'no title and no text' }]);
    expect(feed.entries.map(entryText)).toEqual([
      'Acme beats estimates. Shares rose 5% & more',
      'Only a title',
    ]);
  });

  it('reads Atom entries (alternate link, escaped HTML content) and RSS 1.0 (RDF) items', () => {
    const atom = parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><id>urn:1</id><title>Bank cuts rates:</title>
        <link rel="self" href="https://a.example/self"/><link rel="alternate" href="https://a.example/1"/>
        <updated>2026-11-23T12:00:00Z</updated><content type="html">&lt;p&gt;By 25bp.&lt;/p&gt;</content></entry>
    </feed>`);
    expect(atom).toMatchObject({ format: 'atom', problems: [] });
    expect(atom.entries[0]).toMatchObject({ id: 'urn:1', link: 'https://a.example/1', summary: 'By 25bp.' });
    expect(entryText(atom.entries[0])).toBe('Bank cuts rates: By 25bp.');
    const rdf =
      parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <item rdf:about="https://r.example/1"><title>Oil slides</title><link>https://r.example/1</link></item></rdf:RDF>`);
    expect(rdf).toMatchObject({
      format: 'rdf',
      entries: [{ id: 'https://r.example/1', title: 'Oil slides' }],
    });
  });

  it('refuses documents that are not feeds, not well-formed, or declare entities', () => {
    expect(() => parseFeed('<rss><channel><item>')).toThrow(FeedFormatError);
    expect(() => parseFeed('<rss><channel><item>')).toThrow(/^not well-formed XML: line 1/);
    expect(() => parseFeed('<html><body/></html>')).toThrow(
      'no <rss>, <feed> (Atom) or <rdf:RDF> root element',
    );
    expect(() => parseFeed('<!DOCTYPE r [<!ENTITY a "aa">]><rss>&a;</rss>')).toThrow(
      'entity declarations are not accepted in a feed',
    );
  });
});
