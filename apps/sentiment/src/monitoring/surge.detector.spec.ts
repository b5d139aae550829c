import { describe, expect, it } from 'vitest';
import {
  type BucketCounts,
  emptyBaseline,
  evaluateBucket,
  foldBucket,
  scanTopic,
  type SurgeParameters,
} from './surge.detector';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 0);
const at = (hour: number) => new Date(T0 + hour * HOUR);
const bucket = (hour: number, articles: number, negative: number): BucketCounts => ({
  bucketStart: at(hour),
  articles,
  negative,
});
const PARAMETERS: SurgeParameters = {
  alpha: 0.5,
  zThreshold: 3,
  minArticles: 8,
  warmupBuckets: 2,
  cooldownBuckets: 3,
};

describe('EWMA surge detector', () => {
  it('folds buckets into the EWMA mean and variance (worked by hand)', () => {
    // First bucket initialises: count 2, share 0.2, variances 0.
    let baseline = foldBucket(emptyBaseline(at(0)), bucket(0, 10, 2), 0.5, HOUR);
    expect(baseline).toMatchObject({ countMean: 2, countVariance: 0, shareMean: 0.2, shareVariance: 0 });
    // count: d = 2 → μ = 2 + 0.5·2 = 3, σ² = 0.5·(0 + 0.5·4) = 1; share: d = 0.2 → μ = 0.3, σ² = 0.01.
    baseline = foldBucket(baseline, bucket(1, 10, 4), 0.5, HOUR);
    expect(baseline.countMean).toBeCloseTo(3, 12);
    expect(baseline.countVariance).toBeCloseTo(1, 12);
    expect(baseline.shareMean).toBeCloseTo(0.3, 12);
    expect(baseline.shareVariance).toBeCloseTo(0.01, 12);
    expect(baseline.foldedUntil).toEqual(at(2));
    expect([baseline.observations, baseline.shareObservations]).toEqual([2, 2]);

    expect(baseline.sizeMean).toBe(10);
    // 16 of 20 negative: share 0.8. Sampling variance p(1−p) = 0.21; excess = max(0, 0.01 − 0.21/10) = 0, so
    // σ_share = √(0.21/20) = 0.10247 → z = 0.5/0.10247 = 4.880; σ_count = √max(1, 3, 1) = 1.7321 →
    // z = 13/1.7321 = 7.506.
    const surge = evaluateBucket(baseline, bucket(2, 20, 16), PARAMETERS, HOUR);
    expect(surge.shareZ).toBeCloseTo(4.8795, 3);
    expect(surge.countZ).toBeCloseTo(7.5055, 3);
    expect(surge.baselineShare).toBeCloseTo(0.3, 12);
    expect(surge.alert).toBe(true);
    // A topic whose share swings more than sampling explains: σ²_share 0.05 → excess 0.05 − 0.021 = 0.029,
    // σ = √(0.0105 + 0.029) = 0.19875 → z = 0.5/0.19875 = 2.516: no alert.
    const swinging = evaluateBucket(
      { ...baseline, shareVariance: 0.05 },
      bucket(2, 20, 16),
      PARAMETERS,
      HOUR,
    );
    expect(swinging.shareZ).toBeCloseTo(2.5157, 3);
    expect(swinging.alert).toBe(false);
    // Same share in a bucket of 5 (< 8 articles): never an alert.
    expect(evaluateBucket(baseline, bucket(2, 5, 4), PARAMETERS, HOUR).alert).toBe(false);
    // An empty bucket only moves the count series: d = −3 → μ = 1.5, σ² = 0.5·(1 + 0.5·9) = 2.75.
    const afterGap = foldBucket(baseline, bucket(2, 0, 0), 0.5, HOUR);
    expect([afterGap.countMean, afterGap.countVariance]).toEqual([1.5, 2.75]);
    expect(afterGap.shareMean).toBeCloseTo(0.3, 12);
    expect(afterGap.shareObservations).toBe(2);
  });

  it('finds the planted surge, stays quiet through the cool-down and walks empty gaps', () => {
    const quiet = Array.from({ length: 24 }, (_, hour) => bucket(hour, 10, 2 + (hour % 2)));
    // Hour 24: 25 of 30 negative; hour 25: 80 of 80, still far above the baseline that absorbed hour 24;
    // hours 26–28 are empty; hour 29 is ordinary again.
    const buckets = [...quiet, bucket(24, 30, 25), bucket(25, 80, 80), bucket(29, 10, 2)];
    const run = (cooldownBuckets: number) =>
      scanTopic(emptyBaseline(at(0)), buckets, at(30), { ...PARAMETERS, alpha: 0.1, cooldownBuckets }, HOUR);
    expect(run(0).alerts.map((alert) => alert.bucket.bucketStart)).toEqual([at(24), at(25)]);
    const scan = run(3);
    expect(scan.alerts.map((alert) => alert.bucket.bucketStart)).toEqual([at(24)]);
    expect(scan.baseline.lastAlertBucket).toEqual(at(24));
    expect(scan.baseline.foldedUntil).toEqual(at(30));
    expect(scan.baseline.observations).toBe(30);
    expect(scan.baseline.shareObservations).toBe(27);
  });

  it('evaluates the current, incomplete bucket without folding it', () => {
    const quiet = Array.from({ length: 10 }, (_, hour) => bucket(hour, 10, 2));
    const scan = scanTopic(emptyBaseline(at(0)), [...quiet, bucket(10, 12, 11)], at(10), PARAMETERS, HOUR);
    expect(scan.alerts).toHaveLength(1);
    expect(scan.baseline.foldedUntil).toEqual(at(10));
    // Scanning again with the bucket grown does not alert twice for it.
    const again = scanTopic(scan.baseline, [bucket(10, 20, 19)], at(10), PARAMETERS, HOUR);
    expect(again.alerts).toHaveLength(0);
  });
});
