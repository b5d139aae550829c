import { describe, expect, it } from 'vitest';
import { ApiKeyRing, hashApiKey, roleSatisfies } from './api-key-entries';

describe('ApiKeyRing', () => {
  // sha256("abc") is the FIPS 180-2 test vector.
  it('hashes with SHA-256', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('authenticates a configured key and nothing else', () => {
    const ring = new ApiKeyRing(`ci:writer:${hashApiKey('k1')}, ops:admin:${hashApiKey('k2')}`);
    expect(ring.authenticate('k1')).toEqual({ label: 'ci', role: 'writer' });
    expect(ring.authenticate('k2')).toEqual({ label: 'ops', role: 'admin' });
    expect(ring.authenticate('k3')).toBeUndefined();
  });

  it('orders roles reader < writer < admin', () => {
    expect(roleSatisfies('admin', 'writer')).toBe(true);
    expect(roleSatisfies('writer', 'writer')).toBe(true);
    expect(roleSatisfies('reader', 'writer')).toBe(false);
  });
});
