/**
 * Requests per API key per minute, as a token bucket per key (burst = the per-minute allowance, refilled
 * continuously). Per process: behind a load balancer each replica allows this much, so the operator sets
 * it to the per-replica share.
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** 0 when the request may go ahead, else the seconds until one token is back. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedMs: now };
    bucket.tokens = Math.min(
      this.perMinute,
      bucket.tokens + ((now - bucket.updatedMs) * this.perMinute) / 60_000,
    );
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    const seconds = ((1 - bucket.tokens) * 60_000) / this.perMinute / 1000;
    return Math.max(1, Math.ceil(seconds - 1e-9));
  }
}
