import { ABSENT_UUID, type HostileCaseList } from './hostile-case.list';
import {
  SQL_INJECTIONS,
  TEMPLATE_INJECTIONS,
  TRAVERSAL_SEGMENTS,
  TRAVERSAL_VALUES,
} from './hostile-payload.values';

/**
 * The routes every app gets from the platform (model registry, jobs, demo data, docs) and the API key
 * guard itself; `list` is the app's case list.
 */
export function addPlatformCases(list: HostileCaseList): void {
  // --- model registry: ids must be UUIDs, task names lower-case slugs, promote/rollback admin only.
  const reader = { role: 'reader' } as const;
  const admin = { role: 'admin' } as const;
  const models = { path: '/models', role: 'reader' } as const;
  list.injectedIds('sql-injection', 'GET /models/:id', reader, SQL_INJECTIONS.slice(0, 2));
  list.injectedIds('template-injection', 'GET /models/:id', reader, [TEMPLATE_INJECTIONS[0]]);
  list.traversalIds('GET /models/:id', reader, [TRAVERSAL_SEGMENTS[0], TRAVERSAL_SEGMENTS[3]]);
  list.queryValues('path-traversal', 'GET /models', models, { task: TRAVERSAL_VALUES[0] });
  list.queryValues('sql-injection', 'GET /models', models, { task: SQL_INJECTIONS[0] });
  list.queryValues('template-injection', 'GET /models', models, { task: TEMPLATE_INJECTIONS[1] });
  list.sqlSortKey('GET /models', models, 'version; DROP TABLE model_versions');
  const promote = `/models/${ABSENT_UUID}/promote`;
  list.refusedKeys('POST /models/:id/promote', { path: promote }, ['writer', 'none']);
  list.injectedIds('sql-injection', 'POST /models/:id/promote', admin, [SQL_INJECTIONS[1]]);
  list.traversalIds('POST /models/:id/promote', admin, [TRAVERSAL_SEGMENTS[1]]);
  list.add('missing-target', 'POST /models/:id/promote', 'a version that does not exist', {
    path: promote,
    role: 'admin',
  });
  const rollback = { path: '/models/rollback', role: 'admin' } as const;
  const noSuchTask = { task: 'no-such-task' };
  list.refusedKeys('POST /models/rollback', { path: rollback.path, json: noSuchTask }, ['writer']);
  const rollbackFields = list.fieldMutations('POST /models/rollback', rollback);
  rollbackFields('path-traversal', { task: [TRAVERSAL_VALUES[0]] });
  rollbackFields('sql-injection', { task: [SQL_INJECTIONS[1]] });
  rollbackFields('wrong-type', { task: [undefined, 5, ['recommendations'], 'Upper-Case'] });
  list.unknownField('POST /models/rollback', rollback, noSuchTask, 'version', 1);
  list.add('missing-target', 'POST /models/rollback', 'a task with no active model', {
    ...rollback,
    json: noSuchTask,
  });

  // --- jobs: v4 UUIDs only.
  list.injectedIds('sql-injection', 'GET /jobs/:id', admin, [SQL_INJECTIONS[2]]);
  list.traversalIds('GET /jobs/:id', admin, [TRAVERSAL_SEGMENTS[2]]);
  list.add('wrong-type', 'GET /jobs/:id', 'a v1 (time-based) UUID', {
    path: '/jobs/c232ab00-9414-11ec-b3c8-9f6bdeced846',
    role: 'admin',
  });
  list.add('missing-target', 'GET /jobs/:id', 'a job that does not exist', {
    path: `/jobs/${ABSENT_UUID}`,
    role: 'admin',
  });
  list.refusedKeys('GET /jobs/:id', { path: `/jobs/${ABSENT_UUID}` }, ['none']);

  // --- demo data: admin only, bounded integers.
  const demo = { path: '/demo-data', role: 'admin' } as const;
  list.refusedKeys('POST /demo-data', { path: '/demo-data', json: {} }, ['writer', 'reader']);
  list.fieldMutations('POST /demo-data', demo)('wrong-type', {
    seed: [-1, 1.5, 'one', 2 ** 31],
    size: [0, 20_001, '200', true],
  });
  list.rawJson('wrong-type', 'POST /demo-data', 'size=1e400 (Infinity once parsed)', demo, '{"size": 1e400}');
  list.jsonBodies('wrong-type', 'POST /demo-data', demo, {
    'body is an array': [],
    'body is a string': 'seed',
  });
  list.unknownField('POST /demo-data', demo, { seed: 3 }, 'truncate', true);
  list.rawJson('malformed-json', 'POST /demo-data', 'truncated object', demo, '{"seed": 3');
  list.deepBody('POST /demo-data', demo, 'arrays');

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
