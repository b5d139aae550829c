import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One item of an RSS or Atom feed, as the poller stores it. */
export interface FeedEntry {
  /** The entry's own id (RSS guid, Atom id, RDF about), else its link; null when it has neither. */
  id: string | null;
  title: string;
  /** Summary or description, HTML tags removed. */
  summary: string;
  link: string | null;
  publishedAt: Date | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf';
  entries: FeedEntry[];
  /** Entries left out, with why (1-based position in the feed). */
  problems: { entry: number; reason: string }[];
}

/** Why a whole document is not a feed: not XML, entity declarations, or no RSS/Atom/RDF root. */
export class FeedFormatError extends Error {
  override readonly name = 'FeedFormatError';
}

type XmlNode = Record<string, unknown>;

const ENTRY_PATHS = new Set(['rss.channel.item', 'RDF.item', 'feed.entry', 'feed.entry.link']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // dc:date → date, content:encoded → encoded, rdf:RDF → RDF: one name whatever the prefix.
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  isArray: (_name, jpath) => ENTRY_PATHS.has(String(jpath)),
});

/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom 1.0. Entity declarations are refused (a feed needs none, and they are
 * how an XML document expands to gigabytes); an entry without a title or text is reported, not stored.
 */
export function parseFeed(xml: string): ParsedFeed {
  if (/<!ENTITY/i.test(xml)) throw new FeedFormatError('entity declarations are not accepted in a feed');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new FeedFormatError(`not well-formed XML: line ${valid.err.line}: ${valid.err.msg}`);
  const document = parser.parse(xml) as XmlNode;
  const rss = node(document.rss);
  const atom = node(document.feed);
  const rdf = node(document.RDF);
  let format: ParsedFeed['format'];
  let items: unknown[];
  if (rss) {
    format = 'rss';
    items = list(node(rss.channel)?.item);
  } else if (atom) {
    format = 'atom';
    items = list(atom.entry);
  } else if (rdf) {
    format = 'rdf';
    items = list(rdf.item);
  } else {
    throw new FeedFormatError('no <rss>, <feed> (Atom) or <rdf:RDF> root element');
  }
  const parsed: ParsedFeed = { format, entries: [], problems: [] };
  items.forEach((item, index) => {
    const entry = node(item);
    const mapped = entry ? (format === 'atom' ? atomEntry(entry) : rssItem(entry)) : null;
    if (!mapped) parsed.problems.push({ entry: index + 1, reason: 'not an element' });
    else if (mapped.title === '' && mapped.summary === '')
      parsed.problems.push({ entry: index + 1, reason: 'no title and no text' });
    else parsed.entries.push(mapped);
  });
  return parsed;
}

/** The article text of an entry: its title, then its summary unless that only repeats the title. */
export function entryText(entry: FeedEntry): string {
  if (entry.summary === '' || entry.summary.startsWith(entry.title)) return entry.summary || entry.title;
  if (entry.title === '') return entry.summary;
  return `${entry.title}${/[.!?:]$/.test(entry.title) ? '' : '.'} ${entry.summary}`;
}

function rssItem(item: XmlNode): FeedEntry {
  const link = text(item.link) || null;
  return {
    id: text(item.guid) || text(item['@_about']) || link,
    title: plain(text(item.title)),
    summary: plain(text(item.description) || text(item.encoded)),
    link,
    publishedAt: date(text(item.pubDate) || text(item.date)),
  };
}

function atomEntry(entry: XmlNode): FeedEntry {
  const links = list(entry.link)
    .map(node)
    .filter((link): link is XmlNode => link !== null);
  const alternate = links.find((link) => (text(link['@_rel']) || 'alternate') === 'alternate') ?? links[0];
  const link = alternate ? text(alternate['@_href']) || null : null;
  return {
    id: text(entry.id) || link,
    title: plain(text(entry.title)),
    summary: plain(text(entry.summary) || text(entry.content)),
    link,
    publishedAt: date(text(entry.published) || text(entry.updated)),
  };
}

function node(value: unknown): XmlNode | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : null;
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** An element's text, whether the parser gave a string or an object with attributes (`#text`). */
function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  const element = node(value);
  return element ? text(element['#text']) : '';
}

/** HTML (feeds often carry it in descriptions, escaped or in CDATA) as plain text. */
function plain(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function date(value: string): Date | null {
  if (value === '') return null;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time) : null;
}
