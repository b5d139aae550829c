import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRows } from '../cleaning/row.cleaner';
import { buildDataReport, formatDataReport } from '../report/data.report';
import { parseCsvText, readCsv, streamCsv } from './csv.reader';

const DATASETS = '/work/shared/datasets';

/**
 * Line by line (the header is line 1):
 *  2 good · 3 quoted comma · 4 escaped quotes · 5–6 quoted newline · 7 missing age · 8 age 230 out of
 *  range · 9 duplicate id of line 2 · 10 four fields · 11 invalid UTF-8 · 12 missing score · 13 age "abc"
 *  · 14 blank · 15 text after a closing quote · 16 good · 17 quote never closed · 18 good.
 */
const FIXTURE = Buffer.concat([
  Buffer.from(
    [
      'id,name,age,score,label',
      '1,Ann,34,0.5,cat',
      '2,"Smith, Bob",41,0.7,dog',
      '3,"He said ""hi""",29,0.1,cat',
      '4,"multi',
      'line",50,0.9,dog',
      '5,Eve,,0.3,cat',
      '6,Dan,230,0.4,dog',
      '1,Ann,34,0.5,cat',
      '7,Fay,22,0.8',
      '8,Gus,',
    ].join('\n'),
  ),
  Buffer.from([0xff, 0xfe]),
  Buffer.from(
    [
      ',0.2,cat',
      '9,Hal,45,,dog',
      '10,Ivy,abc,0.6,cat',
      '',
      '11,"Jo"x,27,0.5,dog',
      '12,Kim,38,0.6,cat',
      '13,"Lee,19,0.2,cat',
      '14,Max,61,0.35,dog',
      '',
    ].join('\n'),
  ),
]);

const EXPECTED_ERRORS = [
  { line: 10, reason: 'expected 5 fields, got 4' },
  { line: 11, reason: 'invalid UTF-8 in field 3' },
  { line: 15, reason: 'unexpected character after closing quote in field 2' },
  { line: 17, reason: 'unclosed quote in field 2' },
];

const workDirectory = mkdtempSync(join(tmpdir(), 'data-prep-csv-'));
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

/** The bytes in chunks of `size`, to cross every record and field boundary. */
function chunked(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return Readable.from(chunks);
}

