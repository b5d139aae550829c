/** Placeholder tokens that `normalizeText` writes in place of surface forms that carry no reusable signal. */
export const URL_TOKEN = '<url>';
export const NUMBER_TOKEN = '<num>';
export const PERCENT_TOKEN = '<pct>';
export const MENTION_TOKEN = '<user>';

const HTML_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
  '&apos;': "'",
  '&nbsp;': ' ',
};

// Tweets arrive HTML-escaped from the Twitter API ("S&amp;P 500").
const HTML_ENTITY_PATTERN = /&(?:amp|lt|gt|quot|apos|nbsp|#39|#x27);/g;
const CURLY_SINGLE_QUOTES = /[\u2018\u2019\u201b\u2032]/g;
const CURLY_DOUBLE_QUOTES = /[\u201c\u201d\u201f\u2033]/g;
const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+/g;
// Twitter handles: 1–15 word characters, not preceded by a word character (so e-mail addresses stay whole).
const MENTION_PATTERN = /(?<![\p{L}\p{N}_])@([a-z0-9_]{1,15})\b/gu;
// Cashtags: `$` + a letter + up to 5 letters/digits, optionally a share class (`$brk.b`). `$5` is money.
const CASHTAG_PATTERN = /(?<![\p{L}\p{N}_$])\$([a-z][a-z0-9]{0,5}(?:\.[a-z]{1,2})?)(?![\p{L}\p{N}_])/gu;
// A number (with thousands separators / decimals, optional sign) followed by %, "percent" or "pct".
const PERCENT_PATTERN = /(?<![\p{L}\p{N}_.])[+-]?\d+(?:[.,]\d+)*\s?(?:%|percent\b|pct\b)/gu;
// Plain numbers and money amounts ("$1.5bn", "2,300", "-4.2", "10k"); digits inside words ("q3") stay.
const NUMBER_PATTERN =
  /(?<![\p{L}\p{N}_.<])[+-]?\$?\d+(?:[.,:]\d+)*(?:k|m|mm|mn|mln|b|bn|bln|t|tn|x)?(?![\p{L}\p{N}_])/gu;
// Possessive "'s" carries no sentiment and would otherwise split "moody's" from "moody" in the vocabulary.
const POSSESSIVE_PATTERN = /(?<=[\p{L}\p{N}])'s(?![\p{L}\p{N}])/gu;
const WHITESPACE = /\s+/g;

/** Unicode NFKC (full-width "ＡＡＰＬ" → "AAPL", ligatures split), straight quotes, decoded HTML entities. */
export function canonicalizeCharacters(text: string): string {
  return text
    .normalize('NFKC')
    .replace(CURLY_SINGLE_QUOTES, "'")
    .replace(CURLY_DOUBLE_QUOTES, '"')
    .replace(HTML_ENTITY_PATTERN, (entity) => HTML_ENTITIES[entity] ?? entity);
}

/** `canonicalizeCharacters`, then lower case: the first step of every text pipeline here. */
export function foldText(text: string): string {
  return canonicalizeCharacters(text).toLowerCase();
}

/**
 * The normalisation every model in this lib sees (see `preprocess`): fold (NFKC, lower case), then
 * URLs → `<url>`, possessive 's dropped, @mentions → `<user>`, percentages → `<pct>`, other numbers and
 * money amounts → `<num>`; cashtags stay as `$aapl` so that they become one token. Whitespace is collapsed.
 */
export function normalizeText(text: string): string {
  return foldText(text)
    .replace(URL_PATTERN, ` ${URL_TOKEN} `)
    .replace(POSSESSIVE_PATTERN, '')
    .replace(MENTION_PATTERN, ` ${MENTION_TOKEN} `)
    .replace(CASHTAG_PATTERN, (_match, symbol: string) => ` $${symbol} `)
    .replace(PERCENT_PATTERN, ` ${PERCENT_TOKEN} `)
    .replace(NUMBER_PATTERN, ` ${NUMBER_TOKEN} `)
    .replace(WHITESPACE, ' ')
    .trim();
}

/** Cashtag symbols in order of first appearance, upper-cased: "$aapl and $BRK.b" → ["AAPL", "BRK.B"]. */
export function extractCashtags(text: string): string[] {
  const folded = foldText(text).replace(URL_PATTERN, ' ');
  return uniqueInOrder(Array.from(folded.matchAll(CASHTAG_PATTERN), (match) => match[1].toUpperCase()));
}

/** @mention handles in order of first appearance, lower-cased, without the `@`. */
export function extractMentions(text: string): string[] {
  const folded = foldText(text).replace(URL_PATTERN, ' ');
  return uniqueInOrder(Array.from(folded.matchAll(MENTION_PATTERN), (match) => match[1]));
}

function uniqueInOrder(values: readonly string[]): string[] {
  return [...new Set(values)];
}
