/**
 * Negative-surge detection per topic on fixed-size time buckets, with exponentially weighted moving
 * baselines (EWMA; Roberts 1959) of two series: the share of negative articles and the number of
 * negative articles per bucket. The EWMA variance is the incremental form of Finch (2009), "Incremental
 * calculation of weighted mean and variance", eq. 143: d = x − μ; μ ← μ + α·d; σ² ← (1 − α)(σ² + α·d²).
 *
 * A bucket raises an alert when all hold:
 * - the baseline has folded at least `warmupBuckets` non-empty buckets;
 * - it holds at least `minArticles` articles;
 * - z(share) = (share − p) / σ ≥ zThreshold, p = μ_share. The share's variance is split in two parts: the
 *   sampling noise of a bucket of n articles, p(1 − p)/n, and the between-bucket variation beyond it,
 *   max(0, σ²_share − p(1 − p)/n̄), n̄ the EWMA size of non-empty buckets; σ² = p(1 − p)/n + that excess
 *   (a beta-binomial view). A big bucket's share is thus judged by its own, smaller, sampling noise;
 * - z(count) = (negative − μ_count) / σ_count ≥ zThreshold, with σ_count² at least μ_count and 1 (Poisson);
 * - the topic's last alert is more than `cooldownBuckets` buckets earlier.
 * Requiring both z-scores ignores a quiet hour's two negative headlines (share up, count not) and a busy
 * hour's proportionate rise (count up, share not).
 */
export interface SurgeParameters {
  /** EWMA smoothing factor (weight of the newest bucket). */
  alpha: number;
  zThreshold: number;
  minArticles: number;
  warmupBuckets: number;
  cooldownBuckets: number;
}

export interface SurgeBaseline {
  /** Start of the first bucket not yet folded into the baseline. */
  foldedUntil: Date;
  /** Buckets folded (empty ones included). */
  observations: number;
  /** Non-empty buckets folded: the share and size series skip empty buckets. */
  shareObservations: number;
  /** EWMA number of articles in a non-empty bucket. */
  sizeMean: number;
  shareMean: number;
  shareVariance: number;
  countMean: number;
  countVariance: number;
  lastAlertBucket: Date | null;
}

export interface BucketCounts {
  bucketStart: Date;
  articles: number;
  negative: number;
}

export interface BucketEvaluation {
  share: number;
  /** The baseline's negative share the bucket was compared with. */
  baselineShare: number;
  shareZ: number;
  countZ: number;
  alert: boolean;
}

// Keeps the binomial floor away from 0 when the baseline share is (nearly) 0 or 1.
const SHARE_CLAMP = 0.02;

export function emptyBaseline(foldedUntil: Date): SurgeBaseline {
  return {
    foldedUntil,
    observations: 0,
    shareObservations: 0,
    sizeMean: 0,
    shareMean: 0,
    shareVariance: 0,
    countMean: 0,
    countVariance: 0,
    lastAlertBucket: null,
  };
}

export function evaluateBucket(
  baseline: SurgeBaseline,
  bucket: BucketCounts,
  parameters: SurgeParameters,
  bucketMs: number,
): BucketEvaluation {
  if (bucket.articles === 0) {
    return { share: 0, baselineShare: baseline.shareMean, shareZ: 0, countZ: 0, alert: false };
  }
  const share = bucket.negative / bucket.articles;
  const p = Math.min(1 - SHARE_CLAMP, Math.max(SHARE_CLAMP, baseline.shareMean));
  const sampling = p * (1 - p);
  const excess = Math.max(0, baseline.shareVariance - sampling / Math.max(1, baseline.sizeMean));
  const shareSd = Math.sqrt(sampling / bucket.articles + excess);
  const countSd = Math.sqrt(Math.max(baseline.countVariance, baseline.countMean, 1));
  const shareZ = (share - baseline.shareMean) / shareSd;
  const countZ = (bucket.negative - baseline.countMean) / countSd;
  const cooling =
    baseline.lastAlertBucket !== null &&
    bucket.bucketStart.getTime() - baseline.lastAlertBucket.getTime() <=
      parameters.cooldownBuckets * bucketMs;
  const alert =
    baseline.shareObservations >= parameters.warmupBuckets &&
    bucket.articles >= parameters.minArticles &&
    shareZ >= parameters.zThreshold &&
    countZ >= parameters.zThreshold &&
    !cooling;
  return { share, baselineShare: baseline.shareMean, shareZ, countZ, alert };
}

