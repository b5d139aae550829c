import type { HostileCase, SeededFixtures } from './hostile-case.types';
import { ABSENT_UUID, encoded, HostileCaseList } from './hostile-case.list';
import {
  SQL_INJECTIONS,
  TEMPLATE_INJECTIONS,
  TRAVERSAL_SEGMENTS,
  TRAVERSAL_VALUES,
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
  list.malformedJson({ 'POST /items': items });
  list.malformedJson({ 'POST /events': events, 'POST /catalog-imports': imports }, [
    'truncated object',
    'two documents',
    'single quotes',
  ]);
  list.rawJson(
    'malformed-json',
    'POST /training-runs',
    'NaN literal',
    training,
    '{"model": "ease", "holdout": NaN}',
  );
  list.rawJson(
    'prototype-pollution',
    'POST /items',
    '__proto__ key',
    items,
    '{"id": "SKU-P1", "title": "x", "__proto__": {"isAdmin": true}}',
  );
  list.rawJson(
    'prototype-pollution',
    'POST /events',
    'constructor.prototype key',
    events,
    JSON.stringify({ ...event, constructor: { prototype: { polluted: true } } }),
  );

  // --- wrong types, field by field.
  const itemFields = list.fieldMutations('POST /items', items, item);
  const eventFields = list.fieldMutations('POST /events', events, event);
  const importFields = list.fieldMutations('POST /catalog-imports', imports, catalogImport);
  const trainingFields = list.fieldMutations('POST /training-runs', training);
  itemFields('wrong-type', {
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
  list.jsonBodies('wrong-type', 'POST /items', items, {
    'body is a string': 'kettle',
    'body is a number': 42,
    'body is null': null,
    'body is an empty array': [],
    'items is a string': { items: 'all' },
    'items is empty': { items: [] },
    'an item is a number': { items: [1] },
    'an item lacks its title': { items: [item, { id: 'SKU-HOSTILE-3' }] },
    'an id twice in one batch': { items: [item, { ...item, title: 'Other' }] },
  });
  eventFields('wrong-type', {
    user: [undefined, 1, null, '', 'x'.repeat(129), {}],
    item: [undefined, 2, null, ''],
    type: [undefined, 'VIEW', 'like', 3, null],
    value: ['5', -1, 1e7, true],
    timestamp: ['yesterday', '2026-02-30T10:00:00Z', 1_767_600_000, ''],
  });
  list.jsonBodies('wrong-type', 'POST /events', events, {
    'a rating without its value': { ...event, type: 'rating' },
    'events is an object': { events: { 0: event } },
    'body is an array of events': [event],
  });
  importFields('wrong-type', {
    format: [undefined, 'xml', 'CSV', 5, null],
    content: [undefined, '', 5, null, ['id,title'], {}],
  });
  list.fieldMutations('POST /training-runs', training, { model: 'ease' })('wrong-type', {
    model: [undefined, 'EASE', 5, null, ['ease']],
    parameters: [[50], 'lambda=50', { lambda: '50' }, { notAParameter: 1 }],
    coldStart: ['true', 1],
    holdout: [0.9, 0.01, '0.2'],
    seed: [-1, 1.5, 2 ** 31, '42'],
  });

  // --- unknown fields (forbidden, not ignored).
  list.unknownField('POST /items', items, item, 'price', 3);
  list.jsonBodies('unknown-field', 'POST /items', items, {
    'extra field inside a batch item': { items: [{ ...item, owner: 'x' }] },
    'extra field beside the batch': { items: [item], replaceAll: true },
  });
  list.unknownField('POST /events', events, event, 'userId', 'x');
  list.unknownField('POST /catalog-imports', imports, catalogImport, 'path', '/etc/passwd');
  list.unknownField('POST /training-runs', training, { model: 'ease' }, 'gpu', true);

  // --- huge bodies: over BODY_LIMIT_BYTES (1 MiB), with and without a Content-Length; over batch limits.
  list.add('huge-body', 'POST /items', '1.5 MiB title (Content-Length)', {
    ...items,
    json: { id: 'SKU-HUGE', title: 'a'.repeat(1.5 * 1024 * 1024) },
  });
  list.streamedHugeJson('POST /events', events, 'user');
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
  list.deepBody('POST /items', items, 'arrays');
  list.deepField('POST /items', items, 'items', 'arrays');
  list.deepField('POST /events', events, 'user', 'objects', event);
  list.deepField('POST /training-runs', training, 'parameters', 'objects', { model: 'ease' });
  list.deepField('POST /catalog-imports', imports, 'content', 'arrays', { format: 'csv' });
  list.add('deep-nesting', 'GET /items', 'query key nested 1,000 levels', {
    path: `/items?limit${'[a]'.repeat(1000)}=1`,
    role: 'reader',
  });

  // --- bytes that are not UTF-8.
  list.invalidUtf8('POST /items', items, 'title', ['{"id": "SKU-U8", "title": "kettle', '"}'], [0, 4]);
  list.invalidUtf8(
    'POST /events',
    events,
    'user',
    ['{"user": "u', `", "item": "${seeded.itemId}", "type": "view"}`],
    [4],
  );
  list.add('invalid-utf8', 'GET /catalog-imports/:id', 'id percent-encodes byte 0xFF', {
    path: '/catalog-imports/%FF%FE',
    role: 'reader',
  });

  // --- SQL where the field is a number, enum, UUID, sort key or model name.
  const reader = { role: 'reader' } as const;
  const itemsRead = { path: '/items', role: 'reader' } as const;
  const recommendations = { path: '/users/user-1/recommendations', role: 'reader' } as const;
  const importAndRun = ['GET /catalog-imports/:id', 'GET /training-runs/:id'];
  list.queryValues('sql-injection', 'GET /items', itemsRead, {
    limit: SQL_INJECTIONS[0],
    offset: SQL_INJECTIONS[1],
  });
  list.sqlSortKey('GET /items', itemsRead, 'title; DROP TABLE items');
  list.queryValues('sql-injection', 'GET /users/:id/recommendations', recommendations, {
    k: SQL_INJECTIONS[3],
    exclude_seen: SQL_INJECTIONS[0],
  });
  list.queryValues(
    'sql-injection',
    'GET /items/:id/similar',
    { path: `/items/${seeded.itemId}/similar`, role: 'reader' },
    { k: SQL_INJECTIONS[1] },
  );
  list.injectedIds('sql-injection', importAndRun, reader, SQL_INJECTIONS.slice(0, 2));
  list.add('sql-injection', 'GET /items/:id', `an id that matches nothing: ${SQL_INJECTIONS[0]}`, {
    path: `/items/${encoded(SQL_INJECTIONS[0])}`,
    role: 'reader',
  });
  eventFields('sql-injection', { type: [SQL_INJECTIONS[1]] });
  eventFields('sql-injection', { timestamp: [SQL_INJECTIONS[3]] });
  importFields('sql-injection', { format: [SQL_INJECTIONS[0]] });
  trainingFields('sql-injection', { model: [`ease'; DROP TABLE training_runs; --`] });
  list.add('sql-injection', 'POST /events', 'Idempotency-Key holding SQL', {
    ...events,
    headers: { 'idempotency-key': "'; DROP TABLE event_batches; --" },
    json: event,
  });

  // --- template injection in the same kind of places.
  list.queryValues('template-injection', 'GET /items', itemsRead, { limit: TEMPLATE_INJECTIONS[0] });
  list.queryValues('template-injection', 'GET /users/:id/recommendations', recommendations, {
    k: TEMPLATE_INJECTIONS[1],
  });
  list.injectedIds('template-injection', 'GET /catalog-imports/:id', reader, [TEMPLATE_INJECTIONS[0]]);
  eventFields('template-injection', { type: [TEMPLATE_INJECTIONS[2]] });
  importFields('template-injection', { format: [TEMPLATE_INJECTIONS[3]] });
  trainingFields('template-injection', { model: [TEMPLATE_INJECTIONS[4]] });

  // --- path traversal and NUL bytes in ids and model names.
  list.traversalIds(importAndRun, reader, TRAVERSAL_SEGMENTS.slice(0, 3));
  list.add('path-traversal', 'GET /items/:id', 'an id that matches nothing: ..%2F..%2Fetc%2Fpasswd', {
    path: `/items/${TRAVERSAL_SEGMENTS[0]}`,
    role: 'reader',
  });
  list.add('path-traversal', 'GET /items/:id', 'raw ../ in the path', {
    path: '/items/../../etc/passwd',
    role: 'reader',
  });
  list.add('path-traversal', 'GET /items/:id', 'id is a NUL byte', { path: '/items/%00', role: 'reader' });
  trainingFields('path-traversal', { model: [...TRAVERSAL_VALUES] });
  importFields('path-traversal', { format: [TRAVERSAL_VALUES[0]] });
  list.add('path-traversal', 'POST /items', 'id holds a NUL byte', {
    ...items,
    json: { ...item, id: 'SKU\u0000X' },
  });
  list.add('path-traversal', 'POST /events', 'user holds a NUL byte', {
    ...events,
    json: { ...event, user: 'u\u0000x' },
  });

  // --- keys and roles.
  list.refusedKeys('POST /items', { path: '/items', json: item }, ['reader', 'none']);
  list.add('auth', 'POST /items', 'unknown key', {
    path: '/items',
    headers: { authorization: 'Bearer test-writer-key-2' },
    json: item,
  });
  list.refusedKeys('POST /events', { path: '/events', json: event }, ['reader']);
  list.refusedKeys('POST /catalog-imports', { path: '/catalog-imports', json: catalogImport }, ['reader']);
  list.refusedKeys(
    'POST /training-runs',
    { path: '/training-runs', json: { model: 'ease' } },
    ['writer'],
    'admin',
  );
  list.refusedKeys('GET /items', { path: '/items' }, ['none']);
  list.refusedKeys('GET /users/:id/recommendations', { path: '/users/user-1/recommendations' }, ['none']);

  // --- content types.
  list.contentType('POST /items', 'JSON sent as text/plain', items, 'text/plain', JSON.stringify(item));
  list.contentType(
    'POST /items',
    'application/xml',
    items,
    'application/xml',
    '<item><id>SKU-X</id><title>Kettle</title></item>',
  );
  list.contentType(
    'POST /items',
    'urlencoded form',
    items,
    'application/x-www-form-urlencoded',
    'id=SKU-X&title=Kettle',
  );
  list.add('content-type', 'POST /events', 'no content type', { ...events, raw: JSON.stringify(event) });
  list.contentType(
    'POST /catalog-imports',
    'the CSV file sent as text/csv',
    imports,
    'text/csv',
    catalogImport.content,
  );

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
