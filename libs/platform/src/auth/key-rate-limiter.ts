/**
 * Requests per key per minute, as a token bucket per key (burst = the per-minute allowance, refilled
 * continuously). Per process: behind a load balancer each replica allows this much, so the operator sets
 * it to the per-replica share. At most `maxKeys` buckets are kept (the oldest goes first): client
 * addresses, unlike key labels, are not a short list.
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
    private readonly maxKeys = 100_000,
  ) {}

  /** 0 when the request may go ahead, else the seconds until one token is back. */
  take(key: string): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: this.perMinute, updatedMs: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(
      this.perMinute,
      bucket.tokens + ((now - bucket.updatedMs) * this.perMinute) / 60_000,
    );
    bucket.updatedMs = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    const seconds = ((1 - bucket.tokens) * 60_000) / this.perMinute / 1000;
    return Math.max(1, Math.ceil(seconds - 1e-9));
  }
}

/**
 * Requests without a valid API key (none, or a wrong one), per client address: beyond the allowance
 * they are answered 429 instead of 401, before any key is hashed. Requests with a valid key never
 * count here, so a shopper behind the same address as a key-guessing client is not locked out.
 */
export class AuthFailureLimiter extends KeyRateLimiter {}
