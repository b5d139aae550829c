import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../auth/api-key-entries';
import { ConfigurationError, loadEnvironment, PlatformEnvironment } from './platform-environment';

describe('loadEnvironment', () => {
  it('applies defaults when nothing is set', () => {
    const environment = loadEnvironment(PlatformEnvironment, {});
    expect(environment.EMBEDDED_PG_PORT).toBe(54329);
    expect(environment.DATABASE_URL).toBe('');
    expect(environment.LOG_LEVEL).toBe('info');
  });

  it('converts numbers and keeps valid values', () => {
    const environment = loadEnvironment(PlatformEnvironment, {
      EMBEDDED_PG_PORT: '6000',
      DATABASE_URL: 'postgres://u:p@db.internal:5432/deepworks',
    });
    expect(environment.EMBEDDED_PG_PORT).toBe(6000);
    expect(environment.DATABASE_URL).toBe('postgres://u:p@db.internal:5432/deepworks');
  });

  it('names every bad variable in one error', () => {
    const load = () =>
      loadEnvironment(PlatformEnvironment, {
        EMBEDDED_PG_PORT: 'seventy',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
      });
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(/EMBEDDED_PG_PORT/);
    expect(load).toThrow(/DATABASE_URL must be a postgres/);
    expect(load).toThrow(/LOG_LEVEL/);
  });

  it('accepts hashed API keys and rejects malformed entries and unknown roles', () => {
    const hash = hashApiKey('secret');
    expect(loadEnvironment(PlatformEnvironment, { API_KEYS: `ops:admin:${hash}` }).API_KEYS).toContain(hash);
    expect(() => loadEnvironment(PlatformEnvironment, { API_KEYS: 'ops:admin:secret' })).toThrow(
      /API_KEYS entry 1 must be label:role:sha256hex/,
    );
    expect(() => loadEnvironment(PlatformEnvironment, { API_KEYS: `ops:root:${hash}` })).toThrow(
      /role "root"/,
    );
  });
});
