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
  private closed = false;

  constructor(private readonly o: BusProjectionReplaysOptions) {}

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
    // Every replica's replay sees the rebuild finished within a check and closes; whichever forgets
    // first drops the durables or cursors (forgetting twice is harmless).
    const spec = orderEventsSubscription(this.o.naming, name);
    await this.o.bus.forget(spec);
    await this.o.rebuilds.forgetInbox(consumerName(spec));
    this.o.logger.info({ subscription: name }, 'order history rebuild: finished');
  }

  /** Stops the replays of this process; an unfinished rebuild resumes when the service starts again. */
  async close(): Promise<void> {
    this.closed = true;
    const runs = [...this.running.values()];
    this.running.clear();
    for (const run of runs) clearTimeout(run.timer);
    await Promise.all(runs.map((run) => run.subscription.close()));
  }
}