describe('CSV reading', () => {
  it('reads RFC 4180 fields and reports each broken row at its line', () => {
    const result = parseCsvText(FIXTURE);
    expect(result.columns).toEqual(['id', 'name', 'age', 'score', 'label']);
    // 15 records after the header (lines 5–6 are one; 14 is blank), 4 broken.
    expect(result.rowsRead).toBe(15);
    expect(result.errorCount).toBe(4);
    expect(result.errors).toEqual(EXPECTED_ERRORS);
    expect(result.linesRead).toBe(18);
    expect(result.rows.map((row) => row.values.id)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '1',
      '9',
      '10',
      '12',
      '14',
    ]);
    expect(result.rows.map((row) => row.line)).toEqual([2, 3, 4, 5, 7, 8, 9, 12, 13, 16, 18]);
    expect(result.rows[1].values.name).toBe('Smith, Bob');
    expect(result.rows[2].values.name).toBe('He said "hi"');
    expect(result.rows[3].values.name).toBe('multi\nline');
    expect(result.rows[4].values.age).toBe('');
  });

  it('gives the same rows and errors whatever the chunk boundaries', async () => {
    const whole = parseCsvText(FIXTURE);
    for (const size of [1, 2, 3, 7, 64]) {
      const streamed = await readCsv(chunked(FIXTURE, size));
      expect(streamed.rows).toEqual(whole.rows);
      expect(streamed.errors).toEqual(whole.errors);
      expect(streamed.linesRead).toBe(18);
    }
  });

  it('reads gzip transparently, from a file or a stream', async () => {
    const path = join(workDirectory, 'fixture.csv.gz');
    writeFileSync(path, gzipSync(FIXTURE));
    const fromFile = await readCsv(path);
    expect(fromFile.rows).toEqual(parseCsvText(FIXTURE).rows);
    expect(fromFile.errors).toEqual(EXPECTED_ERRORS);
    const fromStream = await readCsv(chunked(gzipSync(FIXTURE), 5));
    expect(fromStream.rows.length).toBe(11);
  });

  it('treats CRLF like LF, and keeps a CRLF inside quotes', () => {
    const result = parseCsvText(FIXTURE.toString('latin1').replaceAll('\n', '\r\n').replace('\xff\xfe', 'x'));
    // Line 11 is now valid: 3 errors, 12 rows.
    expect(result.errors.map((error) => error.line)).toEqual([10, 15, 17]);
    expect(result.rows.length).toBe(12);
    expect(result.rows[3].values.name).toBe('multi\r\nline');
    expect(result.rows[11].values).toEqual({ id: '14', name: 'Max', age: '61', score: '0.35', label: 'dog' });
  });

  it('recovers when a stray quote pairs with a later one', () => {
    // The quote opened on line 2 "closes" at the start of "Dan" on line 4: the record is bad; reading
    // resumes on line 3.
    const result = parseCsvText('a,b,c\n1,"Bob,3\n2,Carol,4\n3,"Dan",5\n');
    expect(result.errors).toEqual([{ line: 2, reason: 'unclosed quote in field 2' }]);
    expect(result.rows.map((row) => [row.line, row.values.b])).toEqual([
      [3, 'Carol'],
      [4, 'Dan'],
    ]);
  });

  it('gives up on a record longer than maxRecordBytes and reads on', () => {
    const text = `a,b\n1,"${'x'.repeat(50)}\n${'2,y\n'.repeat(30)}`;
    const result = parseCsvText(text, { maxRecordBytes: 40 });
    expect(result.errors).toEqual([{ line: 2, reason: 'record longer than 40 bytes (unclosed quote?)' }]);
    expect(result.rows.length).toBe(30);
  });

  it('takes a delimiter, given column names, a BOM, no final newline, and caps kept errors', () => {
    const semicolons = parseCsvText('\uFEFFx;y\n1;"a;b"\n2;c', { delimiter: ';' });
    expect(semicolons.columns).toEqual(['x', 'y']);
    expect(semicolons.rows.map((row) => row.values)).toEqual([
      { x: '1', y: 'a;b' },
      { x: '2', y: 'c' },
    ]);
    expect(semicolons.linesRead).toBe(3);
    const named = parseCsvText('1,2\n3,4\n', { header: ['p', 'q'] });
    expect(named.rows.map((row) => row.values)).toEqual([
      { p: '1', q: '2' },
      { p: '3', q: '4' },
    ]);
    const numbered = parseCsvText('1,2\n', { header: false });
    expect(numbered.rows[0].values).toEqual({ 0: '1', 1: '2' });
    const capped = parseCsvText(`a,b\n${'1\n'.repeat(10)}`, { maxErrors: 3 });
    expect(capped.errorCount).toBe(10);
    expect(capped.errors.length).toBe(3);
    expect(() => parseCsvText('a', { delimiter: '""' })).toThrow(/delimiter/);
  });

  it('streams rows one at a time with the errors so far', async () => {
    const stream = streamCsv(chunked(FIXTURE, 16));
    let seen = 0;
    for await (const row of stream) {
      expect(Object.keys(row.values)).toEqual(stream.columns);
      seen++;
    }
    expect(seen).toBe(11);
    expect(stream.errors).toEqual(EXPECTED_ERRORS);
  });

  it('fixture → cleaning → report gives the numbers worked out by hand', () => {
    const read = parseCsvText(FIXTURE);
    const clean = cleanRows(read.rows, {
      key: ['id'],
      columns: {
        age: { missing: 'median', range: [0, 120] },
        score: { missing: 'drop', range: [0, 1] },
        label: { missing: 'drop' },
      },
    });
    // Of the 11 parsed rows: line 8 age 230 out of range, line 9 duplicate of line 2, line 12 score
    // missing, line 13 age "abc". Kept: ids 1 2 3 4 5 12 14.
    expect(clean.rows.map((row) => row.values.id)).toEqual(['1', '2', '3', '4', '5', '12', '14']);
    expect(clean.quarantine.map((entry) => [entry.line, entry.reason, entry.column])).toEqual([
      [8, 'out_of_range', 'age'],
      [12, 'missing', 'score'],
      [13, 'not_a_number', 'age'],
      [9, 'duplicate', undefined],
    ]);
    expect(clean.quarantine[3].detail).toBe('duplicate of line 2');
    // Median of the kept ages 34 41 29 50 38 61 → (38 + 41) / 2 = 39.5, filled into line 7.
    expect(clean.fillValues.age).toBe(39.5);
    expect(clean.rows[4].values.age).toBe(39.5);
    const report = buildDataReport({ source: 'fixture.csv', read, clean, labelColumn: 'label' });
    expect(report).toEqual({
      source: 'fixture.csv',
      rowsRead: 15,
      rowsKept: 7,
      dropped: {
        parse_error: 4,
        duplicate: 1,
        'missing:score': 1,
        'not_a_number:age': 1,
        'out_of_range:age': 1,
      },
      duplicates: 1,
      filled: { age: 1 },
      // cat: ids 1 3 5 12; dog: 2 4 14.
      classBalance: { cat: 4, dog: 3 },
      parseErrorCount: 4,
      parseErrors: EXPECTED_ERRORS,
    });
    const text = formatDataReport(report);
    expect(text).toContain('  rows kept            7   46.7%');
    expect(text).toContain('line 17      unclosed quote in field 2');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('CSV reading of the shared datasets', () => {
  it('twitter-financial-news-sentiment: 9543 rows, 184 with quoted newlines, no errors', async () => {
    // Counts from Python's csv module: 9543 rows; labels 0/1/2 = 1442/1923/6178.
    const result = await readCsv(join(DATASETS, 'twitter-financial-news-sentiment/sent_train.csv'));
    expect(result.columns).toEqual(['text', 'label']);
    expect(result.errorCount).toBe(0);
    expect(result.rowsRead).toBe(9543);
    expect(result.rows.filter((row) => row.values.text.includes('\n')).length).toBe(184);
    const report = buildDataReport({ read: result, labels: result.rows.map((row) => row.values.label) });
    expect(report.classBalance).toEqual({ 0: 1442, 1: 1923, 2: 6178 });
  });

  it('online-retail .csv.gz: 541909 rows, 5268 exact duplicates', async () => {
    // Counts from Python's csv + gzip modules: 541909 rows of 8 fields; 5268 repeat an earlier row.
    const result = await readCsv(join(DATASETS, 'online-retail/onlineretail.derived.csv.gz'));
    expect(result.errorCount).toBe(0);
    expect(result.rowsRead).toBe(541909);
    expect(result.columns).toEqual([
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ]);
    const clean = cleanRows(result.rows, { key: 'row' });
    expect(clean.counts.duplicates).toBe(5268);
  });
});
