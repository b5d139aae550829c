/**
 * One token is, in order of precedence:
 * - a placeholder written by `normalizeText` (`<url>`, `<num>`, `<pct>`, `<user>`);
 * - a cashtag (`$aapl`, `$brk.b`);
 * - a word: letters/digits, joined by inner apostrophes or ampersands (`don't`, `s&p`, `m&a`, `at&t`);
 * - `!`, `?`, or one pictographic emoji (🚀 📉 carry sentiment in finance tweets).
 * Everything else (punctuation, symbols) separates tokens. We use our own regex rather than natural's
 * `WordTokenizer` because the latter splits `$aapl`, `<num>` and `don't` into pieces.
 */
const TOKEN_PATTERN =
  /<(?:url|num|pct|user)>|\$[a-z][a-z0-9]*(?:\.[a-z]+)?|[\p{L}\p{N}]+(?:['&][\p{L}\p{N}]+)*|[!?]|\p{Extended_Pictographic}/gu;

/** Splits normalised text (the output of `normalizeText`) into tokens. */
export function tokenize(normalizedText: string): string[] {
  return normalizedText.match(TOKEN_PATTERN) ?? [];
}
