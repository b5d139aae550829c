import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ArticleDto } from '../src/articles/dto/article.dto';
import type { FeedStatusDto } from '../src/feeds/dto/feed-status.dto';
import {
  call,
  eventually,
  type Page,
  type SentimentTestService,
  startSentimentService,
} from './support/sentiment-test.service';

const rssItem = (guid: string, title: string, description: string, date: string) =>
  `<item><title>${title}</title><description><![CDATA[<p>${description}</p>]]></description>` +
  `<link>https://news.example/${guid}</link><guid isPermaLink="false">${guid}</guid><pubDate>${date}</pubDate></item>`;
const rss = (items: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>${items.join('')}</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
  <entry><id>urn:desk:1</id><title>Central bank holds rates</title><updated>2026-11-20T08:00:00Z</updated>
    <link rel="alternate" href="https://desk.example/1"/><summary>Policy unchanged; guidance softer.</summary></entry>
  <entry><id>urn:desk:2</id><title>Chipmaker shares slump on weak outlook</title><published>2026-11-20T09:30:00Z</published>
    <link href="https://desk.example/2"/><content type="html">&lt;p&gt;Guidance cut for the &lt;b&gt;third&lt;/b&gt; quarter.&lt;/p&gt;</content></entry>
</feed>`;

/**
 * The worker's feed poller on local files (SENTIMENT_FEED_DIR, polled every 300 ms): RSS and Atom entries
 * become articles once each, a broken or hostile file is skipped without stopping the others, and an item
 * added to a feed is picked up by the next poll.
 */
describe('feed poller: RSS and Atom files into articles, on a real PostgreSQL', () => {
  let service: SentimentTestService;
  let base: string;
  let feeds: string;
  const feedArticles = async () =>
    (await call<Page<ArticleDto>>(base, 'GET', '/articles?limit=100', 'reader')).body.items.filter(
      (article) => article.source === 'feed',
    );

  beforeAll(async () => {
    feeds = await mkdtemp(join(tmpdir(), 'sentiment-feeds-'));
    await writeFile(
      join(feeds, 'wire.rss'),
      rss([
        rssItem(
          'w-1',
          'Acme beats estimates',
          'Shares <b>rose</b> 5% after hours',
          'Thu, 19 Nov 2026 10:00:00 GMT',
        ),
        rssItem(
          'w-2',
          'Regulator fines Globex',
          'Record penalty over disclosures',
          'Thu, 19 Nov 2026 11:00:00 GMT',
        ),
        '<item><title></title><description></description><guid>w-empty</guid></item>',
      ]),
    );
    await writeFile(join(feeds, 'desk.atom'), ATOM);
    await writeFile(join(feeds, 'broken.xml'), '<rss><channel><item><title>cut off');
    await writeFile(
      join(feeds, 'bomb.xml'),
      '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><rss>&b;</rss>',
    );
    await writeFile(join(feeds, 'notes.txt'), 'not a feed: ignored by extension');
    service = await startSentimentService(inject('databaseUrl'), 'feeds', {
      SENTIMENT_FEED_DIR: feeds,
      SENTIMENT_FEED_POLL_MS: '300',
    });
    base = service.api.baseUrl;
  });
  afterAll(async () => {
    await service?.close();
    if (feeds) await rm(feeds, { recursive: true, force: true });
  });

  it('stores every good RSS and Atom entry once, as text without markup, with its own date', async () => {
    await eventually(async () => ((await feedArticles()).length >= 4 ? true : undefined), 20_000);
    expect(await feedArticles()).toHaveLength(4);
    const byText = new Map((await feedArticles()).map((article) => [article.text, article]));
    expect([...byText.keys()].sort()).toEqual([
      'Acme beats estimates. Shares rose 5% after hours',
      'Central bank holds rates. Policy unchanged; guidance softer.',
      'Chipmaker shares slump on weak outlook. Guidance cut for the third quarter.',
      'Regulator fines Globex. Record penalty over disclosures',
    ]);
    expect(byText.get('Acme beats estimates. Shares rose 5% after hours')).toMatchObject({
      sourceId: 'feed:w-1',
      publishedAt: '2026-11-19T10:00:00.000Z',
    });
    expect(byText.get('Central bank holds rates. Policy unchanged; guidance softer.')).toMatchObject({
      sourceId: 'feed:urn:desk:1',
      publishedAt: '2026-11-20T08:00:00.000Z',
    });
  });

  it("reports every feed's last poll at GET /feeds: counts for good feeds, the reason for bad ones", async () => {
    const statuses = async () => (await call<FeedStatusDto[]>(base, 'GET', '/feeds', 'reader')).body;
    await eventually(async () => ((await statuses()).length === 4 ? true : undefined), 20_000);
    const byName = new Map((await statuses()).map((status) => [status.feed.split('/').pop()!, status]));
    expect([...byName.keys()]).toEqual(['bomb.xml', 'broken.xml', 'desk.atom', 'wire.rss']);
    expect(byName.get('wire.rss')).toMatchObject({
      ok: true,
      error: null,
      entries: 3,
      rejected: 1,
      storedTotal: 2,
    });
    expect(byName.get('desk.atom')).toMatchObject({ ok: true, entries: 2, rejected: 0, storedTotal: 2 });
    for (const bad of ['broken.xml', 'bomb.xml']) {
      expect(byName.get(bad)).toMatchObject({ ok: false, entries: 0, storedTotal: 0, lastOkAt: null });
      expect(byName.get(bad)!.error).toEqual(expect.any(String));
    }
    expect((await fetch(`${base}/feeds`)).status).toBe(401);
  });

  it('polls again without storing anything twice, and picks up an item added to a feed', async () => {
    // Several more polls of the same files (300 ms apart) store nothing new.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await feedArticles()).toHaveLength(4);
    await writeFile(
      join(feeds, 'wire.rss'),
      rss([
        rssItem('w-3', 'Globex appeals the fine', 'Shares recover', 'Fri, 20 Nov 2026 07:00:00 GMT'),
        rssItem(
          'w-1',
          'Acme beats estimates',
          'Shares <b>rose</b> 5% after hours',
          'Thu, 19 Nov 2026 10:00:00 GMT',
        ),
      ]),
    );
    await eventually(async () => ((await feedArticles()).length >= 5 ? true : undefined), 20_000);
    expect(await feedArticles()).toHaveLength(5);
    expect((await feedArticles()).map((article) => article.sourceId)).toContain('feed:w-3');
  });
});
