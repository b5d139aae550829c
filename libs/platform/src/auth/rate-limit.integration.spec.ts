import { type DynamicModule, Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PlatformEnvironment } from '../config/platform-environment';
import type { JsonLogger } from '../logging/json-logger';
import { PlatformModule } from '../platform.module';
import type { PlatformOptions } from '../platform.options';
import { asRole, startTestApp, type TestApp } from '../testing';

@Module({})
class RateLimitProbeModule {
  static register(options: PlatformOptions, logger: JsonLogger): DynamicModule {
    return {
      module: RateLimitProbeModule,
      imports: [PlatformModule.forRoot({ ...options, logger, migrations: [] })],
    };
  }
}

describe('per-key and per-address rate limits on a real PostgreSQL', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({
      app: 'ratelimitprobe',
      databaseUrl: inject('databaseUrl'),
      environment: PlatformEnvironment,
      module: (options, logger) => RateLimitProbeModule.register(options, logger),
      env: { RATE_LIMIT_PER_MINUTE: '3', AUTH_FAILURES_PER_MINUTE: '2' },
    });
  });
  afterAll(async () => api?.close());

  it('answers 429 with Retry-After once a key has used its allowance, and counts each key apart', async () => {
    const get = (role: 'reader' | 'writer') => fetch(`${api.baseUrl}/models`, { headers: asRole(role) });
    const statuses = [];
    for (let request = 0; request < 4; request++) statuses.push((await get('reader')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await get('reader');
    expect(limited.status).toBe(429);
    // 3 a minute: a token every 20 s.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await get('writer')).status).toBe(200);
    // Health stays open: a load balancer's probe is never limited.
    expect((await fetch(`${api.baseUrl}/health`)).status).toBe(200);
  });

  it('answers 429 to an address that keeps sending no key or a wrong one, and still serves valid keys', async () => {
    const models = `${api.baseUrl}/models`;
    const missing = await fetch(models);
    const wrong = await fetch(models, { headers: { authorization: 'Bearer not-a-key' } });
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    const limited = await fetch(models, { headers: { 'x-api-key': 'another-guess' } });
    expect(limited.status).toBe(429);
    // 2 a minute: a token every 30 s.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(20);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // A valid key from the same address is not held back by the guesses.
    expect((await fetch(models, { headers: asRole('admin') })).status).toBe(200);
  });
});
