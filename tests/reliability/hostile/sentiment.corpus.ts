import type { HostileCase, SeededFixtures } from './hostile-case.types';
import { ABSENT_UUID, encoded, HostileCaseList, JSON_TYPE } from './hostile-case.list';
import { multipartBody, multipartType, streamedCsv, streamedJson } from './hostile-body.builders';
import {
  INVALID_UTF8,
  MALFORMED_JSON,
  SQL_INJECTIONS,
  TEMPLATE_INJECTIONS,
  TRAVERSAL_SEGMENTS,
  TRAVERSAL_VALUES,
  deepArrays,
  deepObjects,
  jsonWithBytes,
  withDeepField,
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
  const importsAs = (query: string) => ({ path: `/imports${query}`, role: 'writer' as const });
  const article = { text: 'Shares of a fictional maker of kettles rose 4% after results' };
  const subscription = { url: 'https://hooks.example/alerts' };

  // --- malformed JSON.
  for (const [label, body] of Object.entries(MALFORMED_JSON))
    list.add('malformed-json', 'POST /articles', label, { ...articles, headers: JSON_TYPE, raw: body });
  for (const label of ['truncated object', 'trailing comma', 'comment inside'] as const) {
    list.add('malformed-json', 'POST /subscriptions', label, {
      ...subscriptions,
      headers: JSON_TYPE,
      raw: MALFORMED_JSON[label],
    });
    list.add('malformed-json', 'POST /training-runs', label, {
      ...training,
      headers: JSON_TYPE,
      raw: MALFORMED_JSON[label],
    });
  }
  list.add('prototype-pollution', 'POST /articles', '__proto__ key', {
    ...articles,
    headers: JSON_TYPE,
    raw: '{"text": "Shares rose", "__proto__": {"role": "admin"}}',
  });
  list.add('prototype-pollution', 'POST /subscriptions', 'constructor.prototype key', {
    ...subscriptions,
    headers: JSON_TYPE,
    raw: '{"url": "https://hooks.example/a", "constructor": {"prototype": {"polluted": true}}}',
  });

  // --- wrong types.
  list.fieldMutations('wrong-type', 'POST /articles', articles, article, {
    text: [undefined, 5, null, ['Shares rose'], {}, '   ', 'Shares\u0000\u0001 rose'],
    sourceId: ['', 5, 'x'.repeat(257)],
    publishedAt: ['yesterday', 1_767_600_000, '2026-02-30T10:00:00Z'],
    label: ['bullish', 'POSITIVE', 1],
    topic: ['', 5, 'x'.repeat(65)],
    tickers: ['AAPL', ['aapl'], [1], Array.from({ length: 21 }, (_, index) => `T${index}`)],
  });
  for (const [label, body] of [
    ['body is a string', 'Shares rose'],
    ['body is a number', 42],
    ['body is null', null],
    ['body is an empty array', []],
    ['an array of numbers', [1, 2]],
    ['articles is a string', { articles: 'all' }],
    ['articles is empty', { articles: [] }],
    ['one bad article in a batch (all or nothing)', { articles: [article, { text: 5 }] }],
  ] as const)
    list.add('wrong-type', 'POST /articles', label, { ...articles, json: body });
  list.fieldMutations('wrong-type', 'POST /subscriptions', subscriptions, subscription, {
    url: [undefined, 'not a url', 5, null, 'ftp://files.example/alerts', 'javascript:alert(1)', 'http://'],
    topics: ['all', [1], [''], ['x'.repeat(65)], Array.from({ length: 51 }, (_, index) => `topic-${index}`)],
  });
  list.fieldMutations(
    'wrong-type',
    'POST /training-runs',
    training,
    {},
    {
      l2: [-1, 2, 'small'],
      maxIterations: [0, 2001, 1.5, '100'],
    },
  );

  // --- unknown fields.
  list.add('unknown-field', 'POST /articles', 'extra field "score"', {
    ...articles,
    json: { ...article, score: 0.9 },
  });
  list.add('unknown-field', 'POST /articles', 'extra field beside the batch', {
    ...articles,
    json: { articles: [article], replace: true },
  });
  list.add('unknown-field', 'POST /subscriptions', 'extra field "secret"', {
    ...subscriptions,
    json: { ...subscription, secret: 's3cret' },
  });
  list.add('unknown-field', 'POST /training-runs', 'extra field "epochs"', {
    ...training,
    json: { l2: 0.001, epochs: 5 },
  });
  list.add('unknown-field', 'POST /imports', 'unknown query parameter', {
    ...importsAs('?format=csv&delimiter=%3B'),
    headers: CSV,
    raw: CSV_FILE,
  });

  // --- huge bodies.
  list.add('huge-body', 'POST /articles', '1.5 MiB text (Content-Length)', {
    ...articles,
    json: { text: 'a'.repeat(1.5 * 1024 * 1024) },
  });
  list.add('huge-body', 'POST /articles', '2 MiB streamed without Content-Length', {
    ...articles,
    headers: JSON_TYPE,
    raw: streamedJson('text', 2 * 1024 * 1024),
  });
  list.add('huge-body', 'POST /articles', 'text of 100 kB + 1 byte (article limit)', {
    ...articles,
    json: { text: 'a'.repeat(100 * 1024 + 1) },
  });
  list.add('huge-body', 'POST /articles', '501 articles (batch limit 500)', {
    ...articles,
    json: { articles: Array.from({ length: 501 }, (_, index) => ({ text: `Headline number ${index}` })) },
  });
  list.add('huge-body', 'POST /imports', '51 MiB CSV streamed (limit 50 MiB)', {
    ...importsAs(''),
    headers: CSV,
    raw: streamedCsv(51 * 1024 * 1024),
  });

  // --- deep nesting.
  list.add('deep-nesting', 'POST /articles', '100,000 nested arrays as the body', {
    ...articles,
    headers: JSON_TYPE,
    raw: deepArrays(),
  });
  list.add('deep-nesting', 'POST /articles', 'articles holds 100,000 nested arrays', {
    ...articles,
    headers: JSON_TYPE,
    raw: withDeepField({}, 'articles', deepArrays()),
  });
  list.add('deep-nesting', 'POST /articles', 'tickers holds 100,000 nested arrays', {
    ...articles,
    headers: JSON_TYPE,
    raw: withDeepField(article, 'tickers', deepArrays()),
  });
  list.add('deep-nesting', 'POST /subscriptions', 'topics holds 100,000 nested objects', {
    ...subscriptions,
    headers: JSON_TYPE,
    raw: withDeepField(subscription, 'topics', deepObjects()),
  });
  list.add('deep-nesting', 'POST /training-runs', '100,000 nested objects as the body', {
    ...training,
    headers: JSON_TYPE,
    raw: deepObjects(),
  });

  // --- bytes that are not UTF-8.
  for (const [label, bytes] of Object.entries(INVALID_UTF8).slice(0, 5))
    list.add('invalid-utf8', 'POST /articles', `text with ${label}`, {
      ...articles,
      headers: JSON_TYPE,
      raw: jsonWithBytes('{"text": "Shares rose ', bytes, ' percent"}'),
    });
  list.add('invalid-utf8', 'POST /subscriptions', 'url with byte 0xFF', {
    ...subscriptions,
    headers: JSON_TYPE,
    raw: jsonWithBytes('{"url": "https://hooks.example/', [0xff], '"}'),
  });

  // --- SQL.
  for (const value of SQL_INJECTIONS.slice(0, 2))
    list.add('sql-injection', 'GET /articles/:id', `id ${value}`, {
      path: `/articles/${encoded(value)}`,
      role: 'reader',
    });
  list.add('sql-injection', 'GET /articles', `limit=${SQL_INJECTIONS[0]}`, {
    path: `/articles?limit=${encoded(SQL_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /articles', 'sort key "published_at; DROP TABLE articles"', {
    path: `/articles?sort=${encoded('published_at; DROP TABLE articles')}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /alerts', `status=${SQL_INJECTIONS[0]}`, {
    path: `/alerts?status=${encoded(SQL_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /alerts', `offset=${SQL_INJECTIONS[3]}`, {
    path: `/alerts?offset=${encoded(SQL_INJECTIONS[3])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /monitoring/buckets', `granularity=${SQL_INJECTIONS[1]}`, {
    path: `/monitoring/buckets?granularity=${encoded(SQL_INJECTIONS[1])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /monitoring/buckets', `to=${SQL_INJECTIONS[3]}`, {
    path: `/monitoring/buckets?to=${encoded(SQL_INJECTIONS[3])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /monitoring/buckets', `buckets=${SQL_INJECTIONS[0]}`, {
    path: `/monitoring/buckets?buckets=${encoded(SQL_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.fieldMutations('sql-injection', 'POST /articles', articles, article, {
    label: [SQL_INJECTIONS[0]],
    publishedAt: [SQL_INJECTIONS[1]],
    tickers: [["AAPL'; DROP TABLE articles; --"]],
  });
  list.add('sql-injection', 'POST /imports', `format=${SQL_INJECTIONS[0]}`, {
    ...importsAs(`?format=${encoded(SQL_INJECTIONS[0])}`),
    headers: CSV,
    raw: CSV_FILE,
  });
  list.add('sql-injection', 'POST /alerts/:id/acknowledge', `id ${SQL_INJECTIONS[1]}`, {
    path: `/alerts/${encoded(SQL_INJECTIONS[1])}/acknowledge`,
    role: 'writer',
  });
  list.add('sql-injection', 'DELETE /subscriptions/:id', `id ${SQL_INJECTIONS[0]}`, {
    path: `/subscriptions/${encoded(SQL_INJECTIONS[0])}`,
    role: 'admin',
  });
  list.fieldMutations(
    'sql-injection',
    'POST /subscriptions',
    subscriptions,
    {},
    {
      url: ["https://hooks.example/' OR '1'='1"],
    },
  );

  // --- template injection.
  list.add('template-injection', 'GET /articles/:id', 'id {{7*7}}', {
    path: `/articles/${encoded(TEMPLATE_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.add('template-injection', 'GET /alerts', 'status={{7*7}}', {
    path: `/alerts?status=${encoded(TEMPLATE_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.add('template-injection', 'GET /monitoring/buckets', 'dimension=${7*7}', {
    path: `/monitoring/buckets?dimension=${encoded(TEMPLATE_INJECTIONS[1])}`,
    role: 'reader',
  });
  list.fieldMutations('template-injection', 'POST /articles', articles, article, {
    label: [TEMPLATE_INJECTIONS[2]],
    publishedAt: [TEMPLATE_INJECTIONS[1]],
  });
  list.add('template-injection', 'POST /imports', 'format=#{7*7}', {
    ...importsAs(`?format=${encoded(TEMPLATE_INJECTIONS[3])}`),
    headers: CSV,
    raw: CSV_FILE,
  });
  list.fieldMutations(
    'template-injection',
    'POST /subscriptions',
    subscriptions,
    {},
    {
      url: ['http://{{internal_host}}/hook'],
    },
  );
  list.add('template-injection', 'DELETE /subscriptions/:id', 'id ${7*7}', {
    path: `/subscriptions/${encoded(TEMPLATE_INJECTIONS[1])}`,
    role: 'admin',
  });

  // --- path traversal and NUL bytes.
  for (const segment of TRAVERSAL_SEGMENTS.slice(0, 4))
    list.add('path-traversal', 'GET /articles/:id', `id ${segment}`, {
      path: `/articles/${segment}`,
      role: 'reader',
    });
  list.add('path-traversal', 'POST /alerts/:id/acknowledge', `id ${TRAVERSAL_SEGMENTS[4]}`, {
    path: `/alerts/${TRAVERSAL_SEGMENTS[4]}/acknowledge`,
    role: 'writer',
  });
  list.add('path-traversal', 'DELETE /subscriptions/:id', `id ${TRAVERSAL_SEGMENTS[5]}`, {
    path: `/subscriptions/${TRAVERSAL_SEGMENTS[5]}`,
    role: 'admin',
  });
  list.add('path-traversal', 'POST /imports', 'format=../../etc/passwd', {
    ...importsAs(`?format=${encoded(TRAVERSAL_VALUES[0])}`),
    headers: CSV,
    raw: CSV_FILE,
  });
  list.fieldMutations('path-traversal', 'POST /articles', articles, article, {
    tickers: [['../../ETC/PASSWD']],
    sourceId: ['feed\u0000../../etc/passwd'],
    topic: ['markets\u0000'],
  });
  list.fieldMutations(
    'path-traversal',
    'POST /subscriptions',
    subscriptions,
    {},
    { url: ['file:///etc/passwd'] },
  );
  list.add('path-traversal', 'GET /dashboard/*', 'encoded ../ out of the dashboard assets', {
    path: '/dashboard/..%2F..%2F..%2Fpackage.json',
  });

  // --- imports: query and content types.
  list.add('wrong-type', 'POST /imports', 'format=xml', {
    ...importsAs('?format=xml'),
    headers: CSV,
    raw: CSV_FILE,
  });
  list.add('wrong-type', 'POST /imports', 'empty textColumn', {
    ...importsAs('?format=csv&textColumn='),
    headers: CSV,
    raw: CSV_FILE,
  });
  list.add('wrong-type', 'POST /imports', 'textColumn of 129 characters', {
    ...importsAs(`?textColumn=${'c'.repeat(129)}`),
    headers: CSV,
    raw: CSV_FILE,
  });
  list.add('content-type', 'POST /imports', 'empty CSV body', { ...importsAs(''), headers: CSV, raw: '' });
  list.add('content-type', 'POST /imports', 'application/octet-stream', {
    ...importsAs(''),
    headers: { 'content-type': 'application/octet-stream' },
    raw: CSV_FILE,
  });
  list.add('content-type', 'POST /imports', 'image/png', {
    ...importsAs(''),
    headers: { 'content-type': 'image/png' },
    raw: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  });
  list.add('content-type', 'POST /imports', 'text/plain with no format', {
    ...importsAs(''),
    headers: { 'content-type': 'text/plain' },
    raw: CSV_FILE,
  });
  list.add('content-type', 'POST /imports', 'a JSON body', {
    ...importsAs(''),
    json: { text: 'Shares rose' },
  });
  list.add('content-type', 'POST /imports', 'no content type', { ...importsAs(''), raw: CSV_FILE });
  list.add('content-type', 'POST /imports', 'the file as a multipart upload', {
    ...importsAs('?format=csv'),
    headers: { 'content-type': multipartType() },
    raw: multipartBody([{ name: 'file', filename: 'articles.csv', value: CSV_FILE }]),
  });
  list.add('content-type', 'POST /articles', 'JSON sent as text/plain', {
    ...articles,
    headers: { 'content-type': 'text/plain' },
    raw: JSON.stringify(article),
  });
  list.add('content-type', 'POST /articles', 'urlencoded form', {
    ...articles,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    raw: 'text=Shares+rose',
  });
  list.add('content-type', 'POST /articles', 'multipart form', {
    ...articles,
    headers: { 'content-type': multipartType() },
    raw: multipartBody([{ name: 'text', value: 'Shares rose' }]),
  });

  // --- other query parameters.
  list.add('wrong-type', 'GET /articles', 'limit=-1', { path: '/articles?limit=-1', role: 'reader' });
  list.add('wrong-type', 'GET /articles', 'limit=101', { path: '/articles?limit=101', role: 'reader' });
  list.add('wrong-type', 'GET /articles', 'limit given twice', {
    path: '/articles?limit=1&limit=2',
    role: 'reader',
  });
  list.add('wrong-type', 'GET /monitoring/buckets', 'buckets=1441', {
    path: '/monitoring/buckets?buckets=1441',
    role: 'reader',
  });
  list.add('wrong-type', 'GET /monitoring/buckets', 'granularity=second', {
    path: '/monitoring/buckets?granularity=second',
    role: 'reader',
  });
  list.add('wrong-type', 'GET /monitoring/buckets', 'empty key', {
    path: '/monitoring/buckets?key=',
    role: 'reader',
  });
  list.add('wrong-type', 'GET /alerts', 'topic of 65 characters', {
    path: `/alerts?topic=${'t'.repeat(65)}`,
    role: 'reader',
  });

  // --- keys and roles.
  list.add('auth', 'POST /articles', 'reader key', { path: '/articles', role: 'reader', json: article });
  list.add('auth', 'POST /articles', 'no key', { path: '/articles', json: article });
  list.add('auth', 'POST /imports', 'reader key', {
    path: '/imports',
    role: 'reader',
    headers: CSV,
    raw: CSV_FILE,
  });
  list.add('auth', 'POST /subscriptions', 'writer key (admin only)', {
    path: '/subscriptions',
    role: 'writer',
    json: subscription,
  });
  list.add('auth', 'GET /subscriptions', 'writer key (admin only)', {
    path: '/subscriptions',
    role: 'writer',
  });
  list.add('auth', 'DELETE /subscriptions/:id', 'writer key (admin only)', {
    path: `/subscriptions/${ABSENT_UUID}`,
    role: 'writer',
  });
  list.add('auth', 'POST /training-runs', 'writer key (admin only)', {
    path: '/training-runs',
    role: 'writer',
    json: {},
  });
  list.add('auth', 'POST /alerts/:id/acknowledge', 'reader key', {
    path: `/alerts/${ABSENT_UUID}/acknowledge`,
    role: 'reader',
  });
  list.add('auth', 'GET /events/stream', 'no key', { path: '/events/stream' });
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
