import { ABSENT_UUID, encoded, type HostileCaseList, JSON_TYPE } from './hostile-case.list';
import {
  SQL_INJECTIONS,
  TEMPLATE_INJECTIONS,
  TRAVERSAL_SEGMENTS,
  TRAVERSAL_VALUES,
  deepArrays,
} from './hostile-payload.values';

/**
 * The routes every app gets from the platform (model registry, jobs, demo data, docs) and the API key
 * guard itself; `list` is the app's case list.
 */
export function addPlatformCases(list: HostileCaseList): void {
  // --- model registry: ids must be UUIDs, task names lower-case slugs, promote/rollback admin only.
  for (const value of SQL_INJECTIONS.slice(0, 2))
    list.add('sql-injection', 'GET /models/:id', `id ${value}`, {
      path: `/models/${encoded(value)}`,
      role: 'reader',
    });
  list.add('template-injection', 'GET /models/:id', 'id {{7*7}}', {
    path: `/models/${encoded(TEMPLATE_INJECTIONS[0])}`,
    role: 'reader',
  });
  for (const segment of [TRAVERSAL_SEGMENTS[0], TRAVERSAL_SEGMENTS[3]])
    list.add('path-traversal', 'GET /models/:id', `id ${segment}`, {
      path: `/models/${segment}`,
      role: 'reader',
    });
  list.add('path-traversal', 'GET /models', 'task=../../etc/passwd', {
    path: `/models?task=${encoded(TRAVERSAL_VALUES[0])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /models', `task=${SQL_INJECTIONS[0]}`, {
    path: `/models?task=${encoded(SQL_INJECTIONS[0])}`,
    role: 'reader',
  });
  list.add('template-injection', 'GET /models', 'task=${7*7}', {
    path: `/models?task=${encoded(TEMPLATE_INJECTIONS[1])}`,
    role: 'reader',
  });
  list.add('sql-injection', 'GET /models', 'sort key "version; DROP TABLE model_versions"', {
    path: `/models?sort=${encoded('version; DROP TABLE model_versions')}`,
    role: 'reader',
  });
  list.add('auth', 'POST /models/:id/promote', 'writer key', {
    path: `/models/${ABSENT_UUID}/promote`,
    role: 'writer',
  });
  list.add('auth', 'POST /models/:id/promote', 'no key', { path: `/models/${ABSENT_UUID}/promote` });
  list.add('sql-injection', 'POST /models/:id/promote', `id ${SQL_INJECTIONS[1]}`, {
    path: `/models/${encoded(SQL_INJECTIONS[1])}/promote`,
    role: 'admin',
  });
  list.add('path-traversal', 'POST /models/:id/promote', `id ${TRAVERSAL_SEGMENTS[1]}`, {
    path: `/models/${TRAVERSAL_SEGMENTS[1]}/promote`,
    role: 'admin',
  });
  list.add('missing-target', 'POST /models/:id/promote', 'a version that does not exist', {
    path: `/models/${ABSENT_UUID}/promote`,
    role: 'admin',
  });
  list.add('auth', 'POST /models/rollback', 'writer key', {
    path: '/models/rollback',
    role: 'writer',
    json: { task: 'no-such-task' },
  });
  list.fieldMutations(
    'path-traversal',
    'POST /models/rollback',
    { path: '/models/rollback', role: 'admin' },
    {},
    {
      task: [TRAVERSAL_VALUES[0]],
    },
  );
  list.fieldMutations(
    'sql-injection',
    'POST /models/rollback',
    { path: '/models/rollback', role: 'admin' },
    {},
    {
      task: [SQL_INJECTIONS[1]],
    },
  );
  list.fieldMutations(
    'wrong-type',
    'POST /models/rollback',
    { path: '/models/rollback', role: 'admin' },
    {},
    {
      task: [undefined, 5, ['recommendations'], 'Upper-Case'],
    },
  );
  list.add('unknown-field', 'POST /models/rollback', 'extra field "version"', {
    path: '/models/rollback',
    role: 'admin',
    json: { task: 'no-such-task', version: 1 },
  });
  list.add('missing-target', 'POST /models/rollback', 'a task with no active model', {
    path: '/models/rollback',
    role: 'admin',
    json: { task: 'no-such-task' },
  });

  // --- jobs: v4 UUIDs only.
  list.add('sql-injection', 'GET /jobs/:id', `id ${SQL_INJECTIONS[2]}`, {
    path: `/jobs/${encoded(SQL_INJECTIONS[2])}`,
    role: 'admin',
  });
  list.add('path-traversal', 'GET /jobs/:id', `id ${TRAVERSAL_SEGMENTS[2]}`, {
    path: `/jobs/${TRAVERSAL_SEGMENTS[2]}`,
    role: 'admin',
  });
  list.add('wrong-type', 'GET /jobs/:id', 'a v1 (time-based) UUID', {
    path: '/jobs/c232ab00-9414-11ec-b3c8-9f6bdeced846',
    role: 'admin',
  });
  list.add('missing-target', 'GET /jobs/:id', 'a job that does not exist', {
    path: `/jobs/${ABSENT_UUID}`,
    role: 'admin',
  });
  list.add('auth', 'GET /jobs/:id', 'no key', { path: `/jobs/${ABSENT_UUID}` });

  // --- demo data: admin only, bounded integers.
  const demo = { path: '/demo-data', role: 'admin' } as const;
  list.add('auth', 'POST /demo-data', 'writer key', { path: '/demo-data', role: 'writer', json: {} });
  list.add('auth', 'POST /demo-data', 'reader key', { path: '/demo-data', role: 'reader', json: {} });
  list.fieldMutations(
    'wrong-type',
    'POST /demo-data',
    demo,
    {},
    {
      seed: [-1, 1.5, 'one', 2 ** 31],
      size: [0, 20_001, '200', true],
    },
  );
  list.add('wrong-type', 'POST /demo-data', 'size=1e400 (Infinity once parsed)', {
    ...demo,
    headers: JSON_TYPE,
    raw: '{"size": 1e400}',
  });
  list.add('wrong-type', 'POST /demo-data', 'body is an array', { ...demo, json: [] });
  list.add('wrong-type', 'POST /demo-data', 'body is a string', { ...demo, json: 'seed' });
  list.add('unknown-field', 'POST /demo-data', 'extra field "truncate"', {
    ...demo,
    json: { seed: 3, truncate: true },
  });
  list.add('malformed-json', 'POST /demo-data', 'truncated object', {
    ...demo,
    headers: JSON_TYPE,
    raw: '{"seed": 3',
  });
  list.add('deep-nesting', 'POST /demo-data', '100,000 nested arrays as the body', {
    ...demo,
    headers: JSON_TYPE,
    raw: deepArrays(),
  });

  // --- the key guard.
  list.add('auth', 'GET /models', 'no key', { path: '/models' });
  list.add('auth', 'GET /models', 'unknown bearer key', {
    path: '/models',
    headers: { authorization: 'Bearer not-a-real-key' },
  });
  list.add('auth', 'GET /models', 'Basic scheme', {
    path: '/models',
    headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
  });
  list.add('auth', 'GET /models', 'Bearer with no key', {
    path: '/models',
    headers: { authorization: 'Bearer ' },
  });
  list.add('auth', 'GET /models', 'valid key in the query string', {
    path: '/models?api_key=test-admin-key',
  });
  list.add('auth', 'GET /models', 'wrong X-API-Key', {
    path: '/models',
    headers: { 'x-api-key': 'test-admin-keyX' },
  });
  list.add('auth', 'GET /models', 'key in the wrong case', {
    path: '/models',
    headers: { authorization: 'Bearer TEST-ADMIN-KEY' },
  });
  list.add('auth', 'GET /models', 'SQL as the bearer token', {
    path: '/models',
    headers: { authorization: "Bearer ' OR '1'='1" },
  });
  list.add('auth', 'GET /models', 'a 64 KiB key (header overflow)', {
    path: '/models',
    headers: { 'x-api-key': 'k'.repeat(64 * 1024) },
  });

  // --- routes that do not exist, and the static /docs files.
  list.add('wrong-route', 'POST /health', 'health is read-only', { path: '/health', raw: '' });
  list.add('wrong-route', 'DELETE /models', 'no such route', { path: '/models', role: 'admin' });
  list.add('path-traversal', 'GET /docs/*', 'encoded ../ out of the docs folder', {
    path: '/docs/..%2F..%2F..%2F..%2Fpackage.json',
  });
  list.add('path-traversal', 'GET /docs/*', 'raw ../ out of the docs folder', {
    path: '/docs/../../../../../../etc/passwd',
  });
  list.add('path-traversal', 'GET /*', 'raw ../ at the root', { path: '/../../../../etc/passwd' });
}