/** The baseline after one more completed bucket (an empty bucket updates the count series only). */
export function foldBucket(
  baseline: SurgeBaseline,
  bucket: BucketCounts,
  alpha: number,
  bucketMs: number,
): SurgeBaseline {
  const first = baseline.observations === 0;
  const count = ewma(baseline.countMean, baseline.countVariance, bucket.negative, alpha, first);
  const hasShare = bucket.articles > 0;
  const share = hasShare
    ? ewma(
        baseline.shareMean,
        baseline.shareVariance,
        bucket.negative / bucket.articles,
        alpha,
        baseline.shareObservations === 0,
      )
    : { mean: baseline.shareMean, variance: baseline.shareVariance };
  const size = hasShare
    ? ewma(baseline.sizeMean, 0, bucket.articles, alpha, baseline.shareObservations === 0).mean
    : baseline.sizeMean;
  return {
    ...baseline,
    foldedUntil: new Date(bucket.bucketStart.getTime() + bucketMs),
    observations: baseline.observations + 1,
    shareObservations: baseline.shareObservations + (hasShare ? 1 : 0),
    sizeMean: size,
    countMean: count.mean,
    countVariance: count.variance,
    shareMean: share.mean,
    shareVariance: share.variance,
  };
}

function ewma(mean: number, variance: number, value: number, alpha: number, first: boolean) {
  if (first) return { mean: value, variance: 0 };
  const difference = value - mean;
  return {
    mean: mean + alpha * difference,
    variance: (1 - alpha) * (variance + alpha * difference * difference),
  };
}

export interface TopicScan<T extends BucketCounts> {
  baseline: SurgeBaseline;
  /** Buckets that alerted (as given), with their evaluation. */
  alerts: { bucket: T; evaluation: BucketEvaluation }[];
}

/**
 * Walks a topic's buckets from `baseline.foldedUntil` to `currentBucket` (the bucket holding the newest
 * article of the whole stream): each bucket is evaluated against the baseline of the buckets before it,
 * then folded in if it is complete (before `currentBucket`). `buckets` holds the non-empty ones; the gaps
 * are empty buckets. At most `maxSteps` buckets are walked; an older gap is skipped.
 */
export function scanTopic<T extends BucketCounts>(
  baseline: SurgeBaseline,
  buckets: readonly T[],
  currentBucket: Date,
  parameters: SurgeParameters,
  bucketMs: number,
  maxSteps = 10_000,
): TopicScan<T> {
  const byStart = new Map(buckets.map((bucket) => [bucket.bucketStart.getTime(), bucket]));
  let state = baseline;
  const end = currentBucket.getTime();
  let start = state.foldedUntil.getTime();
  if ((end - start) / bucketMs > maxSteps) start = end - maxSteps * bucketMs;
  const alerts: TopicScan<T>['alerts'] = [];
  for (let time = start; time <= end; time += bucketMs) {
    const given = byStart.get(time);
    const bucket: BucketCounts = given ?? { bucketStart: new Date(time), articles: 0, negative: 0 };
    const evaluation = evaluateBucket(state, bucket, parameters, bucketMs);
    // Only a non-empty (so given) bucket can alert.
    if (evaluation.alert && given) {
      alerts.push({ bucket: given, evaluation });
      state = { ...state, lastAlertBucket: bucket.bucketStart };
    }
    if (time < end) state = foldBucket(state, bucket, parameters.alpha, bucketMs);
  }
  return { baseline: state, alerts };
}
