import { consumerName, type Logger, type MessageBus, type MessageHandler, type Subscription } from '@ftgo/infra';
import type { Naming } from '@ftgo/schema';
import type { Clock, ProjectionReplays } from '../application/index.js';
import { orderEventsSubscription } from './order-events.handler.js';
import type { PgProjectionRebuilds } from './pg-projection-rebuilds.js';

export interface BusProjectionReplaysOptions {
  bus: MessageBus;
  naming: Naming;
  rebuilds: PgProjectionRebuilds;
  /** The Order events handler under the replay's inbox key. */
  handlerFor: (consumer: string) => MessageHandler;
  clock: Clock;
  logger: Logger;
  /** How often a running replay checks whether it has caught up. */
  checkMs?: number;
  /** How long after its replay closed a finished rebuild is forgotten (default: 4 checks, at least 1 s). */
  forgetAfterMs?: number;
}

interface Running {
  subscription: Subscription;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Replays through the messaging port: a subscription under a name never used before starts at the
 * first message on both adapters (a new JetStream durable delivers from sequence 1 of FTGO_EVENTS,
 * where events are kept forever; a new local cursor starts at position 0 of the order outbox, where
 * event rows are kept forever). The replay runs beside the live subscription, the version rule
 * making their overlap harmless, and is closed and forgotten (its durables or cursor dropped) once the
 * rebuild has caught up.
 */
export class BusProjectionReplays implements ProjectionReplays {
  private readonly running = new Map<string, Running>();
  private readonly forgetting = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly o: BusProjectionReplaysOptions) {}

  private get forgetAfterMs(): number {
    return this.o.forgetAfterMs ?? Math.max(1_000, 4 * (this.o.checkMs ?? 250));
  }

  async replay(name: string): Promise<void> {
    if (this.closed || this.running.has(name)) return;
    const spec = orderEventsSubscription(this.o.naming, name);
    const subscription = await this.o.bus.subscribe(spec, this.o.handlerFor(consumerName(spec)));
    const run: Running = { subscription, timer: undefined };
    this.running.set(name, run);
    this.o.logger.info({ subscription: name }, 'order history rebuild: replaying the Order stream');
    const check = async () => {
      try {
        if (await this.o.rebuilds.finishIfCaughtUp(name, this.o.clock.now())) return await this.finish(name);
      } catch (error) {
        this.o.logger.warn({ err: error, subscription: name }, 'order history rebuild: progress check failed');
      }
      if (this.running.get(name) === run) run.timer = setTimeout(check, this.o.checkMs ?? 250);
    };
    run.timer = setTimeout(check, this.o.checkMs ?? 250);
  }

  private async finish(name: string): Promise<void> {
    const run = this.running.get(name);
    if (!run) return;
    this.running.delete(name);
    clearTimeout(run.timer);
    await run.subscription.close();
    this.o.logger.info({ subscription: name }, 'order history rebuild: finished');
    // Every replica's replay sees the rebuild finished within a check and closes; forgetting waits until
    // they all have, or a replica still reading would recreate what was dropped (a cursor at position 0).
    const timer = setTimeout(() => {
      this.forgetting.delete(timer);
      void this.forget(name);
    }, this.forgetAfterMs);
    this.forgetting.add(timer);
  }

  /**
   * Drops what finished rebuilds left behind, in case a process stopped before it forgot them (at start-up;
   * forgetting twice is harmless): those finished since `since` (older ones were swept by earlier starts)
   * and long enough ago that no replica still reads them.
   */
  async forgetFinished(since: Date): Promise<void> {
    const until = new Date(this.o.clock.now().getTime() - this.forgetAfterMs);
    for (const name of await this.o.rebuilds.finishedBetween(since, until)) await this.forget(name);
  }

  /** The replay's durables or cursor and its inbox claims; a failure is left for the next start-up. */
  private async forget(name: string): Promise<void> {
    const spec = orderEventsSubscription(this.o.naming, name);
    try {
      await this.o.bus.forget(spec);
      await this.o.rebuilds.forgetInbox(consumerName(spec));
    } catch (error) {
      this.o.logger.warn({ err: error, subscription: name }, 'order history rebuild: could not forget the replay; the next start retries');
    }
  }

  /** Stops the replays of this process; an unfinished rebuild resumes when the service starts again. */
  async close(): Promise<void> {
    this.closed = true;
    const runs = [...this.running.values()];
    this.running.clear();
    for (const run of runs) clearTimeout(run.timer);
    for (const timer of this.forgetting) clearTimeout(timer);
    this.forgetting.clear();
    await Promise.all(runs.map((run) => run.subscription.close()));
  }
}
