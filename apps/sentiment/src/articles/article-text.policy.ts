/** Largest article text accepted, in UTF-8 bytes (also enforced by a CHECK on `articles.text`). */
export const MAX_ARTICLE_TEXT_BYTES = 100 * 1024;

// C0 controls other than tab, LF and CR, and DEL: never in prose, always in binary files.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// What a UTF-8 decoder writes for bytes that are not UTF-8 (the body parser decodes leniently).
const REPLACEMENT_CHARACTER = '\uFFFD';

/** Why a text cannot be stored as an article, or undefined when it can. Shared by the API and imports. */
export function articleTextProblem(text: string): string | undefined {
  if (text.trim() === '') return 'text is empty';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_ARTICLE_TEXT_BYTES) {
    return `text is ${bytes} bytes; at most ${MAX_ARTICLE_TEXT_BYTES} (100 kB) are accepted`;
  }
  if (text.includes(REPLACEMENT_CHARACTER)) return 'text is not valid UTF-8 (undecodable bytes)';
  if (CONTROL_CHARACTERS.test(text)) return 'text contains control characters (binary data?)';
  return undefined;
}
