/** DESIGN, Delivery: up to 10 deliveries, backing off 1 s, 2 s, 5 s, 10 s, 30 s, then 30 s. */
export interface RetryPolicy {
  maxAttempts: number;
  /** Delay before delivery `attempt + 1`. */
  backoffMs(attempt: number): number;
}

const DEFAULT_BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000];

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 10,
  backoffMs: (attempt) => DEFAULT_BACKOFF_MS[Math.min(attempt, DEFAULT_BACKOFF_MS.length) - 1],
};

/** For tests: the same shape with short delays. */
export const fastRetryPolicy = (maxAttempts = 3, delayMs = 50): RetryPolicy => ({ maxAttempts, backoffMs: () => delayMs });
