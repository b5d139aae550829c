import { describe, expect, it } from 'vitest';
import { MinMaxScaler, Standardizer, fitMinMax, fitStandardizer, scalerFromJSON } from './feature.scalers';

describe('scalers', () => {
  it('standardizes with the training mean and population std, and survives JSON', () => {
    // a: mean 2, std sqrt(((1-2)² + 0 + (3-2)²)/3) = sqrt(2/3); b is constant → std 1.
    const scaler = fitStandardizer({ a: [1, 2, 3], b: new Float32Array([5, 5, 5]) });
    const out = scaler.transform({ a: [2, 4], b: [5, 6] });
    expect(out.a[0]).toBeCloseTo(0, 6);
    expect(out.a[1]).toBeCloseTo(2 / Math.sqrt(2 / 3), 5);
    expect(Array.from(out.b)).toEqual([0, 1]);
    const restored = Standardizer.fromJSON(JSON.parse(JSON.stringify(scaler)));
    expect(restored.transformValue('a', 4)).toBeCloseTo(scaler.transformValue('a', 4), 12);
    expect(restored.inverseValue('a', restored.transformValue('a', 7))).toBeCloseTo(7, 12);
    expect(Array.from(restored.transformRows([{ a: '3', b: 5 }]))).toEqual([
      Math.fround(1 / Math.sqrt(2 / 3)),
      0,
    ]);
    expect(() => restored.transformRows([{ a: 'x', b: 5 }])).toThrow(/column "a" is "x"/);
  });

  it('min-max scales into a range, clips on request, and survives JSON', () => {
    const scaler = fitMinMax({ x: [10, 20, Number.NaN, 30] }, { range: [-1, 1], clip: true });
    // 25 → −1 + (25 − 10)/20 · 2 = 0.5; 40 clips to 1.
    expect(Array.from(scaler.transform({ x: [10, 25, 40] }).x)).toEqual([-1, 0.5, 1]);
    const restored = scalerFromJSON(JSON.stringify(scaler));
    expect(restored).toBeInstanceOf(MinMaxScaler);
    expect(restored.transformValue('x', 25)).toBe(0.5);
    expect(() => Standardizer.fromJSON(scaler.toJSON())).toThrow(/not a standardizer/);
    expect(() => scalerFromJSON({ kind: 'robust', version: 1, columns: {} })).toThrow(
      /unknown scaler kind "robust"/,
    );
    expect(() => fitStandardizer({ empty: [] })).toThrow(/no values/);
  });
});
