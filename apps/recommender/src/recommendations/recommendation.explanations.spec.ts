import { describe, expect, it } from 'vitest';
import { matchExplanation, popularExplanation } from './recommendation.explanations';

describe('explanations', () => {
  it("quotes the shopper's own word behind a stemmed match", () => {
    // "kettles" and "kettle" both stem to "kettl"
    expect(matchExplanation('Blue kettles, please', 'kettl')).toBe('matches "kettles"');
    expect(matchExplanation('lamp', 'unrelat')).toBe('matches "unrelat"');
    expect(matchExplanation('lamp', undefined)).toBe('matches your interest');
  });

  it('says where popularity came from', () => {
    expect(popularExplanation()).toBe('popular with other shoppers');
    expect(popularExplanation('garden')).toBe('popular in garden');
  });
});
