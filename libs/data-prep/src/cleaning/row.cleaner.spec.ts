import { describe, expect, it } from 'vitest';
import { cleanRows } from './row.cleaner';

const rows = [
  { line: 2, values: { id: '1', price: '10', size: 'S' } },
  { line: 3, values: { id: '2', price: 'NA', size: '' } },
  { line: 4, values: { id: '3', price: '30', size: 'L' } },
  { line: 5, values: { id: '4', price: ' 20 ', size: 'M' } },
];

describe('cleanRows', () => {
  it('fills a mean computed on the rows given, and a fixed value, and reports the fill values', () => {
    const result = cleanRows(rows, {
      missingTokens: ['NA'],
      columns: { price: { missing: 'mean' }, size: { missing: { fill: 'M' } } },
    });
    // Mean of 10, 30, 20 = 20.
    expect(result.rows.map((row) => row.values.price)).toEqual([10, 20, 30, 20]);
    expect(result.rows[1].values.size).toBe('M');
    expect(result.fillValues).toEqual({ price: 20, size: 'M' });
    expect(result.counts.filled).toEqual({ price: 1, size: 1 });
    expect(result.quarantine).toEqual([]);
    // The input is not modified.
    expect(rows[1].values.price).toBe('NA');
  });

  it('keeps missing values as null by default and can compare whole rows for duplicates', () => {
    const result = cleanRows([...rows, { line: 6, values: { size: 'L', price: '30', id: '3' } }], {
      key: 'row',
      columns: { price: { type: 'number' } },
    });
    // "NA" is not a missing token here, so row 3 is not a number; line 6 repeats line 4 (column order aside).
    expect(result.counts.byReason).toEqual({ 'not_a_number:price': 1, duplicate: 1 });
    expect(result.quarantine[1].detail).toBe('duplicate of line 4');
    expect(result.rows.map((row) => row.line)).toEqual([2, 4, 5]);
    const kept = cleanRows(rows, { columns: { size: {} } });
    expect(kept.rows[1].values.size).toBeNull();
  });

  it('rejects unknown rule options and impossible rules by name', () => {
    expect(() => cleanRows(rows, { columns: { price: { rnage: [0, 1] } as never } })).toThrow(
      /unknown rule option rnage \(allowed: missing, range, type\)/,
    );
    expect(() => cleanRows(rows, { columns: { price: { range: [5, 1] } } })).toThrow(/is empty/);
    expect(() => cleanRows([{ values: { x: '' } }], { columns: { x: { missing: 'median' } } })).toThrow(
      /cannot fill column "x" with its median/,
    );
  });
});
