import { describe, expect, it } from 'vitest';
import { extractCashtags, extractMentions, normalizeText } from './text.normalizer';

describe('normalizeText', () => {
  it('lower-cases and replaces URLs, mentions, percentages and numbers by placeholders', () => {
    expect(normalizeText('$AAPL jumps 3.5% to $182.40 after @Reuters report https://t.co/AbC123')).toBe(
      '$aapl jumps <pct> to <num> after <user> report <url>',
    );
  });

  it('treats signed percentages, "percent" and money with unit suffixes', () => {
    expect(normalizeText('Shares -2.7%, revenue up 12 percent to $1.5bn and 2,300 jobs')).toBe(
      'shares <pct> , revenue up <pct> to <num> and <num> jobs',
    );
  });

  it('keeps digits inside words and share-class cashtags', () => {
    expect(normalizeText('Q3 beat for $BRK.B, COVID19 drag')).toBe('q3 beat for $brk.b , covid19 drag');
  });

  it('applies NFKC (full-width letters, ligatures), straight quotes, HTML entities and drops possessive s', () => {
    // "ＡＡＰＬ" (full-width) → "aapl"; "ﬁ" ligature → "fi"; "&amp;" → "&"; "Moody’s" → "moody".
    expect(normalizeText('ＡＡＰＬ proﬁt: S&amp;P up, Moody’s cuts')).toBe('aapl profit: s&p up, moody cuts');
  });

  it('does not mistake e-mail addresses for mentions or money for cashtags', () => {
    expect(normalizeText('mail ir@acme.com, pay $5')).toBe('mail ir@acme.com, pay <num>');
  });
});

describe('extractCashtags / extractMentions', () => {
  it('returns upper-case symbols in order of first appearance, without duplicates or URLs', () => {
    expect(extractCashtags('$tsla $AAPL vs $TSLA and $brk.b, not $5 or https://x.com/$FAKE')).toEqual([
      'TSLA',
      'AAPL',
      'BRK.B',
    ]);
  });

  it('returns lower-case handles without the @', () => {
    expect(extractMentions('via @Reuters and @WSJmarkets, cc @reuters; ir@acme.com')).toEqual([
      'reuters',
      'wsjmarkets',
    ]);
  });
});
