import type { Envelope } from '@ftgo/schema';
import type { Logger } from '../logging.js';
import type { PlatformMetrics } from '../metrics/platform-metrics.js';
import type { DeadLetters } from './dead-letters.js';
import { consumerName, type MessageHandler, type SubscriptionSpec } from './port.js';
import type { RetryPolicy } from './retry-policy.js';

export type Verdict = { done: true } | { done: false; retryInMs: number };

/**
 * What both adapters do with one delivery: park it behind an open dead letter of its aggregate
 * (ordered subscriptions), run the handler, and on failure either ask for a later attempt or,
 * after the last one, record a dead letter. The adapter acknowledges when the verdict is done.
 */
export class SubscriptionRuntime {
  readonly consumer: string;
  private blocked = new Set<string>();
  private refreshedAt = 0;

  constructor(
    readonly spec: SubscriptionSpec,
    private readonly handler: MessageHandler,
    private readonly deps: { deadLetters: DeadLetters; retry: RetryPolicy; metrics?: PlatformMetrics; logger: Logger },
  ) {
    this.consumer = consumerName(spec);
  }

  get maxAttempts(): number {
    return this.deps.retry.maxAttempts;
  }

  async deliver(envelope: Envelope, attempt: number): Promise<Verdict> {
    const { deadLetters, retry, metrics, logger } = this.deps;
    const labels = { consumer: this.consumer };
    if (this.spec.ordered && (await this.isBlocked(envelope.aggregateId))) {
      await deadLetters.record(this.consumer, envelope, 'PARKED', null, 0);
      metrics?.handled.inc({ ...labels, outcome: 'parked' });
      return { done: true };
    }
    if (attempt > 1) metrics?.redelivered.inc(labels);
    // A process that died during the last attempt leaves one more delivery: give up without running it again.
    let error: unknown = attempt > retry.maxAttempts ? new Error(`gave up after ${retry.maxAttempts} attempts`) : undefined;
    if (!error) {
      const started = performance.now();
      try {
        await this.handler({ envelope, attempt, maxAttempts: retry.maxAttempts });
        metrics?.handlerSeconds.observe(labels, (performance.now() - started) / 1000);
        metrics?.handled.inc({ ...labels, outcome: 'ok' });
        return { done: true };
      } catch (caught) {
        error = caught;
        metrics?.handled.inc({ ...labels, outcome: 'error' });
      }
    }
    const log = logger.child({ consumer: this.consumer, messageId: envelope.id, type: envelope.type, correlationId: envelope.headers.correlationId });
    if (attempt < retry.maxAttempts) {
      log.warn({ err: error, attempt }, 'handler failed; will redeliver');
      return { done: false, retryInMs: retry.backoffMs(attempt) };
    }
    log.error({ err: error, attempt }, 'handler failed on its last attempt; dead-lettered');
    await deadLetters.record(this.consumer, envelope, 'DEAD', error instanceof Error ? error.message : String(error), attempt);
    if (this.spec.ordered) this.blocked.add(envelope.aggregateId);
    metrics?.deadLettered.inc(labels);
    metrics?.handled.inc({ ...labels, outcome: 'dead_lettered' });
    return { done: true };
  }

  /**
   * Reload the blocked aggregates before the next delivery. Called when this process takes over
   * messages another one was handling (a lease changed hands): its dead letters must park ours.
   */
  forgetBlocked(): void {
    this.refreshedAt = 0;
  }

  /** The set is reloaded every few seconds so an operator's resolution (or another replica's letter) is seen. */
  private async isBlocked(aggregateId: string): Promise<boolean> {
    if (Date.now() - this.refreshedAt > 5000) {
      this.blocked = await this.deps.deadLetters.blockedAggregates(this.consumer);
      this.refreshedAt = Date.now();
    }
    return this.blocked.has(aggregateId);
  }
}

/**
 * Delivers in place until the verdict is done, sleeping between attempts. Ordered subscriptions
 * retry this way rather than by a broker-side delayed redelivery, which would let the next message
 * of the partition overtake the failing one. `keepAlive` runs while waiting (NATS: `working()`).
 */
export async function deliverInOrder(
  runtime: SubscriptionRuntime,
  envelope: Envelope,
  firstAttempt: number,
  keepAlive: () => void = () => {},
  stopped: () => boolean = () => false,
): Promise<boolean> {
  for (let attempt = firstAttempt; ; attempt++) {
    const verdict = await runtime.deliver(envelope, attempt);
    if (verdict.done) return true;
    let remaining = verdict.retryInMs;
    while (remaining > 0) {
      if (stopped()) return false;
      const step = Math.min(remaining, 5000);
      await new Promise((resolve) => setTimeout(resolve, step));
      remaining -= step;
      keepAlive();
    }
  }
}
