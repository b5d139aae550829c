import type { HostileCase, SeededFixtures } from './hostile-case.types';
import { ABSENT_UUID, HostileCaseList } from './hostile-case.list';
import { multipartBody, multipartType, streamedCsv } from './hostile-body.builders';
import {
  SQL_INJECTIONS,
  TEMPLATE_INJECTIONS,
  TRAVERSAL_SEGMENTS,
  TRAVERSAL_VALUES,
} from './hostile-payload.values';
import { addPlatformCases } from './platform.corpus';

const CSV = { 'content-type': 'text/csv' } as const;
const CSV_FILE = 'text,label\nShares rose after the results,positive\n';

/** Articles, CSV/JSONL imports, alerts and subscriptions, monitoring, training. */
export function sentimentCorpus(seeded: SeededFixtures): HostileCase[] {
  const list = new HostileCaseList('sentiment');
  const articles = { path: '/articles', role: 'writer' } as const;
  const subscriptions = { path: '/subscriptions', role: 'admin' } as const;
  const training = { path: '/training-runs', role: 'admin' } as const;
  const imports = { path: '/imports', role: 'writer' } as const;
  /** The CSV file, as a valid import would send it. */
  const csvImport = { ...imports, headers: CSV, raw: CSV_FILE };
  const article = { text: 'Shares of a fictional maker of kettles rose 4% after results' };
  const subscription = { url: 'https://hooks.example/alerts' };

  // --- malformed JSON.
  list.malformedJson({ 'POST /articles': articles });
  list.malformedJson({ 'POST /subscriptions': subscriptions, 'POST /training-runs': training }, [
    'truncated object',
    'trailing comma',
    'comment inside',
  ]);
  list.rawJson(
    'prototype-pollution',
    'POST /articles',
    '__proto__ key',
    articles,
    '{"text": "Shares rose", "__proto__": {"role": "admin"}}',
  );
  list.rawJson(
    'prototype-pollution',
    'POST /subscriptions',
    'constructor.prototype key',
    subscriptions,
    '{"url": "https://hooks.example/a", "constructor": {"prototype": {"polluted": true}}}',
  );

  // --- wrong types.
  const articleFields = list.fieldMutations('POST /articles', articles, article);
  const subscriptionFields = list.fieldMutations('POST /subscriptions', subscriptions, subscription);
  articleFields('wrong-type', {
    text: [undefined, 5, null, ['Shares rose'], {}, '   ', 'Shares\u0000\u0001 rose'],
    sourceId: ['', 5, 'x'.repeat(257)],
    publishedAt: ['yesterday', 1_767_600_000, '2026-02-30T10:00:00Z'],
    label: ['bullish', 'POSITIVE', 1],
    topic: ['', 5, 'x'.repeat(65)],
    tickers: ['AAPL', ['aapl'], [1], Array.from({ length: 21 }, (_, index) => `T${index}`)],
  });
  list.jsonBodies('wrong-type', 'POST /articles', articles, {
    'body is a string': 'Shares rose',
    'body is a number': 42,
    'body is null': null,
    'body is an empty array': [],
    'an array of numbers': [1, 2],
    'articles is a string': { articles: 'all' },
    'articles is empty': { articles: [] },
    'one bad article in a batch (all or nothing)': { articles: [article, { text: 5 }] },
  });
  subscriptionFields('wrong-type', {
    url: [undefined, 'not a url', 5, null, 'ftp://files.example/alerts', 'javascript:alert(1)', 'http://'],
    topics: ['all', [1], [''], ['x'.repeat(65)], Array.from({ length: 51 }, (_, index) => `topic-${index}`)],
  });
  list.fieldMutations('POST /training-runs', training)('wrong-type', {
    l2: [-1, 2, 'small'],
    maxIterations: [0, 2001, 1.5, '100'],
  });

  // --- unknown fields.
  list.unknownField('POST /articles', articles, article, 'score', 0.9);
  list.add('unknown-field', 'POST /articles', 'extra field beside the batch', {
    ...articles,
    json: { articles: [article], replace: true },
  });
  list.unknownField('POST /subscriptions', subscriptions, subscription, 'secret', 's3cret');
  list.unknownField('POST /training-runs', training, { l2: 0.001 }, 'epochs', 5);
  list.add('unknown-field', 'POST /imports', 'unknown query parameter', {
    ...csvImport,
    path: '/imports?format=csv&delimiter=%3B',
  });

  // --- huge bodies.
  list.add('huge-body', 'POST /articles', '1.5 MiB text (Content-Length)', {
    ...articles,
    json: { text: 'a'.repeat(1.5 * 1024 * 1024) },
  });
  list.streamedHugeJson('POST /articles', articles, 'text');
  list.add('huge-body', 'POST /articles', 'text of 100 kB + 1 byte (article limit)', {
    ...articles,
    json: { text: 'a'.repeat(100 * 1024 + 1) },
  });
  list.add('huge-body', 'POST /articles', '501 articles (batch limit 500)', {
    ...articles,
    json: { articles: Array.from({ length: 501 }, (_, index) => ({ text: `Headline number ${index}` })) },
  });
  list.add('huge-body', 'POST /imports', '51 MiB CSV streamed (limit 50 MiB)', {
    ...csvImport,
    raw: streamedCsv(51 * 1024 * 1024),
  });

  // --- deep nesting.
  list.deepBody('POST /articles', articles, 'arrays');
  list.deepField('POST /articles', articles, 'articles', 'arrays');
  list.deepField('POST /articles', articles, 'tickers', 'arrays', article);
  list.deepField('POST /subscriptions', subscriptions, 'topics', 'objects', subscription);
  list.deepBody('POST /training-runs', training, 'objects');

  // --- bytes that are not UTF-8.
  list.invalidUtf8('POST /articles', articles, 'text', ['{"text": "Shares rose ', ' percent"}'], [0, 5]);
  list.invalidUtf8(
    'POST /subscriptions',
    subscriptions,
    'url',
    ['{"url": "https://hooks.example/', '"}'],
    [0, 1], // byte 0xFF
  );

  // --- SQL.
  const reader = { role: 'reader' } as const;
  const articlesRead = { path: '/articles', role: 'reader' } as const;
  const alerts = { path: '/alerts', role: 'reader' } as const;
  const buckets = { path: '/monitoring/buckets', role: 'reader' } as const;
  list.injectedIds('sql-injection', 'GET /articles/:id', reader, SQL_INJECTIONS.slice(0, 2));
  list.queryValues('sql-injection', 'GET /articles', articlesRead, { limit: SQL_INJECTIONS[0] });
  list.sqlSortKey('GET /articles', articlesRead, 'published_at; DROP TABLE articles');
  list.queryValues('sql-injection', 'GET /alerts', alerts, {
    status: SQL_INJECTIONS[0],
    offset: SQL_INJECTIONS[3],
  });
  list.queryValues('sql-injection', 'GET /monitoring/buckets', buckets, {
    granularity: SQL_INJECTIONS[1],
    to: SQL_INJECTIONS[3],
    buckets: SQL_INJECTIONS[0],
  });
  articleFields('sql-injection', {
    label: [SQL_INJECTIONS[0]],
    publishedAt: [SQL_INJECTIONS[1]],
    tickers: [["AAPL'; DROP TABLE articles; --"]],
  });
  list.queryValues('sql-injection', 'POST /imports', csvImport, { format: SQL_INJECTIONS[0] });
  list.injectedIds('sql-injection', 'POST /alerts/:id/acknowledge', { role: 'writer' }, [SQL_INJECTIONS[1]]);
  list.injectedIds('sql-injection', 'DELETE /subscriptions/:id', { role: 'admin' }, [SQL_INJECTIONS[0]]);
  list.fieldMutations('POST /subscriptions', subscriptions)('sql-injection', {
    url: ["https://hooks.example/' OR '1'='1"],
  });

  // --- template injection.
  list.injectedIds('template-injection', 'GET /articles/:id', reader, [TEMPLATE_INJECTIONS[0]]);
  list.queryValues('template-injection', 'GET /alerts', alerts, { status: TEMPLATE_INJECTIONS[0] });
  list.queryValues('template-injection', 'GET /monitoring/buckets', buckets, {
    dimension: TEMPLATE_INJECTIONS[1],
  });
  articleFields('template-injection', {
    label: [TEMPLATE_INJECTIONS[2]],
    publishedAt: [TEMPLATE_INJECTIONS[1]],
  });
  list.queryValues('template-injection', 'POST /imports', csvImport, { format: TEMPLATE_INJECTIONS[3] });
  list.fieldMutations('POST /subscriptions', subscriptions)('template-injection', {
    url: ['http://{{internal_host}}/hook'],
  });
  list.injectedIds('template-injection', 'DELETE /subscriptions/:id', { role: 'admin' }, [
    TEMPLATE_INJECTIONS[1],
  ]);

  // --- path traversal and NUL bytes.
  list.traversalIds('GET /articles/:id', reader, TRAVERSAL_SEGMENTS.slice(0, 4));
  list.traversalIds('POST /alerts/:id/acknowledge', { role: 'writer' }, [TRAVERSAL_SEGMENTS[4]]);
  list.traversalIds('DELETE /subscriptions/:id', { role: 'admin' }, [TRAVERSAL_SEGMENTS[5]]);
  list.queryValues('path-traversal', 'POST /imports', csvImport, { format: TRAVERSAL_VALUES[0] });
  articleFields('path-traversal', {
    tickers: [['../../ETC/PASSWD']],
    sourceId: ['feed\u0000../../etc/passwd'],
    topic: ['markets\u0000'],
  });
  list.fieldMutations('POST /subscriptions', subscriptions)('path-traversal', {
    url: ['file:///etc/passwd'],
  });
  list.add('path-traversal', 'GET /dashboard/*', 'encoded ../ out of the dashboard assets', {
    path: '/dashboard/..%2F..%2F..%2Fpackage.json',
  });

  // --- imports: query and content types.
  list.queryValues('wrong-type', 'POST /imports', csvImport, { format: 'xml' });
  list.add('wrong-type', 'POST /imports', 'empty textColumn', {
    ...csvImport,
    path: '/imports?format=csv&textColumn=',
  });
  list.add('wrong-type', 'POST /imports', 'textColumn of 129 characters', {
    ...csvImport,
    path: `/imports?textColumn=${'c'.repeat(129)}`,
  });
  list.add('content-type', 'POST /imports', 'empty CSV body', { ...csvImport, raw: '' });
  list.contentType(
    'POST /imports',
    'application/octet-stream',
    imports,
    'application/octet-stream',
    CSV_FILE,
  );
  list.contentType('POST /imports', 'image/png', imports, 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  list.contentType('POST /imports', 'text/plain with no format', imports, 'text/plain', CSV_FILE);
  list.add('content-type', 'POST /imports', 'a JSON body', { ...imports, json: { text: 'Shares rose' } });
  list.add('content-type', 'POST /imports', 'no content type', { ...imports, raw: CSV_FILE });
  list.contentType(
    'POST /imports',
    'the file as a multipart upload',
    { ...imports, path: '/imports?format=csv' },
    multipartType(),
    multipartBody([{ name: 'file', filename: 'articles.csv', value: CSV_FILE }]),
  );
  list.contentType(
    'POST /articles',
    'JSON sent as text/plain',
    articles,
    'text/plain',
    JSON.stringify(article),
  );
  list.contentType(
    'POST /articles',
    'urlencoded form',
    articles,
    'application/x-www-form-urlencoded',
    'text=Shares+rose',
  );
  list.contentType(
    'POST /articles',
    'multipart form',
    articles,
    multipartType(),
    multipartBody([{ name: 'text', value: 'Shares rose' }]),
  );

  // --- other query parameters.
  list.queryValues('wrong-type', 'GET /articles', articlesRead, { limit: '-1' });
  list.queryValues('wrong-type', 'GET /articles', articlesRead, { limit: '101' });
  list.add('wrong-type', 'GET /articles', 'limit given twice', {
    ...articlesRead,
    path: '/articles?limit=1&limit=2',
  });
  list.queryValues('wrong-type', 'GET /monitoring/buckets', buckets, {
    buckets: '1441',
    granularity: 'second',
  });
  list.add('wrong-type', 'GET /monitoring/buckets', 'empty key', {
    ...buckets,
    path: '/monitoring/buckets?key=',
  });
  list.add('wrong-type', 'GET /alerts', 'topic of 65 characters', {
    ...alerts,
    path: `/alerts?topic=${'t'.repeat(65)}`,
  });

  // --- keys and roles.
  list.refusedKeys('POST /articles', { path: '/articles', json: article }, ['reader', 'none']);
  list.refusedKeys('POST /imports', { path: '/imports', headers: CSV, raw: CSV_FILE }, ['reader']);
  list.refusedKeys(
    'POST /subscriptions',
    { path: '/subscriptions', json: subscription },
    ['writer'],
    'admin',
  );
  list.refusedKeys('GET /subscriptions', { path: '/subscriptions' }, ['writer'], 'admin');
  list.refusedKeys(
    'DELETE /subscriptions/:id',
    { path: `/subscriptions/${ABSENT_UUID}` },
    ['writer'],
    'admin',
  );
  list.refusedKeys('POST /training-runs', { path: '/training-runs', json: {} }, ['writer'], 'admin');
  list.refusedKeys('POST /alerts/:id/acknowledge', { path: `/alerts/${ABSENT_UUID}/acknowledge` }, [
    'reader',
  ]);
  list.refusedKeys('GET /events/stream', { path: '/events/stream' }, ['none']);
  list.add('auth', 'GET /articles/:id', 'unknown key', {
    path: `/articles/${seeded.articleId}`,
    headers: { 'x-api-key': 'test-reader-key-old' },
  });

  // --- ids that do not exist; routes that do not exist.
  list.add('missing-target', 'POST /alerts/:id/acknowledge', 'an alert that does not exist', {
    path: `/alerts/${ABSENT_UUID}/acknowledge`,
    role: 'writer',
  });
  list.add('missing-target', 'DELETE /subscriptions/:id', 'a subscription that does not exist', {
    path: `/subscriptions/${ABSENT_UUID}`,
    role: 'admin',
  });
  list.add('missing-target', 'GET /articles/:id', 'an article that does not exist', {
    path: `/articles/${ABSENT_UUID}`,
    role: 'reader',
  });
  list.add('wrong-route', 'DELETE /articles/:id', 'articles cannot be deleted over HTTP', {
    path: `/articles/${seeded.articleId}`,
    role: 'admin',
  });
  list.add('wrong-route', 'PUT /articles/:id', 'articles cannot be replaced', {
    path: `/articles/${seeded.articleId}`,
    role: 'admin',
    json: article,
  });
  list.add('wrong-route', 'GET /training-runs', 'no such route', { path: '/training-runs', role: 'admin' });

  addPlatformCases(list);
  return list.cases;
}
