import { describe, expect, it } from 'vitest';
import { parseLabelledCsv } from '../io/labelled-csv.reader';
import { LabelMap, LabelMapError } from './label.map';

describe('LabelMap', () => {
  it('maps canonical names, aliases (any case, trimmed) and numeric labels in the given order', () => {
    // Twitter Financial News order: 0 = bearish, 1 = bullish, 2 = neutral.
    const labels = LabelMap.sentiment(['negative', 'positive', 'neutral']);
    expect(['0', '1', '2', ' Bullish ', 'BEARISH', 'neutral', 'pos'].map((raw) => labels.map(raw))).toEqual([
      'negative',
      'positive',
      'neutral',
      'positive',
      'negative',
      'neutral',
      'positive',
    ]);
    expect(labels.classes).toEqual(['negative', 'neutral', 'positive']);
  });

  it('rejects an unknown label naming its line, and numeric labels when no order was given', () => {
    const rows = parseLabelledCsv(
      'text,label\r\nfirst,bullish\r\n"multi\r\nline",bearish\r\nthird,sideways\r\n',
    );
    // The record "multi\r\nline" spans lines 3–4, so "third" starts on line 5.
    const labels = LabelMap.sentiment();
    expect(() => labels.mapRows(rows)).toThrow(/Unknown label "sideways" on line 5/);
    try {
      labels.map('2', 9);
      expect.unreachable('numeric labels need numericOrder');
    } catch (error) {
      expect(error).toBeInstanceOf(LabelMapError);
      expect((error as LabelMapError).code).toBe('unknown-label');
      expect((error as LabelMapError).line).toBe(9);
    }
  });

  it('refuses aliases that point outside the classes or hide numbers', () => {
    expect(() => new LabelMap({ classes: ['up', 'down'], aliases: { bullish: 'positive' } })).toThrow(
      /not one of the classes \[up, down\]/,
    );
    expect(() => new LabelMap({ classes: ['up', 'down'], aliases: { '1': 'up' } })).toThrow(/numericOrder/);
  });

  it('round-trips through JSON', () => {
    const labels = LabelMap.sentiment(['negative', 'positive', 'neutral']);
    const restored = LabelMap.fromJSON(JSON.parse(JSON.stringify(labels.toJSON())));
    expect(['0', '1', '2', 'Bullish'].map((raw) => restored.map(raw))).toEqual([
      'negative',
      'positive',
      'neutral',
      'positive',
    ]);
  });
});
