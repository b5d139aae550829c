import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseJsonlText, readJsonl } from './jsonl.reader';

// Line 3 is blank, line 4 is not JSON, line 5 has invalid UTF-8, line 6 fails validation.
const FIXTURE = Buffer.concat([
  Buffer.from('{"user":1,"item":"a"}\r\n{"user":2,"item":"é"}\n\n{"user":3,\n{"user":"'),
  Buffer.from([0xc3, 0x28]),
  Buffer.from('"}\n{"item":"b"}\n{"user":5,"item":"c"}'),
]);

const validate = (value: unknown) =>
  typeof value === 'object' && value !== null && 'user' in value ? undefined : 'no user field';

describe('readJsonl', () => {
  it('reads good lines and reports bad ones at their line numbers', () => {
    const result = parseJsonlText(FIXTURE, { validate });
    expect(result.rows).toEqual([
      { line: 1, value: { user: 1, item: 'a' } },
      { line: 2, value: { user: 2, item: 'é' } },
      { line: 7, value: { user: 5, item: 'c' } },
    ]);
    expect(result.errors.map((error) => [error.line, error.reason.split(':')[0]])).toEqual([
      [4, 'invalid JSON'],
      [5, 'invalid UTF-8'],
      [6, 'no user field'],
    ]);
    expect(result.rowsRead).toBe(6);
    expect(result.linesRead).toBe(7);
  });

  it('streams gzip in 1-byte chunks to the same result', async () => {
    const bytes = gzipSync(FIXTURE);
    const chunks = Array.from(bytes, (byte) => Buffer.from([byte]));
    const result = await readJsonl(Readable.from(chunks), { validate });
    expect(result).toEqual(parseJsonlText(FIXTURE, { validate }));
  });
});
