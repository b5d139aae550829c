import { describe, expect, it } from 'vitest';
import { createAfinnScorer, porterStem } from './natural.adapter';

describe('natural adapter', () => {
  it('stems with Porter', () => {
    expect(['earnings', 'downgraded', 'rallies', 'shares'].map(porterStem)).toEqual([
      'earn',
      'downgrad',
      'ralli',
      'share',
    ]);
  });

  it('scores AFINN valence per token, with natural negation', () => {
    const afinn = createAfinnScorer('afinn');
    // AFINN-165: good +3, bad −3; score = sum / token count.
    expect(afinn.score(['good', 'day'])).toBeCloseTo(1.5, 10);
    expect(afinn.score(['bad'])).toBeCloseTo(-3, 10);
    // natural flips the sign of every later word after a negation ("not").
    expect(afinn.score(['not', 'good'])).toBeCloseTo(-1.5, 10);
    expect(afinn.score([])).toBe(0);
  });

  it('never returns a financial-market-news scorer that silently scores everything 0', () => {
    // natural 6.10.5 loads this lexicon empty (export-name mismatch with afinn-165-financialmarketnews 3.x):
    // the adapter must either give a working scorer (a fixed natural) or refuse with an explanation.
    let scorer: ReturnType<typeof createAfinnScorer> | undefined;
    try {
      scorer = createAfinnScorer('afinn-financial-market-news');
    } catch (error) {
      expect((error as Error).message).toMatch(/loaded empty/);
    }
    if (scorer) expect(scorer.score(['plunge'])).toBeLessThan(0);
  });

  it('rejects an unknown lexicon, naming the allowed ones', () => {
    expect(() => createAfinnScorer('vader' as never)).toThrow(/allowed: afinn, afinn-financial-market-news/);
  });
});
