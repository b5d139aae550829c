import { describe, expect, it } from 'vitest';
import { PAD_ID, UNKNOWN_ID, Vocabulary } from './text.vocabulary';

const TEXTS = ['stocks rise', 'stocks fall', 'bonds rise rise', 'gold flat'];

describe('Vocabulary', () => {
  it('reserves 0 for <pad> and 1 for <unk>, then orders by count, ties alphabetically', () => {
    // Counts: rise 3, stocks 2, bonds 1, fall 1, flat 1, gold 1.
    const vocabulary = Vocabulary.build(TEXTS, { stem: false });
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((id) => vocabulary.tokenOf(id))).toEqual([
      '<pad>',
      '<unk>',
      'rise',
      'stocks',
      'bonds',
      'fall',
      'flat',
      'gold',
    ]);
    expect(vocabulary.size).toBe(8);
  });

  it('maps unseen and cut tokens to <unk>, and honours minCount and maxSize', () => {
    const byCount = Vocabulary.build(TEXTS, { stem: false, minCount: 2 });
    expect(byCount.size).toBe(4); // <pad>, <unk>, rise, stocks
    expect(byCount.idOf('bonds')).toBe(UNKNOWN_ID);
    expect(byCount.idOf('never-seen')).toBe(UNKNOWN_ID);
    const bySize = Vocabulary.build(TEXTS, { stem: false, maxSize: 3 });
    expect(bySize.size).toBe(3);
    expect(bySize.idOf('rise')).toBe(2);
    expect(bySize.idOf('stocks')).toBe(UNKNOWN_ID);
  });

  it('encodes with the same preprocessing, pads with 0 and truncates the tail', () => {
    const vocabulary = Vocabulary.build(TEXTS, { stem: false });
    // "Stocks RISE, copper" → stocks=3, rise=2, copper=<unk>=1, then padding.
    expect(Array.from(vocabulary.encode('Stocks RISE, copper', 5))).toEqual([
      3,
      2,
      UNKNOWN_ID,
      PAD_ID,
      PAD_ID,
    ]);
    expect(Array.from(vocabulary.encode('stocks rise rise fall', 2))).toEqual([3, 2]);
  });

  it('round-trips through JSON and refuses another preprocessing version', () => {
    const vocabulary = Vocabulary.build(TEXTS, { minCount: 1 });
    const json = JSON.parse(JSON.stringify(vocabulary)) as ReturnType<Vocabulary['toJSON']>;
    const restored = Vocabulary.fromJSON(json);
    expect(Array.from(restored.encode('stocks rising', 4))).toEqual(
      Array.from(vocabulary.encode('stocks rising', 4)),
    );
    expect(() =>
      Vocabulary.fromJSON({ ...json, preprocessingVersion: json.preprocessingVersion + 1 }),
    ).toThrow(/preprocessing version/);
  });

  it('rejects unknown options, naming the allowed ones', () => {
    expect(() => Vocabulary.build(TEXTS, { minCnt: 2 } as never)).toThrow(
      /allowed options: minCount, maxSize, stem/,
    );
  });
});
