import { describe, expect, it } from 'vitest';
import { KeyRateLimiter } from './key-rate-limiter';

describe('KeyRateLimiter', () => {
  it('allows a burst of the per-minute allowance, then refills continuously, per key', () => {
    let now = 0;
    const limiter = new KeyRateLimiter(60, () => now);
    // 60 a minute: a burst of 60, then one token back every second.
    for (let request = 0; request < 60; request++) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
    now = 500;
    expect(limiter.take('a')).toBe(1);
    now = 1_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });

  it('says how long to wait when the allowance is small', () => {
    let now = 0;
    const limiter = new KeyRateLimiter(2, () => now);
    expect([limiter.take('k'), limiter.take('k')]).toEqual([0, 0]);
    // 2 a minute: a token every 30 s.
    expect(limiter.take('k')).toBe(30);
    now = 20_000;
    expect(limiter.take('k')).toBe(10);
  });

  it('keeps at most maxKeys buckets, dropping the oldest', () => {
    const limiter = new KeyRateLimiter(1, () => 0, 2);
    expect([limiter.take('a'), limiter.take('b')]).toEqual([0, 0]);
    expect(limiter.take('a')).toBe(60);
    // A third key pushes out "a", whose allowance starts afresh; "b" is still spent.
    expect(limiter.take('c')).toBe(0);
    expect(limiter.take('b')).toBe(60);
    expect(limiter.take('a')).toBe(0);
  });
});
