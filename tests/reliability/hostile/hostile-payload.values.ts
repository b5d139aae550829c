/**
 * Hostile values, used only where the field cannot legally hold them: ids that must be UUIDs, enums,
 * numbers, dates, model and task names. (A headline that quotes SQL is valid data and would rightly be
 * stored, so free text never gets these.)
 */

export const SQL_INJECTIONS = [
  "1' OR '1'='1",
  '1; DROP TABLE items; --',
  "' UNION SELECT table_name FROM information_schema.tables --",
  '1) OR pg_sleep(10) --',
] as const;

// Jinja/Twig/Handlebars, JS template literals, EJS/ERB, Ruby/Pug interpolation, a prototype escape.
export const TEMPLATE_INJECTIONS = [
  '{{7*7}}',
  '${7*7}',
  '<%= 7*7 %>',
  '#{7*7}',
  "{{constructor.constructor('return process')()}}",
] as const;

/** Traversal as it appears inside a JSON string or a form field (raw, unencoded). */
export const TRAVERSAL_VALUES = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/etc/passwd',
  'model\u0000.json',
] as const;

/**
 * Traversal as one raw path segment (already percent-encoded where a raw byte could not be sent): the
 * client sends these verbatim, so the server's router sees the dots, encoded slashes and NUL bytes.
 */
export const TRAVERSAL_SEGMENTS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%5C..%5Cwindows%5Cwin.ini',
  '%00',
  '00000000-0000-4000-8000-000000000000%00.png',
  '....%2F%2F....%2F%2Fetc%2Fpasswd',
] as const;

/** Bodies that are not JSON although they say they are. */
export const MALFORMED_JSON: Readonly<Record<string, string>> = {
  'truncated object': '{"a": "b"',
  'single quotes': "{'a': 'b'}",
  'unquoted keys': '{a: "b"}',
  'trailing comma': '{"a": "b",}',
  'NaN literal': '{"a": NaN}',
  'comment inside': '{"a": 1 /* note */}',
  'two documents': '{"a": 1}{"b": 2}',
  'empty body': '',
  'bare word': 'undefined',
  'raw control character in a string': '{"a": "x\u0001y"}',
  'invalid escape': '{"a": "\\x41"}',
  'lone bracket': '[',
};

/** Byte sequences that are not UTF-8 (RFC 3629 §3–4), each spliced into a string of a JSON body. */
export const INVALID_UTF8: Readonly<Record<string, number[]>> = {
  'byte 0xFF': [0xff],
  'lone continuation byte': [0x80],
  'overlong encoding of /': [0xc0, 0xaf],
  'UTF-16 surrogate half': [0xed, 0xa0, 0x80],
  'truncated 3-byte sequence': [0xe2, 0x82],
  '5-byte lead byte': [0xf8, 0x88, 0x80, 0x80, 0x80],
  'code point above U+10FFFF': [0xf4, 0x90, 0x80, 0x80],
};

/** `{"<field>": "<prefix><bytes><suffix>"...}`: valid JSON apart from the bytes. */
export function jsonWithBytes(before: string, bytes: readonly number[], after: string): Buffer {
  return Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(bytes), Buffer.from(after, 'utf8')]);
}

/** 100,000 nested arrays: `[[[…]]]`, 200 kB, well under the body limit. */
export function deepArrays(depth = 100_000): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** `{"a":{"a":…1…}}`, 100,000 objects deep (600 kB). */
export function deepObjects(depth = 100_000): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A JSON body whose `field` holds the deep structure (the rest of `base` kept valid). */
export function withDeepField(base: Record<string, unknown>, field: string, deep: string): string {
  const marker = '"__DEEP__"';
  return JSON.stringify({ ...base, [field]: '__DEEP__' }).replace(marker, deep);
}

/** The first characters of a value, for a case's name. */
export function shortLabel(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return JSON.stringify(text.length > 36 ? `${text.slice(0, 33)}...` : text);
}
