import { describe, expect, it } from 'vitest';
import { articleTextProblem, MAX_ARTICLE_TEXT_BYTES } from './article-text.policy';

describe('article text policy', () => {
  it('accepts prose with tabs, newlines and non-ASCII letters', () => {
    expect(articleTextProblem('Zürich stocks\tfall 3 %\r\nin early trade 📉')).toBeUndefined();
  });

  it('names each problem', () => {
    expect(articleTextProblem(' \n ')).toBe('text is empty');
    // 'é' is 2 bytes in UTF-8: 51,201 of them are 102,402 bytes, 2 over the limit.
    expect(articleTextProblem('é'.repeat(MAX_ARTICLE_TEXT_BYTES / 2 + 1))).toBe(
      'text is 102402 bytes; at most 102400 (100 kB) are accepted',
    );
    expect(articleTextProblem('a'.repeat(MAX_ARTICLE_TEXT_BYTES))).toBeUndefined();
    expect(articleTextProblem(Buffer.from([0x41, 0xc3, 0x28]).toString('utf8'))).toMatch(/not valid UTF-8/);
    expect(articleTextProblem('PK\u0003\u0004binary')).toMatch(/control characters/);
    expect(articleTextProblem('nul\u0000')).toMatch(/control characters/);
  });
});
