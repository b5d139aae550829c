import type { HostileCase, SeededFixtures } from './hostile-case.types';
import { ABSENT_UUID, encoded, HostileCaseList, JSON_TYPE } from './hostile-case.list';
import { streamedJson } from './hostile-body.builders';
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

/** Catalogue, events, catalogue imports, training and recommendations. */
export function recommenderCorpus(seeded: SeededFixtures): HostileCase[] {
  const list = new HostileCaseList('recommender');
  const items = { path: '/items', role: 'writer' } as const;
  const events = { path: '/events', role: 'writer' } as const;
  const imports = { path: '/catalog-imports', role: 'writer' } as const;
  const training = { path: '/training-runs', role: 'admin' } as const;
  const item = { id: 'SKU-HOSTILE-1', title: 'Enamel kettle' };
  const event = { user: 'user-hostile', item: seeded.itemId, type: 'view' };
  const catalogImport = { format: 'csv', content: 'id,title\nSKU-HOSTILE-2,Teapot\n' };

  // --- malformed JSON: every variant on POST /items, a few on the other writes.
  for (const [label, body] of Object.entries(MALFORMED_JSON))
    list.add('malformed-json', 'POST /items', label, { ...items, headers: JSON_TYPE, raw: body });
  for (const label of ['truncated object', 'two documents', 'single quotes'] as const) {
    list.add('malformed-json', 'POST /events', label, {
      ...events,
      headers: JSON_TYPE,
      raw: MALFORMED_JSON[label],
    });
    list.add('malformed-json', 'POST /catalog-imports', label, {
      ...imports,
      headers: JSON_TYPE,
      raw: MALFORMED_JSON[label],
    });
  }
  list.add('malformed-json', 'POST /training-runs', 'NaN literal', {
    ...training,
    headers: JSON_TYPE,
    raw: '{"model": "ease", "holdout": NaN}',
  });
  list.add('prototype-pollution', 'POST /items', '__proto__ key', {
    ...items,
    headers: JSON_TYPE,
    raw: '{"id": "SKU-P1", "title": "x", "__proto__": {"isAdmin": true}}',
  });
  list.add('prototype-pollution', 'POST /events', 'constructor.prototype key', {
    ...events,
    headers: JSON_TYPE,
    raw: JSON.stringify({ ...event, constructor: { prototype: { polluted: true } } }),
  });

  // --- wrong types, field by field.
  list.fieldMutations('wrong-type', 'POST /items', items, item, {
    id: [undefined, 42, null, true, [], {}, '', ' padded', 'x'.repeat(129)],
    title: [undefined, 7, null, '', ['kettle'], 'x'.repeat(501)],
    description: [5, 'x'.repeat(5001)],
    category: ['', 3, 'x'.repeat(101)],
    tags: [
      'cooking',
      [1, 2],
      Array.from({ length: 31 }, (_, index) => `t${index}`),
      ['x'.repeat(61)],
      [''],
      [null],
    ],
  });
  for (const [label, body] of [
    ['body is a string', 'kettle'],
    ['body is a number', 42],
    ['body is null', null],
    ['body is an empty array', []],
    ['items is a string', { items: 'all' }],
    ['items is empty', { items: [] }],
    ['an item is a number', { items: [1] }],
    ['an item lacks its title', { items: [item, { id: 'SKU-HOSTILE-3' }] }],
    ['an id twice in one batch', { items: [item, { ...item, title: 'Other' }] }],
  ] as const)
    list.add('wrong-type', 'POST /items', label, { ...items, json: body });
  list.fieldMutations('wrong-type', 'POST /events', events, event, {
    user: [undefined, 1, null, '', 'x'.repeat(129), {}],
    item: [undefined, 2, null, ''],
    type: [undefined, 'VIEW', 'like', 3, null],
    value: ['5', -1, 1e7, true],
    timestamp: ['yesterday', '2026-02-30T10:00:00Z', 1_767_600_000, ''],
  });
  list.add('wrong-type', 'POST /events', 'a rating without its value', {
    ...events,
    json: { ...event, type: 'rating' },
  });
  list.add('wrong-type', 'POST /events', 'events is an object', {
    ...events,
    json: { events: { 0: event } },
  });
  list.add('wrong-type', 'POST /events', 'body is an array of events', { ...events, json: [event] });
  list.fieldMutations('wrong-type', 'POST /catalog-imports', imports, catalogImport, {
    format: [undefined, 'xml', 'CSV', 5, null],
    content: [undefined, '', 5, null, ['id,title'], {}],
  });
  list.fieldMutations(
    'wrong-type',
    'POST /training-runs',
    training,
    { model: 'ease' },
    {
      model: [undefined, 'EASE', 5, null, ['ease']],
      parameters: [[50], 'lambda=50', { lambda: '50' }, { notAParameter: 1 }],
      coldStart: ['true', 1],
      holdout: [0.9, 0.01, '0.2'],
      seed: [-1, 1.5, 2 ** 31, '42'],
    },
  );

  // --- unknown fields (forbidden, not ignored).
  list.add('unknown-field', 'POST /items', 'extra field "price"', { ...items, json: { ...item, price: 3 } });
  list.add('unknown-field', 'POST /items', 'extra field inside a batch item', {
    ...items,
    json: { items: [{ ...item, owner: 'x' }] },
  });
  list.add('unknown-field', 'POST /items', 'extra field beside the batch', {
    ...items,
    json: { items: [item], replaceAll: true },
  });
  list.add('unknown-field', 'POST /events', 'extra field "userId"', {
    ...events,
    json: { ...event, userId: 'x' },
  });
  list.add('unknown-field', 'POST /catalog-imports', 'extra field "path"', {
    ...imports,
    json: { ...catalogImport, path: '/etc/passwd' },
  });
  list.add('unknown-field', 'POST /training-runs', 'extra field "gpu"', {
    ...training,
    json: { model: 'ease', gpu: true },
  });

  // --- huge bodies: over BODY_LIMIT_BYTES (1 MiB), with and without a Content-Length; over batch limits.
  list.add('huge-body', 'POST /items', '1.5 MiB title (Content-Length)', {
    ...items,
    json: { id: 'SKU-HUGE', title: 'a'.repeat(1.5 * 1024 * 1024) },
  });
  list.add('huge-body', 'POST /events', '2 MiB streamed without Content-Length', {
    ...events,
    headers: JSON_TYPE,
    raw: streamedJson('user', 2 * 1024 * 1024),
  });
  list.add('huge-body', 'POST /catalog-imports', '1.1 MiB file content', {
    ...imports,
    json: { format: 'csv', content: 'id,title\n' + 'SKU-X,Kettle\n'.repeat(90_000) },
  });
  list.add('huge-body', 'POST /items', '1,001 items (batch limit 1,000)', {
    ...items,
    json: { items: Array.from({ length: 1001 }, (_, index) => ({ id: `SKU-B${index}`, title: 'Kettle' })) },
  });
  list.add('huge-body', 'POST /events', '1,001 events (batch limit 1,000)', {
    ...events,
    json: { events: Array.from({ length: 1001 }, () => event) },
  });

  // --- deep nesting.
  list.add('deep-nesting', 'POST /items', '100,000 nested arrays as the body', {
    ...items,
    headers: JSON_TYPE,
    raw: deepArrays(),
  });
  list.add('deep-nesting', 'POST /items', 'items holds 100,000 nested arrays', {
    ...items,
    headers: JSON_TYPE,
    raw: withDeepField({}, 'items', deepArrays()),
  });
  list.add('deep-nesting', 'POST /events', 'user holds 100,000 nested objects', {
    ...events,
    headers: JSON_TYPE,
    raw: withDeepField(event, 'user', deepObjects()),
  });
  list.add('deep-nesting', 'POST /training-runs', 'parameters holds 100,000 nested objects', {
    ...training,
    headers: JSON_TYPE,
    raw: withDeepField({ model: 'ease' }, 'parameters', deepObjects()),
  });
  list.add('deep-nesting', 'POST /catalog-imports', 'content holds 100,000 nested arrays', {
    ...imports,
    headers: JSON_TYPE,
    raw: withDeepField({ format: 'csv' }, 'content', deepArrays()),
  });
  list.add('deep-nesting', 'GET /items', 'query key nested 1,000 levels', {
    path: `/items?limit${'[a]'.repeat(1000)}=1`,
    role: 'reader',
  });

  // --- bytes that are not UTF-8.
  for (const [label, bytes] of Object.entries(INVALID_UTF8).slice(0, 4))
    list.add('invalid-utf8', 'POST /items', `title with ${label}`, {
      ...items,
      headers: JSON_TYPE,
      raw: jsonWithBytes('{"id": "SKU-U8", "title": "kettle', bytes, '"}'),
    });
  for (const [label, bytes] of Object.entries(INVALID_UTF8).slice(4))
    list.add('invalid-utf8', 'POST /events', `user with ${label}`, {
      ...events,
      headers: JSON_TYPE,
      raw: jsonWithBytes('{"user": "u', bytes, `", "item": "${seeded.itemId}", "type": "view"}`),
    });
  list.add('invalid-utf8', 'GET /catalog-imports/:id', 'id percent-encodes byte 0xFF', {
    path: '/catalog-imports/%FF%FE',
    role: 'reader',
  });

  // --- SQL where the field is a number, enum, UUID, sort key or model name.
  list.add('sql-injection', 'GET /items', `limit=${SQL_INJECTIONS[0]}`, {
    path: `/items?limit=${encoded(SQL_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /items', `offset=${SQL_INJECTIONS[1]}`, {
    path: `/items?offset=${encoded(SQL_INJECTIONS[1])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /items', 'sort key "title; DROP TABLE items"', {
    path: `/items?sort=${encoded('title; DROP TABLE items')}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /users/:id/recommendations', `k=${SQL_INJECTIONS[3]}`, {
    path: `/users/user-1/recommendations?k=${encoded(SQL_INJECTIONS[3])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /users/:id/recommendations', `exclude_seen=${SQL_INJECTIONS[0]}`, {
    path: `/users/user-1/recommendations?exclude_seen=${encoded(SQL_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /items/:id/similar', `k=${SQL_INJECTIONS[1]}`, {
    path: `/items/${seeded.itemId}/similar?k=${encoded(SQL_INJECTIONS[1])}`,
    role: 'reader',
  });
  for (const value of SQL_INJECTIONS.slice(0, 2)) {
    list.add('sql-injection', 'GET /catalog-imports/:id', `id ${value}`, {
      path: `/catalog-imports/${encoded(value)}`,
      role: 'reader',
    });
    list.add('sql-injection', 'GET /training-runs/:id', `id ${value}`, {
      path: `/training-runs/${encoded(value)}`,
      role: 'reader',
    });
  }
  list.add('sql-injection', 'GET /items/:id', `an id that matches nothing: ${SQL_INJECTIONS[0]}`, {
    path: `/items/${encoded(SQL_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.fieldMutations('sql-injection', 'POST /events', events, event, { type: [SQL_INJECTIONS[1]] });
  list.fieldMutations('sql-injection', 'POST /events', events, event, { timestamp: [SQL_INJECTIONS[3]] });
  list.fieldMutations('sql-injection', 'POST /catalog-imports', imports, catalogImport, {
    format: [SQL_INJECTIONS[0]],
  });
  list.fieldMutations(
    'sql-injection',
    'POST /training-runs',
    training,
    {},
    { model: [`ease'; DROP TABLE training_runs; --`] },
  );
  list.add('sql-injection', 'POST /events', 'Idempotency-Key holding SQL', {
    ...events,
    headers: { 'idempotency-key': "'; DROP TABLE event_batches; --" },
    json: event,
  });

  // --- template injection in the same kind of places.
  list.add('template-injection', 'GET /items', 'limit={{7*7}}', {
    path: `/items?limit=${encoded(TEMPLATE_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.add('template-injection', 'GET /users/:id/recommendations', 'k=${7*7}', {
    path: `/users/user-1/recommendations?k=${encoded(TEMPLATE_INJECTIONS[1])}`,
    role: 'reader',
  });
  list.add('template-injection', 'GET /catalog-imports/:id', 'id {{7*7}}', {
    path: `/catalog-imports/${encoded(TEMPLATE_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.fieldMutations('template-injection', 'POST /events', events, event, {
    type: [TEMPLATE_INJECTIONS[2]],
  });
  list.fieldMutations('template-injection', 'POST /catalog-imports', imports, catalogImport, {
    format: [TEMPLATE_INJECTIONS[3]],
  });
  list.fieldMutations(
    'template-injection',
    'POST /training-runs',
    training,
    {},
    { model: [TEMPLATE_INJECTIONS[4]] },
  );

  // --- path traversal and NUL bytes in ids and model names.
  for (const segment of TRAVERSAL_SEGMENTS.slice(0, 3)) {
    list.add('path-traversal', 'GET /catalog-imports/:id', `id ${segment}`, {
      path: `/catalog-imports/${segment}`,
      role: 'reader',
    });
    list.add('path-traversal', 'GET /training-runs/:id', `id ${segment}`, {
      path: `/training-runs/${segment}`,
      role: 'reader',
    });
  }
  list.add('path-traversal', 'GET /items/:id', 'an id that matches nothing: ..%2F..%2Fetc%2Fpasswd', {
    path: `/items/${TRAVERSAL_SEGMENTS[0]}`,
    role: 'reader',
  });
  list.add('path-traversal', 'GET /items/:id', 'raw ../ in the path', {
    path: '/items/../../etc/passwd',
    role: 'reader',
  });
  list.add('path-traversal', 'GET /items/:id', 'id is a NUL byte', { path: '/items/%00', role: 'reader' });
  list.fieldMutations(
    'path-traversal',
    'POST /training-runs',
    training,
    {},
    { model: [...TRAVERSAL_VALUES] },
  );
  list.fieldMutations('path-traversal', 'POST /catalog-imports', imports, catalogImport, {
    format: [TRAVERSAL_VALUES[0]],
  });
  list.add('path-traversal', 'POST /items', 'id holds a NUL byte', {
    ...items,
    json: { ...item, id: 'SKU\u0000X' },
  });
  list.add('path-traversal', 'POST /events', 'user holds a NUL byte', {
    ...events,
    json: { ...event, user: 'u\u0000x' },
  });

  // --- keys and roles.
  list.add('auth', 'POST /items', 'reader key', { path: '/items', role: 'reader', json: item });
  list.add('auth', 'POST /items', 'no key', { path: '/items', json: item });
  list.add('auth', 'POST /items', 'unknown key', {
    path: '/items',
    headers: { authorization: 'Bearer test-writer-key-2' },
    json: item,
  });
  list.add('auth', 'POST /events', 'reader key', { path: '/events', role: 'reader', json: event });
  list.add('auth', 'POST /catalog-imports', 'reader key', {
    path: '/catalog-imports',
    role: 'reader',
    json: catalogImport,
  });
  list.add('auth', 'POST /training-runs', 'writer key (admin only)', {
    path: '/training-runs',
    role: 'writer',
    json: { model: 'ease' },
  });
  list.add('auth', 'GET /items', 'no key', { path: '/items' });
  list.add('auth', 'GET /users/:id/recommendations', 'no key', { path: '/users/user-1/recommendations' });

  // --- content types.
  list.add('content-type', 'POST /items', 'JSON sent as text/plain', {
    ...items,
    headers: { 'content-type': 'text/plain' },
    raw: JSON.stringify(item),
  });
  list.add('content-type', 'POST /items', 'application/xml', {
    ...items,
    headers: { 'content-type': 'application/xml' },
    raw: '<item><id>SKU-X</id><title>Kettle</title></item>',
  });
  list.add('content-type', 'POST /items', 'urlencoded form', {
    ...items,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    raw: 'id=SKU-X&title=Kettle',
  });
  list.add('content-type', 'POST /events', 'no content type', { ...events, raw: JSON.stringify(event) });
  list.add('content-type', 'POST /catalog-imports', 'the CSV file sent as text/csv', {
    ...imports,
    headers: { 'content-type': 'text/csv' },
    raw: catalogImport.content,
  });

  // --- ids that do not exist.
  list.add('missing-target', 'POST /events', 'an item not in the catalogue', {
    ...events,
    json: { ...event, item: 'SKU-DOES-NOT-EXIST' },
  });
  list.add('missing-target', 'GET /catalog-imports/:id', 'an import that does not exist', {
    path: `/catalog-imports/${ABSENT_UUID}`,
    role: 'reader',
  });
  list.add('missing-target', 'GET /training-runs/:id', 'a run that does not exist', {
    path: `/training-runs/${ABSENT_UUID}`,
    role: 'reader',
  });
  list.add('wrong-route', 'PUT /items', 'no such route', { ...items, json: item });
  list.add('wrong-route', 'DELETE /items/:id', 'items cannot be deleted over HTTP', {
    path: `/items/${seeded.itemId}`,
    role: 'admin',
  });

  addPlatformCases(list);
  return list.cases;
}
